import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paddedTokenCount, planBatches } from '../../../src/core/embedding';

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
const text = (n: number) => Array.from({ length: n }, () => 'mot').join(' ');

describe('planBatches', () => {
  it('covers every index exactly once, in batches of at most batchSize', () => {
    const texts = ['a b c', 'a', 'a b c d e', 'a b', '', 'a b c d'];
    const batches = planBatches(texts, words, { batchSize: 4 });
    expect(batches.map((b) => b.length)).toEqual([4, 2]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('sorts longest first and keeps input order among equal lengths', () => {
    const texts = ['a b', 'a b c', 'x y', 'a', 'p q r'];
    expect(planBatches(texts, words, { batchSize: 2 })).toEqual([[1, 4], [0, 2], [3]]);
  });

  it('keeps input order when sorting is off', () => {
    const texts = ['a b', 'a b c', 'x y', 'a', 'p q r'];
    expect(planBatches(texts, words, { batchSize: 2, sortByLength: false })).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('returns no batch for no text', () => {
    expect(planBatches([], words, { batchSize: 8 })).toEqual([]);
  });

  it('rejects a batch size that is not a positive integer, and a token bound below 1', () => {
    expect(() => planBatches(['a'], words, { batchSize: 0 })).toThrow(/positive integer/);
    expect(() => planBatches(['a'], words, { batchSize: 1.5 })).toThrow(/positive integer/);
    expect(() => planBatches(['a'], words, { batchSize: 4, maxBatchTokens: 0 })).toThrow(/at least 1/);
    expect(() => planBatches(['a'], words, { batchSize: 4, maxBatchTokens: NaN })).toThrow(/at least 1/);
  });

  it('puts long texts in small batches and short ones in full batches under a token bound', () => {
    // Lengths 500, 300, 250, 120 ×3, 30 ×20 with at most 512 padded tokens and 16 texts a batch.
    const lengths = [500, 300, 250, ...Array(3).fill(120), ...Array(20).fill(30)];
    const batches = planBatches(lengths.map(text), words, { batchSize: 16, maxBatchTokens: 512 });
    expect(batches.map((b) => b.map((i) => lengths[i]))).toEqual([
      [500],
      [300],
      [250, 120],
      [120, 120, 30, 30], // 4 × 120 ≤ 512
      Array(16).fill(30),
      [30, 30],
    ]);
  });

  it('sends a text longer than the bound alone', () => {
    const batches = planBatches([text(9), text(2), text(2)], words, { batchSize: 4, maxBatchTokens: 4 });
    expect(batches).toEqual([[0], [1, 2]]);
  });

  it('bounds batches by their padded length in input order too', () => {
    // 2 texts padded to 5 is 10 tokens: over 8, so the 5-word text starts a new batch.
    const batches = planBatches([text(1), text(5), text(1), text(1)], words, { batchSize: 4, maxBatchTokens: 8, sortByLength: false });
    expect(batches).toEqual([[0], [1], [2, 3]]);
  });

  it('always plans a cover of the input within both bounds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 2048 }),
        fc.boolean(),
        (lengths, batchSize, maxBatchTokens, sortByLength) => {
          const texts = lengths.map(text);
          const batches = planBatches(texts, words, { batchSize, maxBatchTokens, sortByLength });
          expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
          for (const batch of batches) {
            expect(batch.length).toBeGreaterThan(0);
            expect(batch.length).toBeLessThanOrEqual(batchSize);
            if (batch.length > 1) expect(paddedTokenCount([batch], lengths)).toBeLessThanOrEqual(maxBatchTokens);
          }
          if (sortByLength) {
            const inOrder = batches.flat().map((i) => lengths[i]);
            expect(inOrder).toEqual([...inOrder].sort((a, b) => b - a));
          }
        },
      ),
    );
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
    const texts = lengths.map(text);
    const unsorted = paddedTokenCount(planBatches(texts, words, { batchSize: 16, sortByLength: false }), lengths);
    const sorted = paddedTokenCount(planBatches(texts, words, { batchSize: 16 }), lengths);
    const bounded = planBatches(texts, words, { batchSize: 16, maxBatchTokens: 512 });
    const real = lengths.reduce((a, b) => a + b, 0);
    expect(sorted).toBeGreaterThanOrEqual(real);
    // Sorting should waste far less: within 15 % of the real tokens, against several times more unsorted.
    expect(sorted).toBeLessThan(real * 1.15);
    expect(unsorted).toBeGreaterThan(real * 2);
    // The bound splits the long batches without padding more; texts of up to 512 / 16 = 32
    // tokens still go 16 at a time.
    expect(paddedTokenCount(bounded, lengths)).toBeLessThanOrEqual(sorted);
    const longest = (b: number[]) => Math.max(...b.map((i) => lengths[i]));
    const short = bounded.filter((b) => longest(b) <= 32);
    expect(short.length).toBeGreaterThan(3);
    expect(short.slice(0, -1).every((b) => b.length === 16)).toBe(true);
  });
});
