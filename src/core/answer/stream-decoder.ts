// What a protocol decoder makes of a streamed body, independent of the wire format.

import type { LlmError } from '../http/errors';

export type StreamEvent =
  | { type: 'delta'; text: string }
  | { type: 'model'; name: string }
  /** The server says the answer is over; `length` = it stopped at its token limit. */
  | { type: 'done'; reason: 'stop' | 'length' }
  /** The server reported an error inside a 200 response. */
  | { type: 'error'; error: LlmError };

/**
 * Incremental decoder of one response body. Input that cannot be understood ends
 * the stream with an LlmError of kind `protocol`: as a final `error` event when
 * events decoded just before it must still count, or thrown when there are none.
 */
export interface StreamDecoder {
  /** Decoded text as it arrives (any split, even mid-line). */
  feed(text: string): StreamEvent[];
  /** The body ended. */
  end(): StreamEvent[];
}

/** Longest line or event a decoder buffers before calling the stream malformed. */
export const MAX_EVENT_CHARS = 1_000_000;

export function snippet(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
