// A small GET-and-parse-JSON exchange (model listings), with the same errors,
// timeout and redaction as the chat streams.

import type { HttpClient } from '../ports';
import { readText } from './body';
import { errorDetail, fromHttpStatus, fromTransportError, type ErrorContext } from './classify';
import { displayUrl, isLlmError, LlmError, redactError } from './errors';
import { createWatchdog } from './watchdog';

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
export async function getJson(req: JsonRequest): Promise<unknown> {
  const watchdog = createWatchdog(req.timeoutMs, req.signal);
  let phase: 'connect' | 'stream' = 'connect';
  try {
    const res = await watchdog.race(
      req.http.request({ url: req.url, method: 'GET', headers: { Accept: 'application/json', ...req.headers }, signal: watchdog.signal }),
    );
    phase = 'stream';
    const text = await readText(res.body, watchdog, 4 * 1024 * 1024);
    if (res.status < 200 || res.status >= 300) throw fromHttpStatus(res.status, errorDetail(text), req.context);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new LlmError('protocol', `${displayUrl(req.url)} did not answer with JSON: check the base URL.`);
    }
  } catch (err) {
    const reason: unknown = watchdog.signal.aborted ? watchdog.signal.reason : undefined;
    const llmError = isLlmError(reason) ? reason : fromTransportError(err, req.context, phase);
    throw redactError(llmError, req.secrets);
  } finally {
    watchdog.dispose();
  }
}
