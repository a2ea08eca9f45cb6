/**
 * A scripted LLM server for tests: a real HTTP server on 127.0.0.1 (ephemeral port)
 * that speaks both chat protocols Ask Vault uses, so clients are tested over real
 * sockets, framing and failures rather than mocks.
 *
 *   OpenAI-compatible   POST /v1/chat/completions   SSE: data: {choices:[{delta:{content}}]} … data: [DONE]
 *                       GET  /v1/models             {data:[{id}]}
 *   Ollama              POST /api/chat              NDJSON: {message:{content},done:false} … {done:true}
 *                       GET  /api/tags              {models:[{name}]}
 *
 * Usage:
 *
 *   const llm = await startLlmServer({ models: ['test-model'] });
 *   llm.script({ text: 'Bonjour [[pre-training]]' });        // next chat request streams this
 *   llm.script({ status: 429, headers: { 'retry-after': '0' } }, { text: 'ok' });  // then these, in order
 *   const model = new OpenAiChatModel({ baseUrl: llm.url, model: 'test-model', http: fetchHttpClient() });
 *   await model.chat({ messages });
 *   llm.chatRequests()[0].body.messages                          // the prompt the client sent
 *   await llm.close();
 *
 * Each chat request takes the next scripted reply (queue shared by both protocols) and
 * frames it in the protocol of the path it arrived on. When the queue is empty the
 * default reply is used: a 500 "no scripted reply left" unless `setDefault()` (or the
 * `defaultReply` option) says otherwise, so an unexpected call fails loudly.
 *
 * Fault injection, all through `LlmReply`:
 *   - status codes with a body:        { status: 503, json: {...}, headers: { 'retry-after': '1' } }
 *   - slow start / slow deltas:        { text, delayMs: 200, intervalMs: 50 }
 *   - cut mid-stream:                  { deltas: ['Bon', 'jour'], end: 'reset' }  (TCP reset)  or  end: 'close' (clean EOF, no terminator)
 *   - stall after some deltas:         { deltas: ['Bon'], end: 'stall' }          (open and silent until the client leaves)
 *   - endless stream:                  { deltas: ['bla '], end: 'endless', intervalMs: 1 }
 *   - 200 with an error body/event:    { deltas: ['Bon'], errorEvent: 'model crashed' }   or  { json: { error: {...} } }
 *   - malformed lines / invalid JSON:  { raw: ['data: {"choices":[{"delta":{"content":"ok"}}]}\n\n', 'data: {oops\n\n'] }
 *   - dynamic replies:                 llm.script((req) => ({ text: `you said ${req.body.messages.at(-1).content}` }))
 *
 * Every request (chat, listing, or unknown path) is recorded in `requests` with its
 * method, path, lower-cased headers and parsed JSON body.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LlmReply {
  /** HTTP status; default 200. With a non-2xx status nothing is streamed: `json`/`raw` (or a protocol-shaped error) is the body. */
  status?: number;
  /** Extra response headers (e.g. `retry-after`). */
  headers?: Record<string, string>;
  /** The answer, split into deltas of `chunkSize` characters (default 4). */
  text?: string;
  /** The answer as explicit deltas; wins over `text`. */
  deltas?: string[];
  chunkSize?: number;
  /** Wait before sending the status line, ms. */
  delayMs?: number;
  /** Wait between deltas (or raw chunks), ms. */
  intervalMs?: number;
  /**
   * After the deltas: `done` (default) sends the protocol's terminator; `close` ends the
   * body without it; `reset` destroys the socket; `stall` keeps it open and silent;
   * `endless` repeats the last delta every `intervalMs` until the client disconnects.
   */
  end?: 'done' | 'close' | 'reset' | 'stall' | 'endless';
  /** Finish reason sent with the terminator (`length` = stopped at the token limit). */
  finishReason?: 'stop' | 'length';
  /** An in-protocol error (SSE event / NDJSON line) sent after the deltas, then the body ends. */
  errorEvent?: string;
  /** Body chunks sent verbatim instead of protocol framing (malformed streams, HTML pages, bytes split mid-character…). */
  raw?: RawChunk | RawChunk[];
  /** A JSON body sent whole (a non-streamed answer, or an error body with `status`). */
  json?: unknown;
  /** Content-Type for `raw`; default: the protocol's streaming type. */
  contentType?: string;
  /** Model name put in the chunks; default: the requested model. */
  model?: string;
}

export type RawChunk = string | Uint8Array;

export type ReplyScript = LlmReply | ((req: RecordedRequest) => LlmReply);

export type Protocol = 'openai' | 'ollama';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body, the raw text when it is not JSON, or undefined when empty. */
  body: any;
  rawBody: string;
  /** Which chat protocol the path belongs to, if any. */
  protocol?: Protocol;
  /** True for the two chat endpoints. */
  chat: boolean;
  /** Set when the client hung up before the response was finished (abort, timeout, length bound). */
  clientGone: boolean;
}

export interface LlmServerOptions {
  /** Listed by /v1/models and /api/tags. Default ['test-model']. */
  models?: string[];
  /** When set, every request must carry `Authorization: Bearer <apiKey>`; the 401 echoes the key sent (as OpenAI does). */
  apiKey?: string;
  /** Answer 404 "model not found" for chat requests naming a model not in `models`. */
  strictModels?: boolean;
  /** Reply used when the script queue is empty. */
  defaultReply?: ReplyScript;
}

export interface LlmServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Only the chat requests (POST /v1/chat/completions and /api/chat). */
  chatRequests(): RecordedRequest[];
  /** Queues replies for the next chat requests, in order. */
  script(...replies: ReplyScript[]): void;
  /** Queues replies for the next model-listing requests (GET /v1/models, /api/tags). */
  scriptModels(...replies: ReplyScript[]): void;
  /** The reply used once the queue is empty. */
  setDefault(reply: ReplyScript): void;
  /** Scripted chat replies not consumed yet. */
  pending(): number;
  /** Listed models; mutable between requests. */
  models: string[];
  /** Required key; mutable between requests (undefined = no auth). */
  apiKey: string | undefined;
  strictModels: boolean;
  /** Forgets requests and queued replies (keeps models, key and default). */
  reset(): void;
  /** Stops listening and drops open connections (stalled and endless streams included). */
  close(): Promise<void>;
}

const NO_SCRIPT: LlmReply = { status: 500, json: { error: { message: 'llm-server: no scripted reply left' } } };

export async function startLlmServer(options: LlmServerOptions = {}): Promise<LlmServer> {
  const requests: RecordedRequest[] = [];
  const queue: ReplyScript[] = [];
  const modelQueue: ReplyScript[] = [];
  let fallback: ReplyScript = options.defaultReply ?? NO_SCRIPT;
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`llm-server bug: ${String(err)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const api: LlmServer = {
    url: '',
    requests,
    chatRequests: () => requests.filter((r) => r.chat),
    script: (...replies) => void queue.push(...replies),
    scriptModels: (...replies) => void modelQueue.push(...replies),
    setDefault: (reply) => void (fallback = reply),
    pending: () => queue.length,
    models: options.models ?? ['test-model'],
    apiKey: options.apiKey,
    strictModels: options.strictModels ?? false,
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      modelQueue.length = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const method = req.method ?? 'GET';
    const protocol: Protocol | undefined = path.startsWith('/v1/') ? 'openai' : path.startsWith('/api/') ? 'ollama' : undefined;
    const chat = method === 'POST' && (path === '/v1/chat/completions' || path === '/api/chat');
    const recorded: RecordedRequest = { method, path, headers: lowerHeaders(req), body: parseBody(rawBody), rawBody, protocol, chat, clientGone: false };
    requests.push(recorded);
    res.socket?.setNoDelay(true);

    if (!protocol) {
      if (method === 'GET' && path === '/') return sendText(res, 200, 'Ollama is running');
      return sendText(res, 404, '404 page not found');
    }
    if (api.apiKey !== undefined && recorded.headers.authorization !== `Bearer ${api.apiKey}`) {
      return sendJson(res, 401, authError(protocol, recorded.headers.authorization));
    }
    const listing = method === 'GET' && (path === '/v1/models' || path === '/api/tags');
    if (listing) {
      const scripted = modelQueue.shift();
      if (scripted) return play(typeof scripted === 'function' ? scripted(recorded) : scripted, recorded, protocol, res);
      return sendJson(res, 200, modelList(protocol, api.models));
    }
    if (!chat) return sendJson(res, 404, { error: `llm-server: nothing at ${method} ${path}` });

    const model = typeof recorded.body?.model === 'string' ? (recorded.body.model as string) : '';
    if (api.strictModels && !api.models.includes(model)) return sendJson(res, 404, unknownModel(protocol, model));
    const script = queue.shift() ?? fallback;
    return play(typeof script === 'function' ? script(recorded) : script, recorded, protocol, res);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (api as { url: string }).url = `http://127.0.0.1:${port}`;
  return api;
}

// ---- playing a reply -------------------------------------------------------

async function play(reply: LlmReply, req: RecordedRequest, protocol: Protocol, res: ServerResponse): Promise<void> {
  let gone = false;
  res.on('close', () => {
    gone = true;
    if (!res.writableFinished) req.clientGone = true;
  });
  const pause = (ms: number | undefined) => (ms ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

  await pause(reply.delayMs);
  if (gone) return;
  const status = reply.status ?? 200;
  const headers = reply.headers ?? {};

  if (status < 200 || status >= 300) {
    if (reply.raw !== undefined) {
      res.writeHead(status, { 'content-type': reply.contentType ?? 'text/plain', ...headers });
      for (const chunk of [reply.raw].flat()) res.write(chunk);
      return void res.end();
    }
    return sendJson(res, status, reply.json ?? { error: { message: `scripted HTTP ${status}` } }, headers);
  }
  if (reply.json !== undefined) return sendJson(res, status, reply.json, headers);

  const model = reply.model ?? (typeof req.body?.model === 'string' ? (req.body.model as string) : 'test-model');
  const frame = protocol === 'openai' ? openAiFrames(model) : ollamaFrames(model);
  res.writeHead(status, { 'content-type': reply.contentType ?? frame.contentType, 'cache-control': 'no-cache', ...headers });
  res.flushHeaders();

  const chunks: RawChunk[] = reply.raw !== undefined ? [reply.raw].flat() : deltasOf(reply).map((d, i) => frame.delta(d, i === 0));
  for (const [i, chunk] of chunks.entries()) {
    if (gone) return;
    if (i > 0) await pause(reply.intervalMs);
    res.write(chunk);
  }
  if (reply.errorEvent !== undefined) {
    res.write(frame.error(reply.errorEvent));
    return void res.end();
  }

  const end = reply.end ?? (reply.raw !== undefined ? 'close' : 'done');
  switch (end) {
    case 'done':
      res.end(frame.done(reply.finishReason ?? 'stop'));
      return;
    case 'close':
      res.end();
      return;
    case 'reset':
      // Flush what was written, then cut the TCP connection without ending the chunked body.
      await new Promise<void>((resolve) => res.write('', () => resolve()));
      res.socket?.resetAndDestroy();
      return;
    case 'stall':
      return; // the connection stays open until the client leaves or the server closes
    case 'endless': {
      const again = frame.delta(deltasOf(reply).at(-1) ?? 'bla ', false);
      while (!gone && !res.destroyed) {
        if (!res.write(again)) await new Promise((r) => res.once('drain', r));
        await new Promise((r) => setTimeout(r, Math.max(1, reply.intervalMs ?? 1)));
      }
      return;
    }
  }
}

interface Framing {
  contentType: string;
  delta(text: string, first: boolean): string;
  done(reason: 'stop' | 'length'): string;
  error(message: string): string;
}

function openAiFrames(model: string): Framing {
  const base = { id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 1735221780, model };
  const event = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
  return {
    contentType: 'text/event-stream; charset=utf-8',
    delta: (content, first) =>
      event({ ...base, choices: [{ index: 0, delta: first ? { role: 'assistant', content } : { content }, finish_reason: null }] }),
    done: (reason) => event({ ...base, choices: [{ index: 0, delta: {}, finish_reason: reason }] }) + 'data: [DONE]\n\n',
    error: (message) => event({ error: { message, type: 'server_error', code: null } }),
  };
}

function ollamaFrames(model: string): Framing {
  const line = (value: unknown) => `${JSON.stringify(value)}\n`;
  const at = '2024-12-26T15:03:00.000Z';
  return {
    contentType: 'application/x-ndjson',
    delta: (content) => line({ model, created_at: at, message: { role: 'assistant', content }, done: false }),
    done: (reason) =>
      line({ model, created_at: at, message: { role: 'assistant', content: '' }, done: true, done_reason: reason, eval_count: 1 }),
    error: (message) => line({ error: message }),
  };
}

function deltasOf(reply: LlmReply): string[] {
  if (reply.deltas) return reply.deltas;
  const text = reply.text ?? '';
  const size = Math.max(1, reply.chunkSize ?? 4);
  const chars = Array.from(text); // never split a surrogate pair
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

// ---- canned bodies ---------------------------------------------------------

function modelList(protocol: Protocol, models: string[]): unknown {
  return protocol === 'openai'
    ? { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'llm-server' })) }
    : { models: models.map((name) => ({ name, model: name, size: 1, digest: 'sha256:0' })) };
}

function authError(protocol: Protocol, authorization: string | undefined): unknown {
  // Echoes the key sent, as real providers do (sometimes masked): redaction must cope.
  const sent = authorization?.replace(/^Bearer\s+/i, '') ?? '';
  return protocol === 'openai'
    ? { error: { message: `Incorrect API key provided: ${sent}. You can find your API key at https://platform.example/account.`, type: 'invalid_request_error', code: 'invalid_api_key' } }
    : { error: `unauthorized: key ${sent} is not valid` };
}

function unknownModel(protocol: Protocol, model: string): unknown {
  return protocol === 'openai'
    ? { error: { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', code: 'model_not_found' } }
    : { error: `model "${model}" not found, try pulling it first` };
}

// ---- plumbing --------------------------------------------------------------

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
