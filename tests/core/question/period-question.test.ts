import { describe, expect, it } from 'vitest';
import { periodQuestion, type PeriodChoice } from '../../../src/core/question/period-question';
import { classifyIntent } from '../../../src/core/question/intent';
import { parseTimeRange } from '../../../src/core/journal';

const NOW = new Date(2026, 11, 9, 15, 0); // a Wednesday
const day = (y: number, m: number, d: number) => new Date(y, m - 1, d).getTime();

const EXPECTED: [PeriodChoice, number, number][] = [
  ['this-week', day(2026, 12, 7), day(2026, 12, 14)],
  ['last-week', day(2026, 11, 30), day(2026, 12, 7)],
  ['this-month', day(2026, 12, 1), day(2027, 1, 1)],
  ['last-month', day(2026, 11, 1), day(2026, 12, 1)],
];

describe('periodQuestion', () => {
  for (const lang of ['fr', 'en'] as const) {
    it.each(EXPECTED)(`${lang}: %s reads as a period question over its period`, (choice, start, end) => {
      const q = periodQuestion(choice, lang);
      const range = parseTimeRange(q, NOW);
      expect(range, q).not.toBeNull();
      expect([range!.start, range!.end], q).toEqual([start, end]);
      expect(classifyIntent(q, true).intent).toBe('period');
    });

    it(`${lang}: a date range, both days included, in either order`, () => {
      const q = periodQuestion('range', lang, new Date(2025, 2, 15), new Date(2025, 2, 1));
      const range = parseTimeRange(q, NOW);
      expect([range!.start, range!.end], q).toEqual([day(2025, 3, 1), day(2025, 3, 16)]);
      expect(classifyIntent(q, true).intent).toBe('period');
    });
  }

  it('refuses a range without two dates', () => {
    expect(() => periodQuestion('range', 'fr', new Date('x'), new Date())).toThrow(RangeError);
  });
});
