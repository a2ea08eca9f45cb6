// The cross-encoder reranker in the plugin's worker: the real worker handler (tiny random-weight
// cross-encoder on onnxruntime-node) behind an in-process worker that structured-clones messages
// like a thread boundary, against the CLI's native CrossEncoderReranker. Scores mean nothing.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrossEncoderReranker } from '../../../src/core/retrieval/rerank-cross-encoder';
import { rerankResults } from '../../../src/core/retrieval/rerank';
import type { SearchResult } from '../../../src/core/types';
import { PluginRerankers } from '../../../src/plugin/adapters/reranker-from-settings';
import { WorkerReranker } from '../../../src/plugin/adapters/worker-reranker';
import { defaultPluginSettings } from '../../../src/plugin/settings/plugin-settings';
import { loadSettingsReport } from '../../../src/plugin/settings/load-settings';
import type { HttpClient } from '../../../src/core/ports';
import { FsDataAdapter } from '../fakes/fs-data-adapter';
import { folderReader, InProcessRuntime } from '../fakes/in-process-worker';

const MODEL_DIR = resolve('tests/fixtures/tiny-cross-encoder');
const docs = [
  'Le pré-entraînement apprend un modèle de langue sur un grand corpus.',
  'Une tarte aux pommes et une soupe de potiron.',
  'Un train de nuit vers Rome, puis Naples.',
  'On récupère des passages puis on génère une réponse.',
  'La qualité dépend du découpage.',
];
const query = 'train pour Rome';
const fused: SearchResult[] = docs.map((text, i) => ({ chunkId: `n${i}#0`, path: `n${i}.md`, title: `n${i}`, headingPath: [], lines: [1, 1], text, score: 1 - i / 10, source: 'lexical', why: 'lexical match' }));
const noHttp: HttpClient = { request: () => Promise.reject(new Error('no network in this test')) } as unknown as HttpClient;

let vaultDir: string;
let native: number[];
let nativeFused: number[];

beforeAll(async () => {
  vaultDir = await mkdtemp(join(tmpdir(), 'ask-vault-rerank-'));
  await cp(MODEL_DIR, join(vaultDir, 'Modèles', 'reranker'), { recursive: true });
  env.cacheDir = join(vaultDir, '.cache');
  // Before any in-process worker: they share this process's transformers.js `env`, and a
  // vault-folder load turns its file system reads off (real workers each have their own).
  const direct = new CrossEncoderReranker({ model: MODEL_DIR, offline: true });
  native = await direct.score(query, docs);
  nativeFused = await direct.score(query, fused.map((f) => `${f.title}\n${f.text}`));
});

afterAll(() => rm(vaultDir, { recursive: true, force: true }));

function inWorker(log: string[] = [], folder = 'Models/tiny-cross-encoder') {
  const runtime = new InProcessRuntime();
  const reranker = new WorkerReranker({
    runtime, model: folder, load: { model: folder, localFolder: true, offline: true }, readModelFile: folderReader(MODEL_DIR, log),
  });
  return { runtime, reranker };
}

describe('WorkerReranker', () => {
  it('scores each pair in the worker as the native cross-encoder does, reading the folder through the main thread', async () => {
    const log: string[] = [];
    const { runtime, reranker } = inWorker(log);
    const scores = await reranker.score(query, docs);
    expect(scores).toHaveLength(docs.length);
    scores.forEach((s, i) => expect(Math.abs(s - native[i]!)).toBeLessThan(1e-5));
    expect(new Set(scores.map((s) => s.toFixed(6))).size).toBeGreaterThan(1);
    expect(log).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json', 'onnx/model.onnx']));
    // The model loads once; later queries only score.
    await reranker.score('soupe', docs);
    expect(runtime.workers).toHaveLength(1);
    expect(runtime.workers[0]!.received.map((m) => m.type).filter((t) => t !== 'file-response')).toEqual(['load-reranker', 'rerank', 'rerank']);
    expect(reranker.name).toBe('cross-encoder:Models/tiny-cross-encoder');
    reranker.dispose();
    expect(runtime.workers[0]!.terminated).toBe(true);
  });

  it('drives the rerank step: its order applied, and a missing model keeps the fused order with one notice', async () => {
    const { reranker } = inWorker();
    const out = await rerankResults(reranker, query, fused, 30);
    const order = nativeFused.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, i]) => `n${i}#0`);
    expect(out.report.applied).toBe(true);
    expect(out.results.map((r) => r.chunkId)).toEqual(order);
    reranker.dispose();

    const missing = new WorkerReranker({ runtime: new InProcessRuntime(), model: 'Nowhere', load: { model: 'Nowhere', localFolder: true, offline: true }, readModelFile: async () => null });
    const failed = await rerankResults(missing, query, fused, 30);
    expect(failed.results).toBe(fused);
    expect(failed.notice).toMatchObject({ code: 'rerank-failed', reranker: 'cross-encoder:Nowhere' });
    expect(failed.notice && 'detail' in failed.notice ? failed.notice.detail : '').not.toContain('/ask-vault-local/');
    missing.dispose();
  });

  it('a crashed worker fails the query in progress, and the next query starts a fresh one', async () => {
    const { runtime, reranker } = inWorker();
    await reranker.load();
    // The worker dies once the query is on its way, as a real one would under memory pressure.
    const worker = runtime.workers[0]!;
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (message, transfer) => {
      post(message, transfer);
      if (message.type === 'rerank') worker.crash('out of memory');
    };
    const pending = reranker.score(query, docs);
    await expect(pending).rejects.toThrow(/reranking worker stopped: out of memory/);
    const again = await reranker.score(query, docs);
    again.forEach((s, i) => expect(Math.abs(s - native[i]!)).toBeLessThan(1e-5));
    expect(runtime.workers).toHaveLength(2);
    expect(runtime.workers[0]!.terminated).toBe(true);
    reranker.dispose();
  });
});

describe('PluginRerankers (settings → reranker)', () => {
  it('the cross-encoder kind survives loading data.json; an unknown kind falls back to off', () => {
    const kept = loadSettingsReport({ version: 1, rerank: { kind: 'cross-encoder', model: 'Modèles/reranker' } });
    expect(kept.settings.rerank).toMatchObject({ kind: 'cross-encoder', model: 'Modèles/reranker' });
    expect(kept.issues).toEqual([]);
    expect(loadSettingsReport({ version: 1, rerank: { kind: 'colbert' } }).settings.rerank.kind).toBe('none');
  });

  it('takes a vault folder holding a model, keeps one worker while the model stays, and stops it when the kind changes', async () => {
    const runtime = new InProcessRuntime();
    const rerankers = new PluginRerankers({ runtime, adapter: new FsDataAdapter(vaultDir), http: noHttp, apiKey: () => '' });
    const s = defaultPluginSettings();
    expect(rerankers.create(s)).toBeNull();
    s.rerank.kind = 'cross-encoder';
    s.rerank.model = 'Modèles/reranker/';
    const r = rerankers.create(s)!;
    expect(r.name).toBe('cross-encoder:Modèles/reranker');
    const scores = await r.score(query, docs);
    scores.forEach((x, i) => expect(Math.abs(x - native[i]!)).toBeLessThan(1e-5));
    const load = runtime.workers[0]!.received.find((m) => m.type === 'load-reranker');
    expect(load?.type === 'load-reranker' && load.options).toMatchObject({ model: 'Modèles/reranker', localFolder: true });
    expect(rerankers.create(s)).toBe(r);
    s.rerank.kind = 'endpoint';
    s.rerank.baseUrl = 'http://127.0.0.1:9/v1';
    s.rerank.model = 'bge-reranker';
    expect(rerankers.create(s)?.name).toBe('endpoint:bge-reranker');
    expect(runtime.workers[0]!.terminated).toBe(true);
    rerankers.dispose();
  });
});
