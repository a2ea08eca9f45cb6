// Runs the real transformers.js + onnxruntime-node path on the committed tiny random-weight model
// (tests/fixtures/tiny-model, made by scripts/make-tiny-model.py). Its vectors mean nothing, but
// they are a deterministic function of the tokens and the attention mask, which is what is tested.

import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PreTrainedTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransformersEmbedder, type TransformersEmbedderOptions } from '../../../src/core/embedding';
import type { Logger } from '../../../src/core/ports';

const FIXTURE = resolve(__dirname, '../../fixtures/tiny-model');

const TEXTS = [
  'Journal du jeudi 26 décembre 2024 à 15:03',
  "J'ai partagé Projet 20 - Créer un POC d'un RAG à un ami, il m'a dit : pourquoi ne pas entraîner directement un modèle ?",
  'pre-training',
  'Voici ma réponse sous forme de note.',
  "Je tiens à préciser que je ne suis pas un expert du domaine, mais le RAG me semble plus simple que l'entraînement.",
  'fine-tuning',
  'Retrieval Augmented Generation',
];

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0) / (norm(a) * norm(b));
const maxDiff = (a: Float32Array, b: Float32Array) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));

function embedder(options: Partial<TransformersEmbedderOptions> = {}) {
  return new TransformersEmbedder({ model: FIXTURE, offline: true, ...options });
}

describe('TransformersEmbedder on the tiny model', () => {
  const fp32 = embedder({ dtype: 'fp32', batchSize: 3 });

  beforeAll(async () => {
    await fp32.load();
  });
  afterAll(async () => {
    await fp32.dispose();
  });

  it('loads the quantised weights by default and reports the dimension and load progress', async () => {
    const e = embedder();
    const events: { status: string; file?: string }[] = [];
    expect(await e.load((p) => events.push(p))).toBe(32);
    expect(e.dtype).toBe('q8');
    expect(e.maxTokens).toBe(128); // the fixture's own limit, below the default 512
    const files = new Set(events.map((p) => p.file).filter(Boolean));
    expect(files).toContain('onnx/model_quantized.onnx');
    expect(files).toContain('tokenizer.json');
    expect(events.map((p) => p.status)).toContain('done');
    await e.dispose();
  });

  it('returns unit vectors, identical from one load to the next', async () => {
    const again = embedder({ dtype: 'fp32' });
    const a = await fp32.embed(TEXTS, 'passage');
    const b = await again.embed(TEXTS, 'passage'); // embed() loads on demand
    expect(a).toHaveLength(TEXTS.length);
    for (let i = 0; i < a.length; i++) {
      expect(a[i]).toBeInstanceOf(Float32Array);
      expect(a[i]).toHaveLength(32);
      expect(norm(a[i])).toBeCloseTo(1, 5);
      expect(Array.from(b[i])).toEqual(Array.from(a[i]));
    }
    await again.dispose();
  });

  it('gives a text the same vector whatever it is batched and padded with', async () => {
    const alone = await Promise.all(TEXTS.map(async (t) => (await fp32.embed([t], 'passage'))[0]));
    const unsortedBig = embedder({ dtype: 'fp32', batchSize: 16, sortByLength: false });
    const inOneBatch = await unsortedBig.embed(TEXTS, 'passage');
    const sortedSmall = await fp32.embed([...TEXTS].reverse(), 'passage');
    for (let i = 0; i < TEXTS.length; i++) {
      expect(maxDiff(inOneBatch[i], alone[i])).toBeLessThan(1e-4);
      expect(maxDiff(sortedSmall[TEXTS.length - 1 - i], alone[i])).toBeLessThan(1e-4);
    }
    await unsortedBig.dispose();
  });

  it('keeps batch effects of q8 dynamic quantisation negligible', async () => {
    const q8 = embedder({ batchSize: 16 });
    const batched = await q8.embed(TEXTS, 'passage');
    for (let i = 0; i < TEXTS.length; i++) {
      const [alone] = await q8.embed([TEXTS[i]], 'passage');
      expect(cosine(batched[i], alone)).toBeGreaterThan(0.999);
    }
    await q8.dispose();
  });

  it('gives different texts different vectors', async () => {
    const vectors = await fp32.embed(TEXTS, 'passage');
    for (let i = 0; i < vectors.length; i++) {
      for (let j = i + 1; j < vectors.length; j++) {
        expect(cosine(vectors[i], vectors[j])).toBeLessThan(0.99);
      }
    }
  });

  it('returns vectors in input order when batches are sorted by length', async () => {
    const texts = ['a', TEXTS[1], 'b', TEXTS[4], TEXTS[0], 'c d'];
    const sorted = await fp32.embed(texts, 'passage');
    for (let i = 0; i < texts.length; i++) {
      const [alone] = await fp32.embed([texts[i]], 'passage');
      expect(maxDiff(sorted[i], alone)).toBeLessThan(1e-4);
    }
  });

  it("applies the e5 profile's prefixes, and none without a profile that asks", async () => {
    const e5 = embedder({ dtype: 'fp32', profile: 'e5' });
    expect(fp32.profile.name).toBe('mean'); // the fixture's folder name says nothing of e5
    const [query] = await e5.embed(['projet 20'], 'query');
    const [passage] = await e5.embed(['projet 20'], 'passage');
    const [plainQuery, plainPassage, plain] = await fp32.embed(
      ['query: projet 20', 'passage: projet 20', 'projet 20'],
      'query',
    );
    expect(maxDiff(query, plainQuery)).toBeLessThan(1e-4);
    expect(maxDiff(passage, plainPassage)).toBeLessThan(1e-4);
    expect(cosine(query, passage)).toBeLessThan(0.999);
    const [unprefixedQuery] = await fp32.embed(['projet 20'], 'query');
    expect(maxDiff(unprefixedQuery, plain)).toBeLessThan(1e-4);
    await e5.dispose();
  });

  it('pools by [CLS] for a cls profile', async () => {
    const cls = embedder({ dtype: 'fp32', profile: 'bge-m3' });
    const [a] = await cls.embed([TEXTS[1]], 'passage');
    const [b] = await fp32.embed([TEXTS[1]], 'passage');
    expect(norm(a)).toBeCloseTo(1, 5);
    expect(cosine(a, b)).toBeLessThan(0.999);
    await cls.dispose();
  });

  it('truncates inputs to maxTokens', async () => {
    const short = embedder({ dtype: 'fp32', maxTokens: 8 });
    const head = 'journal du jeudi note projet';
    const [a, b] = await short.embed([`${head} modèle données texte`, `${head} modèle données recherche lecture travail`], 'passage');
    expect(short.maxTokens).toBe(8);
    // [CLS] + 7 tokens: both are cut after "données", so they become the same input.
    expect(maxDiff(a, b)).toBeLessThan(1e-6);
    const [c, d] = await fp32.embed([`${head} modèle données texte`, `${head} modèle données recherche`], 'passage');
    expect(cosine(c, d)).toBeLessThan(0.999);
    await short.dispose();
  });

  it('reports progress after each batch', async () => {
    const progress: { done: number; total: number }[] = [];
    await fp32.embed(TEXTS, 'passage', { onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([
      { done: 3, total: 7 },
      { done: 6, total: 7 },
      { done: 7, total: 7 },
    ]);
  });

  it('stops between batches when aborted', async () => {
    const controller = new AbortController();
    const progress: number[] = [];
    const run = fp32.embed(TEXTS, 'passage', {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.done);
        controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(progress).toEqual([3]);
    await expect(fp32.embed(TEXTS, 'passage', { signal: controller.signal })).rejects.toThrow(/abort/i);
    expect(progress).toEqual([3]);
  });

  it('counts tokens with the model tokenizer', async () => {
    expect(fp32.countTokens('Journal du jeudi')).toBe(3);
    expect(fp32.countTokens('décembre 2024')).toBe(5); // décembre 2 ##0 ##2 ##4
    expect(fp32.countTokens('')).toBe(0);
    const e5 = embedder({ dtype: 'fp32', profile: 'e5' });
    expect(() => e5.countTokens('x')).toThrow(/not loaded/);
    await e5.load();
    // 128 less [CLS], [SEP] and "passage :".
    expect(e5.passageTokenBudget).toBe(128 - 2 - e5.countTokens('passage: '));
    expect(fp32.passageTokenBudget).toBe(126);
    await e5.dispose();
  });

  it('bounds the padded tokens of each forward pass', async () => {
    const lengths = TEXTS.map((t) => fp32.countTokens(t) + 2);
    const bounded = embedder({ dtype: 'fp32', batchSize: 16, maxBatchTokens: Math.max(...lengths) });
    expect(bounded.maxBatchTokens).toBe(Math.max(...lengths));
    const progress: number[] = [];
    const vectors = await bounded.embed(TEXTS, 'passage', { onProgress: (p) => progress.push(p.done) });
    // Under a bound of the longest text's length, the longest texts go alone: more batches than
    // the single one that 16 texts a batch would make, and the same vectors.
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(TEXTS.length);
    const reference = await fp32.embed(TEXTS, 'passage');
    for (let i = 0; i < TEXTS.length; i++) expect(maxDiff(vectors[i], reference[i])).toBeLessThan(1e-4);
    await bounded.dispose();
  });

  it('keeps the SentencePiece vocabularies it loads in a compact trie', () => {
    // fp32 is loaded: any Unigram tokenizer built from now on uses the compact trie.
    const unigram = new PreTrainedTokenizer(
      {
        model: { type: 'Unigram', unk_id: 0, vocab: [['<unk>', 0], ['▁jour', -1], ['nal', -2], ['▁journal', -1.5]] },
        normalizer: null,
        pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
        post_processor: null,
        decoder: null,
        added_tokens: [],
      },
      {},
    );
    const trie = (unigram as unknown as { _tokenizer: { model: { trie: { root: { children: Map<string, unknown> } } } } })._tokenizer.model.trie;
    expect(trie.root.children.size).toBe(0);
    expect(unigram.encode('journal', { add_special_tokens: false })).toEqual([3]);
  });

  it('embeds no text without running the model', async () => {
    expect(await fp32.embed([], 'query')).toEqual([]);
  });

  it('loads a folder given as a relative path', async () => {
    const relative = embedder({ model: './tests/fixtures/tiny-model', dtype: 'fp32' });
    const [a] = await relative.embed([TEXTS[0]], 'passage');
    const [b] = await fp32.embed([TEXTS[0]], 'passage');
    expect(maxDiff(a, b)).toBeLessThan(1e-6);
    await relative.dispose();
  });
});

describe('TransformersEmbedder failures and fallbacks', () => {
  let tmp: string;
  const realFetch = env.fetch;
  const fetched: string[] = [];

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ask-vault-embed-'));
    // Any network attempt is recorded and refused, so "offline" is checked, not assumed.
    env.fetch = (input: string | URL) => {
      fetched.push(String(input));
      return Promise.reject(new Error('network is disabled in this test'));
    };
  });
  afterAll(async () => {
    env.fetch = realFetch;
    await rm(tmp, { recursive: true, force: true });
  });

  it('fails fast and clearly, without network, for a hub model not available offline', async () => {
    const e = new TransformersEmbedder({
      model: 'Xenova/not-downloaded-model',
      offline: true,
      cacheDir: join(tmp, 'cache'),
      localModelPath: join(tmp, 'models'),
    });
    const started = Date.now();
    const error = await e.load().then(
      () => null,
      (err: unknown) => err as Error,
    );
    expect(error?.message).toBe(
      `model Xenova/not-downloaded-model is not available offline: not in the model cache (${join(tmp, 'cache')}) ` +
        `nor at ${join(tmp, 'models')}/Xenova/not-downloaded-model/config.json; ` +
        'download it once online, or set the model to a local folder',
    );
    expect(error?.message).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fetched).toEqual([]);
  });

  it('names the folder when a model folder is missing', async () => {
    const missing = join(tmp, 'no-such-model');
    const e = new TransformersEmbedder({ model: missing });
    await expect(e.load()).rejects.toThrow(`model folder ${missing} could not be loaded: missing ${missing}/config.json`);
    expect(fetched).toEqual([]);
  });

  it('can be loaded again after a failed load', async () => {
    const folder = join(tmp, 'late-model');
    const e = new TransformersEmbedder({ model: folder, dtype: 'fp32' });
    await expect(e.load()).rejects.toThrow(/could not be loaded/);
    await cp(FIXTURE, folder, { recursive: true });
    expect(await e.load()).toBe(32);
    await e.dispose();
  });

  it('falls back to fp32 when a folder has no quantised weights and no dtype was asked for', async () => {
    const folder = join(tmp, 'fp32-only');
    await cp(FIXTURE, folder, { recursive: true });
    await rm(join(folder, 'onnx', 'model_quantized.onnx'));
    const warnings: string[] = [];
    const logger: Logger = { info() {}, debug() {}, warn: (m) => warnings.push(m) };
    const e = new TransformersEmbedder({ model: folder, logger });
    expect(await e.load()).toBe(32);
    expect(e.dtype).toBe('fp32');
    expect(warnings).toEqual([`embedding model ${folder} has no q8 weights; using fp32`]);
    await e.dispose();

    const strict = new TransformersEmbedder({ model: folder, dtype: 'q8' });
    await expect(strict.load()).rejects.toThrow(/could not be loaded: missing .*model_quantized\.onnx/);
    expect(fetched).toEqual([]);
  });

  it('rejects bad options with a one-line error', () => {
    expect(() => new TransformersEmbedder({ model: '' })).toThrow('embedding model is not set');
    expect(() => new TransformersEmbedder({ model: FIXTURE, batchSize: 0 })).toThrow('batch size must be a positive integer, got 0');
    expect(() => new TransformersEmbedder({ model: FIXTURE, maxTokens: -1 })).toThrow('max tokens must be a positive integer, got -1');
    expect(() => new TransformersEmbedder({ model: FIXTURE, maxBatchTokens: 0 })).toThrow('max batch tokens must be a positive integer, got 0');
    expect(() => new TransformersEmbedder({ model: FIXTURE, profile: 'e6' as 'e5' })).toThrow(/unknown embedding profile "e6"/);
  });
});
