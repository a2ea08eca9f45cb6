import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EndpointEmbedder, isPartialEmbeddingError, providerOfModelId, type EndpointEmbedderOptions } from '../../../../src/core/embedding/providers';
import { fetchHttpClient } from '../../../../src/core/http/fetch-client';
import { LlmError } from '../../../../src/core/http/errors';
import { bagOfWordsVector, startEmbeddingServer, type EmbeddingServer } from '../../../fakes/embedding-server';

let server: EmbeddingServer;
const http = fetchHttpClient();
const waits: number[] = [];

beforeEach(async () => {
  server = await startEmbeddingServer({ models: ['nomic-embed-text', 'text-embedding-3-small'] });
  waits.length = 0;
});
afterEach(() => server.close());

function make(provider: 'ollama' | 'openai', extra: Partial<EndpointEmbedderOptions> = {}) {
  return new EndpointEmbedder({
    provider,
    baseUrl: server.url,
    model: provider === 'ollama' ? 'nomic-embed-text' : 'text-embedding-3-small',
    http,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

describe('EndpointEmbedder: the two protocols', () => {
  it.each(['ollama', 'openai'] as const)('%s: vectors in input order, unit length, batched', async (provider) => {
    const e = make(provider, { batchSize: 2 });
    const texts = ['le chat dort', 'pre-training des modèles', 'RAG sur un vault', 'journal du jeudi', 'cinq'];
    const vs = await e.embed(texts, 'passage');
    expect(vs).toHaveLength(5);
    expect(server.requests.map((r) => r.path)).toEqual(Array(3).fill(provider === 'ollama' ? '/api/embed' : '/v1/embeddings'));
    expect(server.requests.map((r) => (r.body.input as string[]).length)).toEqual([2, 2, 1]);
    // nomic's own prefixes on Ollama; none for OpenAI's model.
    const prefix = provider === 'ollama' ? 'search_document: ' : '';
    texts.forEach((t, i) => {
      const expected = bagOfWordsVector(prefix + t, 64);
      expect(Array.from(vs[i]).map((x) => Number(x.toFixed(5)))).toEqual(expected.map((x) => Number(x.toFixed(5))));
    });
    expect(e.modelId).toBe(`${provider}:${provider === 'ollama' ? 'nomic-embed-text' : 'text-embedding-3-small'}`);
    expect(providerOfModelId(e.modelId)).toBe(provider);
    expect(providerOfModelId('Xenova/multilingual-e5-small')).toBe('transformers');
  });

  it('query and passage prefixes come from the model table, and can be overridden (changing the model id)', async () => {
    const own = make('ollama');
    await own.embed(['quoi'], 'query');
    expect(server.requests[0].body.input).toEqual(['search_query: quoi']);
    const custom = make('ollama', { prefixes: { query: 'Q: ', passage: 'P: ' } });
    await custom.embed(['quoi'], 'query');
    await custom.embed(['texte'], 'passage');
    expect(server.requests[1].body.input).toEqual(['Q: quoi']);
    expect(server.requests[2].body.input).toEqual(['P: texte']);
    expect(custom.modelId).not.toBe(own.modelId);
    expect(custom.modelId.startsWith('ollama:nomic-embed-text#')).toBe(true);
  });

  it('sends the key as a Bearer token, and a pasted /v1/embeddings URL still works', async () => {
    server.set({ apiKey: 'sk-test-123456789' });
    const e = make('openai', { apiKey: 'sk-test-123456789', baseUrl: `${server.url}/v1/embeddings` });
    expect(await e.load()).toBe(64);
    expect(server.requests[0].headers.authorization).toBe('Bearer sk-test-123456789');
    expect(server.requests[0].path).toBe('/v1/embeddings');
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    server.set({ latencyMs: 30 });
    const e = make('openai', { batchSize: 1, concurrency: 2 });
    await e.embed(['a', 'b', 'c', 'd', 'e', 'f'], 'passage');
    expect(server.maxInFlight()).toBe(2);
    const four = make('openai', { batchSize: 1, concurrency: 4 });
    await four.embed(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 'passage');
    expect(server.maxInFlight()).toBe(4);
  });

  it('reports progress batch by batch', async () => {
    const seen: number[] = [];
    await make('ollama', { batchSize: 2, concurrency: 1 }).embed(['a', 'b', 'c'], 'passage', { onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([2, 3]);
  });
});

describe('EndpointEmbedder: errors are one line, and what was embedded is handed back', () => {
  it('unreachable endpoint', async () => {
    const url = server.url;
    await server.close();
    const err = await failure(make('ollama', { baseUrl: url }).load());
    expect(err).toBeInstanceOf(LlmError);
    expect((err as LlmError).kind).toBe('unreachable');
    expect(err.message).toMatch(/Cannot connect to 127\.0\.0\.1:\d+: connection refused/);
  });

  it('401 names the key problem and never the key', async () => {
    server.set({ apiKey: 'sk-right-abcdefgh' });
    const err = await failure(make('openai', { apiKey: 'sk-wrong-abcdefgh' }).load());
    expect((err as LlmError).kind).toBe('auth');
    expect(err.message).toMatch(/rejected the API key \(HTTP 401\)/);
    expect(err.message).not.toContain('sk-wrong');
    expect(err.message).not.toMatch(/\n/);
  });

  it.each(['ollama', 'openai'] as const)('%s: 404 unknown model names the model', async (provider) => {
    const err = await failure(make(provider, { model: 'nope-embed' }).load());
    expect((err as LlmError).kind).toBe('not-found');
    expect(err.message).toContain('"nope-embed"');
    if (provider === 'ollama') expect(err.message).toContain('ollama pull nope-embed');
  });

  it('413 halves the batch and retries, and keeps the smaller size', async () => {
    server.set({ maxBatch: 3 });
    const e = make('openai', { batchSize: 8, concurrency: 1 });
    const vs = await e.embed(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 'passage');
    expect(vs.every((v) => v.length === 64)).toBe(true);
    expect(server.requests.map((r) => (r.body.input as string[]).length)).toEqual([8, 4, 2, 2, 4, 2, 2]);
    server.requests.length = 0;
    await e.embed(['a', 'b', 'c', 'd'], 'passage');
    expect(server.requests.map((r) => (r.body.input as string[]).length)).toEqual([2, 2]);
  });

  it('413 on a single text is an error, not a loop', async () => {
    server.set({ maxBatch: 0.5 });
    const err = await failure(make('openai').embed(['long'], 'passage'));
    expect(err.message).toMatch(/refused a single text as too large \(HTTP 413\)/);
  });

  it('429 waits as Retry-After says (with up to 10% jitter), then succeeds', async () => {
    server.fail({ status: 429, headers: { 'retry-after': '2' } }, { status: 429, headers: { 'retry-after-ms': '100' } });
    const vs = await make('ollama').embed(['a'], 'passage');
    expect(vs).toHaveLength(1);
    expect(waits).toEqual([2100, 105]);
  });

  it('5xx backs off exponentially with full jitter, then gives up with one line', async () => {
    server.fail(...Array(5).fill({ status: 503 }));
    const err = await failure(make('openai', { maxRetries: 3, retryBaseMs: 100 }).embed(['a'], 'passage'));
    expect(waits).toEqual([50, 100, 200]);
    expect(err.message).toMatch(/failed \(HTTP 503\)/);
    expect(server.requests).toHaveLength(4);
  });

  it('400 is not retried', async () => {
    server.fail({ status: 400, json: { error: { message: 'input too long' } } });
    const err = await failure(make('openai').embed(['a'], 'passage'));
    expect(err.message).toMatch(/refused the request \(HTTP 400\): input too long/);
    expect(server.requests).toHaveLength(1);
  });

  it('timeout', async () => {
    server.fail({ delayMs: 500 });
    const err = await failure(make('ollama', { timeoutMs: 100 }).embed(['a'], 'passage'));
    expect(err.message).toMatch(/No data from the server for 0\.1 s/);
  });

  it('malformed body', async () => {
    server.fail({ raw: '<html>proxy</html>' });
    expect((await failure(make('ollama').embed(['a'], 'passage'))).message).toMatch(/did not answer with JSON/);
    server.fail({ json: { embeddings: 'no' } });
    expect((await failure(make('ollama').embed(['a'], 'passage'))).message).toMatch(/did not answer with embeddings/);
    server.fail({ json: { data: [{ index: 0, embedding: [1, 'x'] }] } });
    expect((await failure(make('openai').embed(['a'], 'passage'))).message).toMatch(/not a list of numbers/);
  });

  it('a vector count that differs from the input count', async () => {
    server.fail({ dropVector: true });
    const err = await failure(make('openai').embed(['a', 'b', 'c'], 'passage'));
    expect(err.message).toMatch(/returned 2 vectors for 3 texts/);
  });

  it('a dimension change mid-run stops the run; the vectors before it are handed back, none after', async () => {
    const e = make('ollama', { batchSize: 2, concurrency: 1 });
    server.fail({}, { dimension: 12 });
    const err = await failure(e.embed(['a', 'b', 'c', 'd', 'e', 'f'], 'passage'));
    expect(isPartialEmbeddingError(err)).toBe(true);
    expect(err.message).toMatch(/returned 12-dimension vectors after 64-dimension ones/);
    if (!isPartialEmbeddingError(err)) return;
    expect(err.partial.map((v) => v?.length)).toEqual([64, 64, undefined, undefined, undefined, undefined]);
    expect(server.requests).toHaveLength(2);
  });

  it('the first failure stops new requests; requests already answered are kept', async () => {
    const e = make('openai', { batchSize: 1, concurrency: 1, maxRetries: 0 });
    server.fail({}, {}, { status: 500 });
    const err = await failure(e.embed(['a', 'b', 'c', 'd', 'e'], 'passage'));
    if (!isPartialEmbeddingError(err)) throw err;
    expect(err.partial.filter(Boolean)).toHaveLength(2);
    expect(server.requests).toHaveLength(3);
  });

  it('a bad base URL is reported at use, not at construction', async () => {
    const e = make('openai', { baseUrl: 'ftp://x' });
    expect((await failure(e.load())).message).toMatch(/must start with http/);
  });
});
