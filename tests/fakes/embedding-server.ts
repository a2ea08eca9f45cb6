/**
 * A loopback model server for embedding and rerank tests: a real HTTP server on 127.0.0.1 that
 * speaks
 *
 *   Ollama              POST /api/embed       {model, input:[…]}            → {model, embeddings:[[…]]}
 *   OpenAI-compatible   POST /v1/embeddings   {model, input:[…]}            → {data:[{index, embedding}], model}
 *   Jina/Cohere/llama   POST /v1/rerank       {model, query, documents}     → {results:[{index, relevance_score}]}
 *
 * Its vectors are hashed bags of words (each lower-cased word adds 1 at a hashed position, then
 * the vector is normalised), so texts that share words are near and vector search over them
 * means something. Rerank scores are the number of query words a document contains.
 *
 * Faults, each for the next request (queue, in order): `server.fail({ status: 429, headers:
 * {'retry-after': '0'} })`, `{ json: {...} }` (a 200 with that body), `{ dropVector: true }`
 * (one vector fewer than texts), `{ dimension: 12 }`, `{ delayMs }`, `{ reset: true }`.
 * Standing rules: `models` (others get 404), `apiKey` (others get 401), `maxBatch` (larger
 * batches get 413), `latencyMs` (every request waits that long).
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface EmbeddingFault {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  raw?: string;
  dropVector?: boolean;
  dimension?: number;
  delayMs?: number;
  reset?: boolean;
}

export interface EmbeddingRequest {
  path: string;
  headers: Record<string, string>;
  body: { model?: string; input?: string[] | string; query?: string; documents?: string[] } & Record<string, unknown>;
}

export interface EmbeddingServerOptions {
  dimension?: number;
  models?: string[];
  apiKey?: string;
  maxBatch?: number;
  latencyMs?: number;
  /** Answer browsers' CORS preflights and allow any origin (as Ollama with OLLAMA_ORIGINS=*). */
  cors?: boolean;
}

export interface EmbeddingServer {
  url: string;
  requests: EmbeddingRequest[];
  /** Texts received in embedding requests, in order. */
  texts(): string[];
  /** Most requests the server was handling at once. */
  maxInFlight(): number;
  fail(...faults: EmbeddingFault[]): void;
  set(options: Partial<EmbeddingServerOptions>): void;
  close(): Promise<void>;
}

export function bagOfWordsVector(text: string, dimension: number): number[] {
  const v = new Array<number>(dimension).fill(0);
  for (const word of words(text)) v[hash(word) % dimension] += 1;
  const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
  if (norm === 0) v[0] = 1;
  return norm === 0 ? v : v.map((x) => x / norm);
}

export function words(text: string): string[] {
  return text.toLowerCase().normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

function hash(word: string): number {
  let h = 2166136261;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
  return h >>> 0;
}

export async function startEmbeddingServer(options: EmbeddingServerOptions = {}): Promise<EmbeddingServer> {
  let opts: EmbeddingServerOptions = { dimension: 64, ...options };
  const requests: EmbeddingRequest[] = [];
  const faults: EmbeddingFault[] = [];
  const sockets = new Set<Socket>();

  const corsHeaders = (): Record<string, string> =>
    opts.cors ? { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS' } : {};
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...corsHeaders(), ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(opts.cors ? 204 : 405, corsHeaders());
      return void res.end();
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: EmbeddingRequest['body'] = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as EmbeddingRequest['body'];
    } catch {
      return send(res, 400, { error: 'bad json' });
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const path = (req.url ?? '').split('?')[0];
    requests.push({ path, headers, body });
    if (opts.latencyMs) await sleep(opts.latencyMs);
    const fault = faults.shift();
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.reset) return req.socket.destroy();
    if (fault?.status) return send(res, fault.status, fault.json ?? { error: { message: `scripted ${fault.status}` } }, fault.headers);
    if (fault?.raw !== undefined) return send(res, 200, fault.raw);
    if (fault?.json !== undefined) return send(res, 200, fault.json);

    if (opts.apiKey && headers.authorization !== `Bearer ${opts.apiKey}`) {
      return send(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
    }
    const model = String(body.model ?? '');
    if (opts.models && !opts.models.includes(model)) {
      return send(res, 404, path.startsWith('/api/') ? { error: `model "${model}" not found, try pulling it first` } : { error: { message: `The model \`${model}\` does not exist` } });
    }
    const dimension = fault?.dimension ?? opts.dimension ?? 64;
    if (path === '/v1/rerank') {
      const query = new Set(words(String(body.query ?? '')));
      const docs = Array.isArray(body.documents) ? body.documents : [];
      const results = docs
        .map((d, index) => ({ index, relevance_score: words(String(d)).filter((w) => query.has(w)).length }))
        .sort((a, b) => b.relevance_score - a.relevance_score);
      return send(res, 200, { model, results });
    }
    if (path !== '/api/embed' && path !== '/v1/embeddings') return send(res, 404, { error: `no route ${path}` });
    const input = Array.isArray(body.input) ? body.input.map(String) : [String(body.input ?? '')];
    if (opts.maxBatch && input.length > opts.maxBatch) return send(res, 413, { error: { message: 'too many inputs' } });
    const vectors = input.map((t) => bagOfWordsVector(t, dimension));
    if (fault?.dropVector) vectors.pop();
    if (path === '/api/embed') return send(res, 200, { model, embeddings: vectors });
    return send(res, 200, { object: 'list', model, data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })) });
  };

  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    handle(req, res)
      .catch(() => res.destroy())
      .finally(() => inFlight--);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    texts: () => requests.filter((r) => r.path !== '/v1/rerank').flatMap((r) => (Array.isArray(r.body.input) ? r.body.input : [])),
    maxInFlight: () => maxInFlight,
    fail: (...f) => faults.push(...f),
    set: (o) => (opts = { ...opts, ...o }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
