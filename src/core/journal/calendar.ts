// Local-calendar arithmetic. Journals and questions speak in wall-clock dates, so
// everything here builds dates from components (new Date(y, m, d)) rather than
// adding milliseconds, which would drift by an hour across DST changes.

/** Local timestamp of a written date, or null when the components do not form a real date (31 February, 25:00). */
export function localTimestamp(year: number, month1: number, day: number, hour = 0, minute = 0, second = 0): number | null {
  if (![year, month1, day, hour, minute, second].every(Number.isInteger)) return null;
  if (month1 < 1 || month1 > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const d = new Date(year, month1 - 1, day, hour, minute, second);
  // Years 0–99 are mapped to 1900–1999 by the Date constructor; set it explicitly.
  if (year < 100) d.setFullYear(year);
  if (d.getFullYear() !== year || d.getMonth() !== month1 - 1 || d.getDate() !== day) return null;
  return d.getTime();
}

export function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days);
}

/** Monday of the week containing `d` (ISO weeks start on Monday, as in France). */
export function startOfWeek(d: Date): Date {
  return addDays(startOfDay(d), -((d.getDay() + 6) % 7));
}

export function startOfMonth(year: number, month0: number): Date {
  return new Date(year, month0, 1);
}
