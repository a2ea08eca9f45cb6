// Groups texts into batches for the encoder. Every text of a batch is padded to the batch's
// longest, so batching texts of similar length together cuts the wasted (padded) tokens; the
// embedder puts the vectors back in input order.

/**
 * Indexes of `texts` grouped into batches of at most `batchSize`. With `sortByLength`, longest
 * first (so a batch too big for memory fails at the start, not after minutes of work), ties in
 * input order; without it, input order.
 */
export function planBatches(
  texts: string[],
  lengthOf: (t: string) => number,
  batchSize: number,
  sortByLength = true,
): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  }
  const order = texts.map((_, i) => i);
  if (sortByLength) {
    const lengths = texts.map(lengthOf);
    order.sort((a, b) => lengths[b] - lengths[a] || a - b);
  }
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    batches.push(order.slice(start, start + batchSize));
  }
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
