import { describe, expect, it } from 'vitest';
import { selectEnds, selectEvolution, selectPeriod, wordingChange, type TimelineCandidate } from '../../../src/core/journal/timeline-select';

const DAY = 86_400_000;
const t0 = new Date(2025, 0, 1).getTime();
const entry = (day: number, cost = 10, score = 0, terms?: string[]): TimelineCandidate => ({
  key: `d${String(day).padStart(3, '0')}`,
  date: t0 + day * DAY,
  cost,
  score,
  ...(terms ? { terms: new Set(terms) } : {}),
});

describe('selectPeriod', () => {
  it('keeps every entry, in date order, when they fit', () => {
    const all = [entry(5), entry(1), entry(3)];
    const { chosen, total } = selectPeriod(all, 30);
    expect(chosen.map((e) => e.key)).toEqual(['d001', 'd003', 'd005']);
    expect(total).toBe(3);
  });

  it('spreads a selection over the period when they do not fit', () => {
    // 60 daily entries, room for 6: one in each 10-day stretch, not the first six days.
    const all = Array.from({ length: 60 }, (_, i) => entry(i));
    const { chosen, total } = selectPeriod(all, 60);
    expect(total).toBe(60);
    expect(chosen).toHaveLength(6);
    const days = chosen.map((e) => (e.date - t0) / DAY);
    expect(Math.max(...days) - Math.min(...days)).toBeGreaterThanOrEqual(40);
    expect(days).toEqual([...days].sort((a, b) => a - b));
  });

  it('gives the room to entries that match the topic first', () => {
    const all = Array.from({ length: 30 }, (_, i) => entry(i, 10, i === 7 || i === 22 ? 1 : 0));
    const { chosen } = selectPeriod(all, 40);
    expect(chosen.map((e) => e.key)).toEqual(expect.arrayContaining(['d007', 'd022']));
    expect(chosen).toHaveLength(4);
  });

  it('never exceeds the budget', () => {
    const all = Array.from({ length: 100 }, (_, i) => entry(i, 7 + (i % 13)));
    const { chosen } = selectPeriod(all, 200);
    expect(chosen.reduce((s, e) => s + e.cost, 0)).toBeLessThanOrEqual(200);
  });
});

describe('selectEvolution', () => {
  it('keeps the first and the last entry and the largest changes of wording', () => {
    const all = [
      entry(0, 10, 1, ['emballé', 'modèle']),
      entry(10, 10, 1, ['emballé', 'modèle']),
      entry(20, 10, 1, ['doute', 'faits']),
      entry(30, 10, 1, ['doute', 'faits']),
      entry(40, 10, 1, ['nuance', 'format']),
    ];
    const { chosen } = selectEvolution(all, 30);
    expect(chosen.map((e) => e.key)).toEqual(['d000', 'd020', 'd040']);
  });

  it('keeps everything that fits', () => {
    expect(selectEvolution([entry(2), entry(1)], 100).chosen.map((e) => e.key)).toEqual(['d001', 'd002']);
  });
});

describe('selectEnds', () => {
  it('takes the earliest or the latest entries, in date order', () => {
    const all = [entry(9), entry(1), entry(5), entry(3)];
    expect(selectEnds(all, 'first', 2, 100).chosen.map((e) => e.key)).toEqual(['d001', 'd003']);
    expect(selectEnds(all, 'last', 2, 100).chosen.map((e) => e.key)).toEqual(['d005', 'd009']);
  });
});

describe('wordingChange', () => {
  it('is 0 for the same words and 1 for none in common', () => {
    expect(wordingChange(new Set(['a', 'b']), new Set(['a', 'b']))).toBe(0);
    expect(wordingChange(new Set(['a']), new Set(['b']))).toBe(1);
    expect(wordingChange(undefined, new Set(['b']))).toBe(0);
  });
});
