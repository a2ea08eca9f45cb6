import { describe, expect, it } from 'vitest';
import { formatDateInWords, hasTimeOfDay } from '../../../src/core/util/format-date';

describe('formatDateInWords', () => {
  it('shows a date without a time without one, in the language given', () => {
    const day = new Date(2025, 4, 6).getTime();
    expect(formatDateInWords(day, 'fr')).toBe('mardi 6 mai 2025');
    expect(formatDateInWords(day, 'en')).toBe('Tuesday, 6 May 2025');
    expect(formatDateInWords(day, 'fr')).not.toMatch(/00:00|12:00/);
    expect(hasTimeOfDay(day)).toBe(false);
  });

  it('shows the time of a timed entry, on a 24-hour clock', () => {
    const at = new Date(2024, 11, 26, 15, 3).getTime();
    expect(formatDateInWords(at, 'fr')).toBe('jeudi 26 décembre 2024 à 15:03');
    expect(formatDateInWords(at, 'en')).toBe('Thursday, 26 December 2024 at 15:03');
    expect(formatDateInWords(at, 'fr', { time: false, weekday: false })).toBe('26 décembre 2024');
  });

  it('reads an invalid date as nothing rather than "Invalid Date"', () => {
    expect(formatDateInWords(Number.NaN, 'fr')).toBe('');
  });
});
