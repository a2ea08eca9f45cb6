// One JSON exchange with an endpoint (model listings, embeddings, rerank): the request under a
// watchdog, the body read whole, a non-2xx status or a non-JSON body turned into a one-line
// LlmError with every secret removed. The LLM clients and the embedding providers share it.

import type { HttpClient } from '../ports';
import { readText } from './body';
import { errorDetail, fromHttpStatus, fromTransportError, type ErrorContext } from './classify';
import { displayUrl, isLlmError, LlmError, redactError } from './errors';
import { parseRetryAfter } from './retry';
import { createWatchdog } from './watchdog';

export interface JsonExchange {
  http: HttpClient;
  url: string;
  /** Sent as JSON with POST; GET without. */
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  context: ErrorContext;
  /** Removed from every error message. */
  secrets: ReadonlyArray<string | undefined>;
  /** Largest body read, bytes. Default 4 MiB; embeddings of big batches need more. */
  maxBytes?: number;
}

/** Resolves to the parsed body of a 2xx answer; rejects with a redacted LlmError otherwise. */
export async function exchangeJson(req: JsonExchange): Promise<unknown> {
  const watchdog = createWatchdog(req.timeoutMs, req.signal);
  let phase: 'connect' | 'stream' = 'connect';
  const post = req.body !== undefined;
  try {
    const res = await watchdog.race(
      req.http.request({
        url: req.url,
        method: post ? 'POST' : 'GET',
        headers: { Accept: 'application/json', ...(post ? { 'Content-Type': 'application/json' } : {}), ...req.headers },
        ...(post ? { body: JSON.stringify(req.body) } : {}),
        signal: watchdog.signal,
      }),
    );
    phase = 'stream';
    const text = await readText(res.body, watchdog, req.maxBytes ?? 4 * 1024 * 1024);
    if (res.status < 200 || res.status >= 300) {
      throw fromHttpStatus(res.status, errorDetail(text), req.context, parseRetryAfter(res.headers));
    }
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
