// Indexing and search through embedding endpoints (Ollama and OpenAI protocols) served by a
// loopback server whose bag-of-words vectors make vector search meaningful.
import { noticeLogText } from '../../../src/core/notices';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { defaultSettings } from '../../../src/core/settings';
import { EndpointEmbedder, providerOfModelId } from '../../../src/core/embedding/providers';
import { EndpointReranker } from '../../../src/core/retrieval/rerank-endpoint';
import { fetchHttpClient } from '../../../src/core/http/fetch-client';
import { MemoryBlobStore } from '../index/memory-blob-store';
import { MemoryVault } from '../../fakes/memory-vault';
import { startEmbeddingServer, type EmbeddingServer } from '../../fakes/embedding-server';

const notes: Record<string, string> = {
  'RAG.md': '# RAG\n\n## Principe\n\nOn récupère des passages puis on génère une réponse.\n\n## Limites\n\nLa qualité dépend du découpage.\n',
  'pre-training.md': '# pre-training\n\nLe pré-entraînement apprend un modèle de langue sur un grand corpus.\n',
  'Journal/Journal du jeudi 26 décembre 2024 à 15h03.md': '# Journal du jeudi 26 décembre 2024 à 15:03\n\nJ’ai parlé du [[RAG]] avec Mehdi.\n',
  'Cuisine.md': '# Cuisine\n\nUne tarte aux pommes et une soupe de potiron.\n',
  'Voyage.md': '# Voyage\n\nUn train de nuit vers Rome, puis Naples.\n',
};

const http = fetchHttpClient();
let server: EmbeddingServer;
let vault: MemoryVault;
let store: MemoryBlobStore;

beforeEach(async () => {
  server = await startEmbeddingServer({ models: ['nomic-embed-text', 'bge-m3', 'text-embedding-3-small', 'bge-reranker'] });
  vault = new MemoryVault(notes);
  store = new MemoryBlobStore();
});
afterEach(() => server.close());

function embedder(provider: 'ollama' | 'openai', model: string, extra: Partial<ConstructorParameters<typeof EndpointEmbedder>[0]> = {}) {
  return new EndpointEmbedder({ provider, baseUrl: server.url, model, http, batchSize: 2, sleep: async () => {}, ...extra });
}

function settings() {
  const s = defaultSettings();
  s.retrieval.chunkTokens = 64;
  return s;
}

async function open(e: EndpointEmbedder | null, reranker?: EndpointReranker) {
  return Engine.open({ source: vault, store, embedder: e, settings: settings(), checkpointMs: 0, ...(reranker ? { reranker } : {}) });
}

/** Texts sent for notes (the load probe is one sentence, sent once per session). */
const noteTexts = () => server.texts().filter((t) => !t.endsWith('dimension probe'));

describe('indexing through an endpoint', () => {
  it('first index embeds each chunk once; an unchanged re-run sends no note text', async () => {
    let engine = await open(embedder('ollama', 'nomic-embed-text'));
    const first = await engine.sync();
    expect(first.embedded).toBe(first.chunks);
    expect(first.model).toBe('ollama:nomic-embed-text');
    const sent = noteTexts();
    expect(sent).toHaveLength(first.chunks);
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.every((t) => t.startsWith('search_document: '))).toBe(true);
    expect(engine.status().model).toBe('ollama:nomic-embed-text');
    expect(providerOfModelId(engine.status().model)).toBe('ollama');
    await engine.close();

    server.requests.length = 0;
    engine = await open(embedder('ollama', 'nomic-embed-text'));
    const again = await engine.sync();
    expect(again.embedded).toBe(0);
    expect(noteTexts()).toHaveLength(0);
    expect(server.requests).toHaveLength(1); // the probe at load
    await engine.close();
  });

  it.each([
    ['another model', () => embedder('ollama', 'bge-m3')],
    ['another provider', () => embedder('openai', 'text-embedding-3-small')],
  ])('switching to %s re-embeds everything, never mixing', async (_what, next) => {
    let engine = await open(embedder('ollama', 'nomic-embed-text'));
    const first = await engine.sync();
    await engine.close();
    server.requests.length = 0;
    const switched = next();
    engine = await open(switched);
    expect(engine.warnings.join('\n')).toMatch(/Embedding model changed \(ollama:nomic-embed-text → /);
    const s = await engine.sync();
    expect(s.embedded).toBe(first.chunks);
    expect(s.reused).toBe(0);
    expect(noteTexts()).toHaveLength(first.chunks);
    expect(engine.status().model).toBe(switched.modelId);
    expect(engine.status().vectors).toBe(first.chunks);
    await engine.close();
  });

  it('a server whose model changed dimension between runs: vectors dropped and re-embedded, not mixed', async () => {
    let engine = await open(embedder('openai', 'text-embedding-3-small'));
    const first = await engine.sync();
    await engine.close();
    server.set({ dimension: 128 });
    engine = await open(embedder('openai', 'text-embedding-3-small'));
    const s = await engine.sync();
    expect(engine.warnings.join('\n')).toMatch(/Vector dimension changed \(64 → 128\)/);
    expect(s.embedded).toBe(first.chunks);
    const hits = await engine.search('tarte aux pommes', { mode: 'vector' });
    expect(hits.results[0]?.path).toBe('Cuisine.md');
    await engine.close();
  });

  it.each([
    ['429 until retries run out', { status: 429, headers: { 'retry-after': '0' } }, /rate-limiting requests \(HTTP 429\)/],
    ['5xx', { status: 502 }, /failed \(HTTP 502\)/],
    ['a malformed body', { raw: 'not json' }, /did not answer with JSON/],
    ['a vector count that differs', { dropVector: true }, /returned 1 vectors for 2 texts/],
    ['a dimension change mid-run', { dimension: 8 }, /returned 8-dimension vectors after 64-dimension ones/],
  ] as const)('%s mid-run: one line, what was embedded is committed, the next run sends only the rest', async (_what, fault, message) => {
    const e = embedder('ollama', 'nomic-embed-text', { concurrency: 1, maxRetries: 0 });
    let engine = await open(e);
    await e.load();
    server.requests.length = 0;
    // Two batches succeed, then the fault (no retries here: the retry tests are the embedder's).
    server.fail({}, {}, fault);
    const s = await engine.sync();
    expect(s.embedError).toMatch(message);
    expect(s.embedError).not.toMatch(/\n/);
    expect(s.embedded).toBe(4);
    expect(s.notes).toBe(5); // every note indexed, lexically searchable
    await engine.close();

    // Reopened from disk: the 4 vectors were committed.
    server.requests.length = 0;
    engine = await open(embedder('ollama', 'nomic-embed-text'));
    expect(engine.status().vectors).toBe(4);
    const next = await engine.sync();
    expect(next.embedError).toBeUndefined();
    expect(next.embedded).toBe(s.chunks - 4);
    expect(noteTexts()).toHaveLength(s.chunks - 4);
    await engine.close();
  });

  it('an endpoint down at start: the run indexes lexically with one notice, and search falls back', async () => {
    const url = server.url;
    await server.close();
    const engine = await open(new EndpointEmbedder({ provider: 'openai', baseUrl: url, model: 'text-embedding-3-small', http }));
    const s = await engine.sync();
    expect(s.embedded).toBe(0);
    expect(s.notes).toBe(5);
    const res = await engine.search('tarte aux pommes');
    expect(res.mode).toBe('lexical');
    expect(res.results[0]?.path).toBe('Cuisine.md');
    expect(res.notices.map(noticeLogText).join('\n')).toMatch(/Embedding model openai:text-embedding-3-small is not available \(Cannot connect to 127\.0\.0\.1:\d+: connection refused/);
    await engine.close();
    server = await startEmbeddingServer();
  });

  it('query embeddings go through the provider; when it fails mid-session, search is lexical with one notice', async () => {
    const engine = await open(embedder('openai', 'text-embedding-3-small'));
    await engine.sync();
    server.requests.length = 0;
    const res = await engine.search('soupe de potiron', { mode: 'vector' });
    expect(res.mode).toBe('vector');
    expect(res.results[0]?.path).toBe('Cuisine.md');
    expect(server.requests.map((r) => r.body.input)).toEqual([['soupe de potiron']]);

    server.fail({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const down = await engine.search('soupe de potiron');
    expect(down.mode).toBe('lexical');
    expect(down.results[0]?.path).toBe('Cuisine.md');
    expect(down.notices).toHaveLength(1);
    expect(noticeLogText(down.notices[0])).toMatch(/^The query could not be embedded \(.*HTTP 500.*\): lexical and link-graph retrieval only\.$/);
    await engine.close();
  });
});

describe('reranking through /v1/rerank', () => {
  it('reorders the fused top N by the endpoint score and says so', async () => {
    const reranker = new EndpointReranker({ baseUrl: server.url, model: 'bge-reranker', http });
    const engine = await open(embedder('ollama', 'nomic-embed-text'), reranker);
    await engine.sync();
    const res = await engine.search('train de nuit vers Rome', { expand: false });
    const call = server.requests.find((r) => r.path === '/v1/rerank');
    expect(call?.body.query).toBe('train de nuit vers Rome');
    expect((call?.body.documents as string[]).length).toBe(res.rerank?.candidates);
    expect(res.rerank?.applied).toBe(true);
    expect(res.rerank?.model).toBe('endpoint:bge-reranker');
    expect(res.rerank?.ms).toBeGreaterThanOrEqual(0);
    expect(res.results[0]?.path).toBe('Voyage.md');
    expect(res.results[0]?.why).toMatch(/reranked$/);
    await engine.close();
  });

  it('applies the endpoint order even against the fused one', async () => {
    // A reranker that prefers the cooking note for any query: its order must win.
    const cooking = { name: 'test:cooking-first', score: async (_q: string, docs: string[]) => docs.map((d) => (d.includes('Cuisine') ? 10 : 0)) };
    const engine = await Engine.open({ source: vault, store, embedder: embedder('ollama', 'nomic-embed-text'), reranker: cooking, settings: settings() });
    await engine.sync();
    const res = await engine.search('RAG passages réponse', { expand: false });
    expect(res.results[0]?.path).toBe('Cuisine.md');
    await engine.close();
  });

  it('a failing reranker keeps the fused order, with one notice', async () => {
    const plain = await open(embedder('ollama', 'nomic-embed-text'));
    await plain.sync();
    const fused = await plain.search('train de nuit vers Rome', { expand: false });
    await plain.close();
    const reranker = new EndpointReranker({ baseUrl: server.url, model: 'bge-reranker', http });
    const engine = await open(embedder('ollama', 'nomic-embed-text'), reranker);
    server.fail({}, {}, { status: 500 }); // the probe and the query embedding pass; the rerank call fails
    const res = await engine.search('train de nuit vers Rome', { expand: false });
    expect(res.results.map((r) => r.chunkId)).toEqual(fused.results.map((r) => r.chunkId));
    expect(res.rerank?.applied).toBe(false);
    expect(res.notices.filter((n) => n.code === 'rerank-failed' && n.reranker === 'endpoint:bge-reranker' && /HTTP 500/.test(n.detail))).toHaveLength(1);
    await engine.close();
  });
});
