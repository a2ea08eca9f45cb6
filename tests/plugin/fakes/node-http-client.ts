// An HttpClient over Node's http module that streams the body chunk by chunk. Under happy-dom the
// global fetch enforces CORS like a page (and the loopback LLM server sends no CORS headers),
// and the stub's requestUrl buffers: this client lets DOM tests watch an answer stream.
import { request } from 'node:http';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../src/core/ports';

export function nodeHttpClient(): HttpClient {
  return {
    request(req: HttpRequest): Promise<HttpResponse> {
      return new Promise((resolve, reject) => {
        req.signal?.throwIfAborted();
        const call = request(req.url, { method: req.method ?? (req.body === undefined ? 'GET' : 'POST'), headers: req.headers }, (res) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          async function* body(): AsyncGenerator<Uint8Array> {
            try {
              for await (const chunk of res) yield new Uint8Array(chunk as Buffer);
            } finally {
              res.destroy();
            }
          }
          resolve({ status: res.statusCode ?? 0, headers, body: body() });
        });
        const onAbort = () => call.destroy(new DOMException('The operation was aborted.', 'AbortError'));
        req.signal?.addEventListener('abort', onAbort, { once: true });
        call.on('error', (err) => reject(req.signal?.aborted ? new DOMException('The operation was aborted.', 'AbortError') : err));
        call.end(req.body);
      });
    },
  };
}
