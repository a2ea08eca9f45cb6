// Groups texts into batches for the encoder. Every text of a batch is padded to the batch's
// longest, so batching texts of similar length together cuts the wasted (padded) tokens; the
// embedder puts the vectors back in input order.
//
// A batch is also bounded in padded tokens, because the encoder's working memory grows with them
// (and attention's with the square of the length): a batch of 16 texts of 512 tokens took 400 MB
// more than one such text. Nor did big batches pay in speed: on the reference length mix, batches
// of at most 512 tokens took 2.5× less CPU than 16 texts at a time (a single long text already
// keeps the cores busy, and a smaller working set stays in cache). With the bound, short texts
// still go 16 at a time and long ones go alone.

export interface BatchPlanOptions {
  /** Most texts in a batch. */
  batchSize: number;
  /** Most tokens in a batch, padding included (texts × longest). A longer text goes alone. Default: no bound. */
  maxBatchTokens?: number;
  /** Longest first (ties in input order); otherwise input order. Default true. */
  sortByLength?: boolean;
}

/**
 * Indexes of `texts` grouped into batches. Sorted, the longest come first, so a batch too big for
 * memory fails at the start, not after minutes of work.
 */
export function planBatches(texts: readonly string[], lengthOf: (t: string) => number, options: BatchPlanOptions): number[][] {
  const { batchSize, maxBatchTokens = Infinity, sortByLength = true } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  }
  if (!(maxBatchTokens >= 1)) {
    throw new RangeError(`batch token bound must be at least 1, got ${maxBatchTokens}`);
  }
  const lengths = texts.map(lengthOf);
  const order = texts.map((_, i) => i);
  if (sortByLength) order.sort((a, b) => lengths[b] - lengths[a] || a - b);

  const batches: number[][] = [];
  let batch: number[] = [];
  let longest = 0;
  for (const i of order) {
    const wouldBe = Math.max(longest, lengths[i]);
    if (batch.length > 0 && (batch.length === batchSize || (batch.length + 1) * wouldBe > maxBatchTokens)) {
      batches.push(batch);
      batch = [];
      longest = 0;
    }
    batch.push(i);
    longest = Math.max(longest, lengths[i]);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Tokens the encoder processes for a plan, padding included: Σ batch size × longest in batch. */
export function paddedTokenCount(batches: number[][], lengths: number[]): number {
  let total = 0;
  for (const batch of batches) {
    let longest = 0;
    for (const i of batch) longest = Math.max(longest, lengths[i]);
    total += longest * batch.length;
  }
  return total;
}
