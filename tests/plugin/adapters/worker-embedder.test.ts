// WorkerEmbedder over real embedding-worker handlers (the tiny model on onnxruntime-node), each
// behind an in-process worker that structured-clones messages like a real thread boundary.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransformersEmbedder } from '../../../src/core/embedding';
import { WorkerEmbedder } from '../../../src/plugin/adapters/worker-embedder';
import type { WorkerLoadOptions } from '../../../src/worker/protocol';
import { folderReader, InProcessRuntime } from '../fakes/in-process-worker';

const MODEL_DIR = resolve('tests/fixtures/tiny-model');
const cacheRoot = join(tmpdir(), `ask-vault-pool-${process.pid}`);
let caches = 0;
const load = (extra: Partial<WorkerLoadOptions> = {}): WorkerLoadOptions =>
  ({ model: 'Models/tiny-model', localFolder: true, dtype: 'fp32', cacheDir: join(cacheRoot, String(++caches)), ...extra });

const texts = Array.from({ length: 60 }, (_, i) =>
  `Note ${i}: ${'le RAG cite mes notes et mes journaux. '.repeat(1 + (i % 7))}`);

let reference: Float32Array[];

beforeAll(async () => {
  const direct = new TransformersEmbedder({ model: MODEL_DIR, dtype: 'fp32' });
  reference = await direct.embed(texts, 'passage');
  await direct.dispose();
});

afterAll(() => rm(cacheRoot, { recursive: true, force: true }));

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

function pool(size: number, extra: Partial<WorkerLoadOptions> = {}, log: string[] = []) {
  const runtime = new InProcessRuntime();
  const embedder = new WorkerEmbedder({
    runtime, modelId: 'vault:Models/tiny-model', poolSize: size, batchSize: 8,
    load: load(extra), readModelFile: folderReader(MODEL_DIR, log),
  });
  return { runtime, embedder, log };
}

describe('WorkerEmbedder', () => {
  it('loads every worker, reporting the first one\'s download progress', async () => {
    const { runtime, embedder, log } = pool(2);
    const statuses: string[] = [];
    expect(await embedder.load((p) => statuses.push(p.status))).toBe(32);
    expect(embedder.poolSize).toBe(2);
    expect(embedder.loaded).toMatchObject({ dimension: 32, dtype: 'fp32', device: 'cpu', passageTokenBudget: 126 });
    expect(statuses).toContain('ready');
    expect(runtime.workers.map((w) => w.received.filter((m) => m.type === 'load').length)).toEqual([1, 1]);
    // The folder was read through the main thread. (In-process workers share transformers.js's
    // memory, so the second may find files the first read; real workers each ask.)
    expect(log).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json', 'onnx/model.onnx']));
    await embedder.dispose();
  });

  it('returns the same vectors, in input order, as the CLI\'s embedder, with the work spread over the pool', async () => {
    const { runtime, embedder } = pool(2);
    const progress: number[] = [];
    const vectors = await embedder.embed(texts, 'passage', { onProgress: (p) => progress.push(p.done) });
    expect(vectors).toHaveLength(texts.length);
    vectors.forEach((v, i) => expect(cosine(v, reference[i]!)).toBeGreaterThan(0.9999));
    expect(progress.at(-1)).toBe(texts.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const batchesPerWorker = runtime.workers.map((w) => w.received.filter((m) => m.type === 'embed').length);
    expect(batchesPerWorker.every((n) => n > 0)).toBe(true);
    expect(batchesPerWorker.reduce((a, b) => a + b)).toBe(Math.ceil(texts.length / 8));
    // Batches go out longest first: similar lengths share a batch.
    const first = runtime.workers.flatMap((w) => w.received).find((m) => m.type === 'embed')!;
    expect(first.type === 'embed' && first.texts.every((t) => t.length >= texts[0]!.length)).toBe(true);
    expect(await embedder.embed([], 'query')).toEqual([]);
    await embedder.dispose();
  });

  it('stops on abort, tells the workers, and keeps working afterwards', async () => {
    const { runtime, embedder } = pool(2);
    await embedder.load();
    const controller = new AbortController();
    const run = embedder.embed(texts, 'passage', { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const sent = runtime.workers.flatMap((w) => w.received);
    expect(sent.filter((m) => m.type === 'embed').length).toBeLessThan(Math.ceil(texts.length / 8));
    const again = await embedder.embed(texts.slice(0, 3), 'query');
    expect(again).toHaveLength(3);
    await embedder.dispose();
  });

  it('finishes the job on the surviving worker when one crashes, and starts afresh when all have', async () => {
    const { runtime, embedder } = pool(2);
    await embedder.load();
    const run = embedder.embed(texts, 'passage', {
      onProgress: (p) => { if (p.done >= 8) runtime.workers[1]!.crash(); },
    });
    const vectors = await run;
    vectors.forEach((v, i) => expect(cosine(v, reference[i]!)).toBeGreaterThan(0.9999));
    expect(embedder.poolSize).toBe(1);
    expect(runtime.workers[1]!.terminated).toBe(true);

    runtime.workers[0]!.crash();
    expect(embedder.poolSize).toBe(0);
    const after = await embedder.embed(texts.slice(0, 2), 'passage');
    expect(after).toHaveLength(2);
    expect(runtime.workers).toHaveLength(4);
    await embedder.dispose();
    expect(runtime.workers.every((w) => w.terminated)).toBe(true);
  });

  it('fails a load with the folder\'s name, then can load again', async () => {
    const runtime = new InProcessRuntime();
    let missing = true;
    const read = folderReader(MODEL_DIR);
    const embedder = new WorkerEmbedder({
      runtime, modelId: 'vault:Models/tiny-model', poolSize: 1,
      load: load(), readModelFile: async (path) => (missing && path === 'tokenizer.json' ? null : read(path)),
    });
    await expect(embedder.load()).rejects.toThrow(/Models\/tiny-model/);
    expect(runtime.workers[0]!.terminated).toBe(true);
    missing = false;
    expect(await embedder.load()).toBe(32);
    await embedder.dispose();
  });

  it('stops a load under way on dispose, and can load again afterwards', async () => {
    const { runtime, embedder } = pool(2);
    const loading = embedder.load();
    await new Promise((r) => setTimeout(r, 5));
    await embedder.dispose();
    await expect(loading).rejects.toThrow();
    expect(runtime.workers.length).toBe(1);
    expect(runtime.workers[0]!.terminated).toBe(true);
    expect(await embedder.load()).toBe(32);
    expect(embedder.poolSize).toBe(2);
    await embedder.dispose();
  });

  it('refuses a model folder without a way to read it', () => {
    expect(() => new WorkerEmbedder({ runtime: new InProcessRuntime(), modelId: 'x', poolSize: 1, load: { model: 'x', localFolder: true } }))
      .toThrow('a model folder needs readModelFile');
  });
});
