// The HttpClient port in Obsidian. fetch streams the answer token by token, but the app's
// origin (app://obsidian.md) is refused by servers without CORS headers, which a browser
// reports as a bare TypeError. Obsidian's requestUrl is not subject to CORS, but buffers the
// whole response: the answer then arrives as one chunk. So: fetch first, requestUrl when fetch
// fails that way, and straight to requestUrl afterwards for that origin.
import { requestUrl, type RequestUrlParam, type RequestUrlResponse } from 'obsidian';
import type { HttpClient, HttpRequest, HttpResponse } from '../../core/ports';
import { fetchSameOrigin } from '../../core/http/redirects';

/**
 * requestUrl buffers a whole response; an answer or a model list is far below this. (requestUrl
 * also follows redirects itself, which nothing here can see: that path is only taken for origins
 * fetch could not reach.)
 */
export const MAX_REQUEST_URL_BYTES = 32e6;

export interface ObsidianHttpClientOptions {
  fetch?: typeof fetch;
  requestUrl?: (request: RequestUrlParam) => Promise<RequestUrlResponse>;
  /** Called once per origin that needed requestUrl: the UI can explain why streaming is off. */
  onFallback?: (origin: string) => void;
}

export class ObsidianHttpClient implements HttpClient {
  private readonly fetchImpl: typeof fetch;
  private readonly requestUrlImpl: (request: RequestUrlParam) => Promise<RequestUrlResponse>;
  private readonly onFallback?: (origin: string) => void;
  private readonly corsBlocked = new Set<string>();

  constructor(options: ObsidianHttpClientOptions = {}) {
    // Only fetch can stream; requestUrl is the fallback below. Called on `window`: browsers throw
    // "Illegal invocation" when fetch runs with another receiver.
    const pageFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => window.fetch(input, init));
    this.fetchImpl = pageFetch;
    this.requestUrlImpl = options.requestUrl ?? ((r) => requestUrl(r));
    this.onFallback = options.onFallback;
  }

  /** Origins that are served through requestUrl (no streaming). */
  get fallbackOrigins(): string[] {
    return [...this.corsBlocked];
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    req.signal?.throwIfAborted();
    const origin = originOf(req.url);
    if (origin && this.corsBlocked.has(origin)) return this.viaRequestUrl(req);
    let response: Response;
    try {
      response = await fetchSameOrigin(this.fetchImpl, req.url, {
        method: method(req),
        headers: req.headers,
        body: req.body,
        signal: req.signal,
      });
    } catch (err) {
      if (!isNetworkRefusal(err) || req.signal?.aborted) throw err;
      // CORS, or the server is down: requestUrl tells them apart (it fails too when down).
      const result = await this.viaRequestUrl(req);
      if (origin && !this.corsBlocked.has(origin)) {
        this.corsBlocked.add(origin);
        this.onFallback?.(origin);
      }
      return result;
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    return { status: response.status, headers, body: streamChunks(response.body) };
  }

  private async viaRequestUrl(req: HttpRequest): Promise<HttpResponse> {
    const call = this.requestUrlImpl({ url: req.url, method: method(req), headers: req.headers, body: req.body, throw: false });
    // requestUrl cannot be cancelled: on abort, stop waiting and drop its result.
    const res = await abortable(call, req.signal);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(res.headers ?? {})) headers[key.toLowerCase()] = value;
    // requestUrl has already buffered it: what is too large is not decoded nor parsed any further.
    const bytes = new Uint8Array(res.arrayBuffer);
    if (bytes.byteLength > MAX_REQUEST_URL_BYTES) {
      throw new Error(`The response from ${originOf(req.url) ?? req.url} is ${Math.round(bytes.byteLength / 1e6)} MB, more than the ${MAX_REQUEST_URL_BYTES / 1e6} MB an answer may be.`);
    }
    return { status: res.status, headers, body: oneChunk(bytes) };
  }
}

function method(req: HttpRequest): 'GET' | 'POST' {
  return req.method ?? (req.body === undefined ? 'GET' : 'POST');
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Chromium reports a CORS refusal (and a refused connection) as TypeError "Failed to fetch",
 * with no status; some engines use a DOMException named NetworkError. Aborts are not refusals.
 */
function isNetworkRefusal(err: unknown): boolean {
  if (!(err instanceof Error) && !(err instanceof DOMException)) return false;
  if (err.name === 'AbortError' || err.name === 'TimeoutError') return false;
  return err instanceof TypeError || err.name === 'NetworkError';
}

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  if (bytes.byteLength > 0) yield bytes;
}

async function* streamChunks(stream: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const step = await reader.read();
      if (step.done) {
        done = true;
        return;
      }
      yield step.value;
    }
  } finally {
    // Leaving early (length bound, [DONE] before the end) must close the connection.
    if (!done) await reader.cancel().catch(() => undefined);
  }
}
