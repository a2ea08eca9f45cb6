import { describe, expect, it } from 'vitest';
import { parseDailyNoteFormat } from '../../../src/core/journal/daily-note-format';

const at = (y: number, m1: number, d: number, h = 0, min = 0) => new Date(y, m1 - 1, d, h, min).getTime();

describe('parseDailyNoteFormat', () => {
  it.each<[string, string, number | null]>([
    ['YYYY-MM-DD', '2024-12-26', at(2024, 12, 26)],
    ['YYYY-MM-DD', 'Journal/2024-12-26.md', at(2024, 12, 26)],
    ['YYYY-MM-DD', '2024-12-26 notes', null],
    ['YYYY-MM-DD', '2024-02-30', null],
    ['YYYY-MM-DD', '2024-1-5', null],
    ['YYYY-M-D', '2024-1-5', at(2024, 1, 5)],
    ['DD-MM-YY', '26-12-24', at(2024, 12, 26)],
    ['dddd D MMMM YYYY', 'jeudi 26 décembre 2024', at(2024, 12, 26)],
    ['dddd D MMMM YYYY', 'Thursday 26 December 2024', at(2024, 12, 26)],
    ['dddd D MMMM YYYY', 'jeudi 26 decembre 2024', at(2024, 12, 26)],
    ['ddd D MMM YYYY', 'jeu. 26 déc. 2024', at(2024, 12, 26)],
    ['D MMM YYYY', '26 Dec 2024', at(2024, 12, 26)],
    ['D MMMM YYYY', '26 brumaire 2024', null],
    ['Do MMMM YYYY', '1er janvier 2025', at(2025, 1, 1)],
    ['Do MMMM YYYY', '26th December 2024', at(2024, 12, 26)],
    ['[Journal du] dddd D MMMM YYYY [à] HH[h]mm', 'Journal du jeudi 26 décembre 2024 à 15h03', at(2024, 12, 26, 15, 3)],
    ['[Journal du] dddd D MMMM YYYY [à] HH[h]mm', 'Journal du jeudi 26 décembre 2024 à 25h03', null],
    ['YYYY-MM-DD hh:mm A', '2024-12-26 03:03 PM', at(2024, 12, 26, 15, 3)],
    ['YYYY-MM-DD hh:mm a', '2024-12-26 12:10 am', at(2024, 12, 26, 0, 10)],
    ['YYYY/MM/YYYY-MM-DD', 'Journal/2024/12/2024-12-26.md', at(2024, 12, 26)],
    ['YYYY/MM/YYYY-MM-DD', '2024/12/2024-12-26', at(2024, 12, 26)],
    ['YYYY/MM/YYYY-MM-DD', 'Journal/2024-12-26.md', null],
    ['YYYY.MM.DD', '2024.12.26', at(2024, 12, 26)],
    ['YYYY.MM.DD', '2024x12x26', null],
  ])('%s reads %s', (format, input, expected) => {
    expect(parseDailyNoteFormat(format).match(input)).toBe(expected);
  });

  it('reads month names in the locales it is given', () => {
    expect(parseDailyNoteFormat('D MMMM YYYY', ['en']).match('26 décembre 2024')).toBeNull();
    expect(parseDailyNoteFormat('D MMMM YYYY', ['fr']).match('26 décembre 2024')).toBe(at(2024, 12, 26));
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['gggg-[W]ww', /"gggg".*not supported/],
    ['YYYY-[Q]Q', /"Q".*not supported/],
    ['MMMM YYYY', /year, a month and a day/],
    ['[Journal YYYY-MM-DD', /unclosed/],
  ])('rejects %j with a one-line message', (format, message) => {
    expect(() => parseDailyNoteFormat(format)).toThrow(message);
    try {
      parseDailyNoteFormat(format);
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });
});
