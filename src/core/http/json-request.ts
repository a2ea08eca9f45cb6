// A small GET-and-parse-JSON exchange (model listings), with the same errors,
// timeout and redaction as the chat streams.

import type { HttpClient } from '../ports';
import type { ErrorContext } from './classify';
import { exchangeJson } from './json-exchange';

export interface JsonRequest {
  http: HttpClient;
  url: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  context: ErrorContext;
  /** Removed from every error message. */
  secrets: ReadonlyArray<string | undefined>;
}

/** Resolves to the parsed body of a 2xx answer; rejects with a redacted LlmError otherwise. */
export function getJson(req: JsonRequest): Promise<unknown> {
  return exchangeJson(req);
}
