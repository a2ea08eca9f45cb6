// HttpClient over the Fetch API: Node's global fetch for the CLI, the page's fetch
// in Obsidian wherever the endpoint allows the app:// origin (CORS).

import type { HttpClient, HttpRequest, HttpResponse } from '../ports';
import { fetchSameOrigin } from './redirects';

export function fetchHttpClient(fetchImpl: typeof fetch = fetch): HttpClient {
  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      // Called as a plain function: browsers throw "Illegal invocation" when fetch
      // runs with some other object as `this`.
      const response = await fetchSameOrigin(fetchImpl, req.url, {
        method: req.method ?? (req.body === undefined ? 'GET' : 'POST'),
        headers: req.headers,
        body: req.body,
        signal: req.signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key.toLowerCase()] = value;
      });
      return { status: response.status, headers, body: bodyChunks(response.body) };
    },
  };
}

async function* bodyChunks(stream: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
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
    // Leaving early (the answer hit its length bound, [DONE] came before the end)
    // must close the connection, or an endless stream keeps flowing.
    if (!done) await reader.cancel().catch(() => undefined);
  }
}
