// The one way dates read, in the panel, the CLI, the prompt and the notes written: in words, in
// the reader's language. Journal dates are local wall-clock times, and a date without a time (an
// ISO daily note, "26 décembre 2024") is midnight: it shows as a day, never as "00:00".

export interface DateWordsOptions {
  /** Name the weekday ("mardi 6 mai 2025"); default true. */
  weekday?: boolean;
  /** Add the time when there is one (not midnight); default true. */
  time?: boolean;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Tags as the UI languages name them ('fr', 'en') read as the usual regional form. */
const REGION: Record<string, string> = { fr: 'fr-FR', en: 'en-GB' };

/** True when `date` carries a time of day (anything but local midnight). */
export function hasTimeOfDay(date: Date | number): boolean {
  const d = new Date(date);
  return d.getHours() !== 0 || d.getMinutes() !== 0;
}

/**
 * "mardi 6 mai 2025", "jeudi 26 décembre 2024 à 15:03", "Tuesday 6 May 2025"; `locale` is a
 * BCP 47 tag ('fr', 'en', 'fr-CA'…).
 */
export function formatDateInWords(date: Date | number, locale: string, options: DateWordsOptions = {}): string {
  const d = new Date(date);
  if (Number.isNaN(d.getTime())) return '';
  const timed = options.time !== false && hasTimeOfDay(d);
  const weekday = options.weekday !== false;
  const tag = REGION[locale.toLowerCase()] ?? locale;
  const key = `${tag}|${weekday ? 'w' : ''}|${timed ? 't' : ''}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(tag, {
      ...(weekday ? { weekday: 'long' } : {}),
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(timed ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    formats.set(key, format);
  }
  return format.format(d);
}
