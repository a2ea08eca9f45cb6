// Token counts for sizing chunks before (or without) the embedding model's tokenizer.

export type TokenCounter = (text: string) => number;

/**
 * Characters per token assumed by the estimate. multilingual-e5 uses XLM-R's 250k-piece
 * SentencePiece vocabulary, which averages about 4 to 4.5 characters per token on French prose
 * (roughly 1.3 to 1.5 tokens per word) and nearer 3 on code, numbers and names. 3.6 errs on
 * the side of counting too many, so chunks sized with the estimate still fit the model's
 * 512-token window once the real tokenizer counts them.
 */
export const CHARS_PER_TOKEN = 3.6;

/**
 * Fast, dependency-free estimate; O(1) in the text length, so the chunker can call it on every
 * candidate piece of a 5 MB note. Rounds up, which keeps sums of parts ≥ the whole.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}
