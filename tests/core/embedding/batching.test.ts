import { describe, expect, it } from 'vitest';
import { paddedTokenCount, planBatches } from '../../../src/core/embedding';

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

describe('planBatches', () => {
  it('covers every index exactly once, in batches of at most batchSize', () => {
    const texts = ['a b c', 'a', 'a b c d e', 'a b', '', 'a b c d'];
    const batches = planBatches(texts, words, 4);
    expect(batches.map((b) => b.length)).toEqual([4, 2]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('sorts longest first and keeps input order among equal lengths', () => {
    const texts = ['a b', 'a b c', 'x y', 'a', 'p q r'];
    expect(planBatches(texts, words, 2)).toEqual([[1, 4], [0, 2], [3]]);
  });

  it('keeps input order when sorting is off', () => {
    const texts = ['a b', 'a b c', 'x y', 'a', 'p q r'];
    expect(planBatches(texts, words, 2, false)).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('returns no batch for no text', () => {
    expect(planBatches([], words, 8)).toEqual([]);
  });

  it('rejects a batch size that is not a positive integer', () => {
    expect(() => planBatches(['a'], words, 0)).toThrow(/positive integer/);
    expect(() => planBatches(['a'], words, 1.5)).toThrow(/positive integer/);
  });

  it('cuts padded tokens on a realistic mix of journal paragraphs and long note sections', () => {
    // Deterministic mix: mostly short journal paragraphs, some medium, a few chunks at the budget.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const lengths = Array.from({ length: 300 }, () => {
      const r = random();
      if (r < 0.6) return 8 + Math.floor(random() * 40);
      if (r < 0.9) return 60 + Math.floor(random() * 150);
      return 300 + Math.floor(random() * 212);
    });
    const texts = lengths.map((n) => Array.from({ length: n }, () => 'mot').join(' '));
    const unsorted = paddedTokenCount(planBatches(texts, words, 16, false), lengths);
    const sorted = paddedTokenCount(planBatches(texts, words, 16, true), lengths);
    const real = lengths.reduce((a, b) => a + b, 0);
    expect(sorted).toBeGreaterThanOrEqual(real);
    // Sorting should waste far less: within 15 % of the real tokens, against several times more unsorted.
    expect(sorted).toBeLessThan(real * 1.15);
    expect(unsorted).toBeGreaterThan(real * 2);
  });
});
