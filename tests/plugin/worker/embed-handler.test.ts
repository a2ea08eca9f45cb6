// The worker's message handler, driven directly in Node (onnxruntime-node) with the tiny model.
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedHandler, type EmbedHandler } from '../../../src/worker/embed-handler';
import { inflateGzipBase64 } from '../../../src/worker/onnx-wasm';
import type { FromWorker, ToWorker } from '../../../src/worker/protocol';
import { folderReader } from '../fakes/in-process-worker';

const MODEL_DIR = resolve('tests/fixtures/tiny-model');

/** A handler wired like a worker: replies collected, file requests answered from `dir`. */
function harness(dir: string | null = MODEL_DIR) {
  const messages: FromWorker[] = [];
  const transfers: Transferable[][] = [];
  const requested: string[] = [];
  const read = dir ? folderReader(dir, requested) : null;
  let waiters: (() => void)[] = [];
  const handler: EmbedHandler = createEmbedHandler({
    post: (message, transfer) => {
      messages.push(message);
      transfers.push(transfer ?? []);
      if (message.type === 'file-request') {
        void (read ? read(message.path) : Promise.resolve(null)).then((data) =>
          handler.handle({ type: 'file-response', requestId: message.requestId, data }));
      }
      for (const w of waiters) w();
      waiters = [];
    },
  });
  const reply = async (id: number) => {
    const final = (m: FromWorker) => 'id' in m && m.id === id && m.type !== 'progress';
    while (!messages.some(final)) await new Promise<void>((r) => waiters.push(r));
    return messages.find(final)!;
  };
  const send = (m: ToWorker) => { void handler.handle(m); };
  return { handler, messages, transfers, requested, reply, send };
}

// Under Node, transformers.js keeps what it loads in a file cache: a fresh one per load makes
// every test read the folder for real (the browser build uses no cache for model folders).
let caches = 0;
const cacheRoot = join(tmpdir(), `ask-vault-handler-${process.pid}`);
afterAll(() => rm(cacheRoot, { recursive: true, force: true }));
const local = () => ({ model: 'Models/tiny-model', localFolder: true, cacheDir: join(cacheRoot, String(++caches)) }) as const;

describe('embedding worker protocol', () => {
  it('loads a vault model folder through file requests, each file asked once', async () => {
    const h = harness();
    h.send({ type: 'load', id: 1, options: local() });
    const loaded = await h.reply(1);
    expect(loaded).toMatchObject({ type: 'loaded', dimension: 32, device: 'cpu', dtype: 'q8', maxTokens: 128, inlinedWasm: false });
    expect(h.requested.sort()).toEqual(['config.json', 'onnx/model_quantized.onnx', 'tokenizer.json', 'tokenizer_config.json']);
    const statuses = new Set(h.messages.filter((m) => m.type === 'progress').map((m) => (m as { status: string }).status));
    expect([...statuses]).toEqual(expect.arrayContaining(['initiate', 'progress', 'done', 'ready']));
  });

  it('embeds into one transferred buffer of unit vectors, reporting progress', async () => {
    const h = harness();
    h.send({ type: 'load', id: 1, options: { ...local(), batchSize: 2 } });
    await h.reply(1);
    h.send({ type: 'embed', id: 2, texts: ['Journal du jeudi 26 décembre 2024', 'pre-training', 'RAG', 'fine-tuning'], kind: 'passage' });
    const reply = await h.reply(2);
    if (reply.type !== 'embedded') throw new Error(JSON.stringify(reply));
    expect(reply.count).toBe(4);
    expect(reply.dimension).toBe(32);
    expect(reply.vectors).toHaveLength(128);
    expect(h.transfers[h.messages.indexOf(reply)]).toEqual([reply.vectors.buffer]);
    for (let i = 0; i < 4; i++) expect(Math.hypot(...reply.vectors.subarray(i * 32, (i + 1) * 32))).toBeCloseTo(1, 5);
    const progress = h.messages.filter((m) => m.type === 'progress' && m.id === 2).map((m) => (m as { done: number }).done);
    expect(progress).toEqual([2, 4]);
  });

  it('falls back to fp32 when the folder has no quantised weights', async () => {
    const h = harness();
    const real = folderReader(MODEL_DIR);
    // Same folder, minus model_quantized.onnx.
    const handler = createEmbedHandler({
      post: (m) => {
        h.messages.push(m);
        if (m.type === 'file-request') {
          void (m.path.includes('quantized') ? Promise.resolve(null) : real(m.path))
            .then((data) => handler.handle({ type: 'file-response', requestId: m.requestId, data }));
        }
      },
    });
    await handler.handle({ type: 'load', id: 1, options: local() });
    await new Promise((r) => setTimeout(r, 50));
    expect(h.messages.find((m) => m.type === 'loaded' || m.type === 'error')).toMatchObject({ type: 'loaded', dtype: 'fp32' });
  });

  it('names the vault folder, not the worker\'s internal path, when a file is missing', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ask-vault-empty-'));
    const h = harness(empty);
    h.send({ type: 'load', id: 1, options: local() });
    const reply = await h.reply(1);
    expect(reply.type).toBe('error');
    const message = (reply as { message: string }).message;
    expect(message).toContain('Models/tiny-model');
    expect(message).not.toContain('ask-vault-local');
    await rm(empty, { recursive: true });
  });

  it('answers a file-response error as a load error', async () => {
    const messages: FromWorker[] = [];
    const handler = createEmbedHandler({
      post: (m) => {
        messages.push(m);
        if (m.type === 'file-request') void handler.handle({ type: 'file-response', requestId: m.requestId, data: null, error: 'permission denied' });
      },
    });
    await handler.handle({ type: 'load', id: 7, options: local() });
    expect(messages.at(-1)).toMatchObject({ type: 'error', id: 7 });
  });

  it('refuses to embed before a load, and after dispose', async () => {
    const h = harness();
    h.send({ type: 'embed', id: 1, texts: ['x'], kind: 'query' });
    expect(await h.reply(1)).toMatchObject({ type: 'error', message: 'no embedding model is loaded in this worker' });
    h.send({ type: 'load', id: 2, options: local() });
    await h.reply(2);
    h.send({ type: 'dispose', id: 3 });
    expect(await h.reply(3)).toEqual({ type: 'disposed', id: 3 });
    h.send({ type: 'embed', id: 4, texts: ['x'], kind: 'query' });
    expect(await h.reply(4)).toMatchObject({ type: 'error' });
  });

  it('cancels a queued embed on abort, and keeps serving the next ones', async () => {
    const h = harness();
    h.send({ type: 'load', id: 1, options: local() });
    h.send({ type: 'embed', id: 2, texts: ['a', 'b'], kind: 'passage' });
    h.send({ type: 'abort', id: 2 });
    h.send({ type: 'embed', id: 3, texts: ['c'], kind: 'passage' });
    expect(await h.reply(2)).toEqual({ type: 'error', id: 2, message: 'aborted', aborted: true });
    expect(await h.reply(3)).toMatchObject({ type: 'embedded', count: 1 });
  });

  it('answers an unknown message with an error instead of throwing', async () => {
    const h = harness();
    await h.handler.handle({ type: 'explode', id: 9 } as unknown as ToWorker);
    expect(h.messages).toEqual([{ type: 'error', id: 9, message: 'unknown message type "explode"' }]);
  });

  it('inflates the gzipped, base64 WASM copy byte for byte', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);
    const inflated = await inflateGzipBase64(gzipSync(bytes).toString('base64'));
    expect(Buffer.from(inflated).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('hub download', () => {
  let server: Server;
  let remoteHost = '';
  let up = true;
  let cacheDir = '';
  const hits: string[] = [];

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'ask-vault-cache-'));
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const prefix = '/test-org/tiny-model/resolve/main/';
      const path = decodeURIComponent(req.url ?? '');
      if (!up || !path.startsWith(prefix)) { res.writeHead(up ? 404 : 503); res.end(); return; }
      const full = normalize(join(MODEL_DIR, path.slice(prefix.length)));
      readFile(full).then((body) => {
        res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
        res.end(body);
      }, () => { res.writeHead(404); res.end(); });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    remoteHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await new Promise((ok) => server.close(ok));
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('downloads with byte progress, then loads offline from the cache', async () => {
    const h = harness(null);
    h.send({ type: 'load', id: 1, options: { model: 'test-org/tiny-model', remoteHost, cacheDir } });
    expect(await h.reply(1)).toMatchObject({ type: 'loaded', dimension: 32 });
    const bytes = h.messages.filter((m) => m.type === 'progress' && m.stage === 'load' && m.status === 'progress' && m.file === 'onnx/model_quantized.onnx');
    expect(bytes.at(-1)).toMatchObject({ loaded: 88843, total: 88843 });
    expect(h.requested).toEqual([]);
    expect(hits.length).toBeGreaterThan(0);

    up = false;
    const before = hits.length;
    const offline = harness(null);
    offline.send({ type: 'load', id: 1, options: { model: 'test-org/tiny-model', remoteHost, cacheDir, offline: true } });
    expect(await offline.reply(1)).toMatchObject({ type: 'loaded', dimension: 32 });
    expect(hits.length).toBe(before);
  });
});
