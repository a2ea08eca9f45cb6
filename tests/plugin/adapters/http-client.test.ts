// @vitest-environment happy-dom
// happy-dom's fetch enforces CORS like a browser page (preflight, Access-Control-Allow-Origin),
// and the obsidian stub's requestUrl goes through Node's http module like Obsidian's goes
// through Electron's: so these tests see the real refusal and the real fallback.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObsidianHttpClient } from '../../../src/plugin/adapters/http-client';

interface TestServer { url: string; hits: string[]; close(): Promise<void> }

async function serve(cors: boolean, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    if (cors) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Headers', 'content-type, authorization');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(cors ? 204 : 404);
      res.end();
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

/** Writes three SSE events 30 ms apart, so a streaming client sees them separately. */
function sse(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'X-Echo': String(JSON.parse(body || '{}').q ?? '') });
    let n = 0;
    const tick = setInterval(() => {
      res.write(`data: ${n}\n\n`);
      if (++n === 3) { clearInterval(tick); res.end(); }
    }, 30);
  });
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const c of body) chunks.push(new TextDecoder().decode(c));
  return chunks;
}

const post = (url: string, signal?: AbortSignal) => ({
  url: `${url}/v1/chat/completions`, method: 'POST' as const,
  headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q: 'bonjour' }), signal,
});

let open: TestServer;
let closed: TestServer;

beforeAll(async () => {
  open = await serve(true, sse);
  closed = await serve(false, (req, res) => {
    if (req.url?.startsWith('/slow')) { setTimeout(() => { res.writeHead(200); res.end('late'); }, 2000); return; }
    if (req.url?.startsWith('/missing')) { res.writeHead(404, { 'Content-Type': 'application/json' }); res.end('{"error":"model not found"}'); return; }
    sse(req, res);
  });
});

afterAll(async () => {
  await open.close();
  await closed.close();
});

describe('ObsidianHttpClient', () => {
  it('streams with fetch when the server allows the app\'s origin', async () => {
    const fallbacks: string[] = [];
    const client = new ObsidianHttpClient({ onFallback: (o) => fallbacks.push(o) });
    const res = await client.request(post(open.url));
    expect(res.status).toBe(200);
    expect(res.headers['x-echo']).toBe('bonjour');
    const chunks = await collect(res.body);
    expect(chunks.join('')).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\n');
    expect(chunks.length).toBeGreaterThan(1);
    expect(fallbacks).toEqual([]);
  });

  it('falls back to requestUrl (one chunk) when CORS refuses, then goes straight to it for that origin', async () => {
    const fallbacks: string[] = [];
    const client = new ObsidianHttpClient({ onFallback: (o) => fallbacks.push(o) });
    const first = await client.request(post(closed.url));
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('text/event-stream');
    expect(await collect(first.body)).toEqual(['data: 0\n\ndata: 1\n\ndata: 2\n\n']);
    expect(fallbacks).toEqual([closed.url]);
    expect(client.fallbackOrigins).toEqual([closed.url]);

    const before = closed.hits.filter((h) => h.startsWith('OPTIONS')).length;
    const second = await client.request(post(closed.url));
    expect(await collect(second.body)).toHaveLength(1);
    expect(closed.hits.filter((h) => h.startsWith('OPTIONS')).length).toBe(before);
    expect(fallbacks).toHaveLength(1);
  });

  it('passes error statuses and bodies through requestUrl instead of throwing', async () => {
    const client = new ObsidianHttpClient();
    const res = await client.request({ url: `${closed.url}/missing`, method: 'GET' });
    expect(res.status).toBe(404);
    expect((await collect(res.body)).join('')).toBe('{"error":"model not found"}');
  });

  it('reports a server that is down with requestUrl\'s error, and does not mark its origin', async () => {
    const down = await serve(true, sse);
    const url = down.url;
    await down.close();
    const client = new ObsidianHttpClient();
    await expect(client.request(post(url))).rejects.toThrow('net::ERR_CONNECTION_REFUSED');
    expect(client.fallbackOrigins).toEqual([]);
  });

  it('stops waiting for requestUrl on abort', async () => {
    const client = new ObsidianHttpClient();
    await client.request(post(closed.url)); // learn that this origin needs requestUrl
    const controller = new AbortController();
    const started = Date.now();
    const pending = client.request({ url: `${closed.url}/slow`, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('does not fall back when the caller aborted the fetch itself', async () => {
    const fallbacks: string[] = [];
    const client = new ObsidianHttpClient({ onFallback: (o) => fallbacks.push(o) });
    const controller = new AbortController();
    controller.abort();
    await expect(client.request(post(open.url, controller.signal))).rejects.toMatchObject({ name: 'AbortError' });
    expect(fallbacks).toEqual([]);
  });
});
