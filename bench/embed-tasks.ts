// Embedding throughput in Node (onnxruntime-node): our TransformersEmbedder in its variants, and
// the baseline, raw transformers.js: one `pipeline()` call per batch of 16 texts in file order,
// on the same model and the same texts (prefix included, so both encode identical inputs).
import { paddedTokenCount, planBatches } from '../src/core/embedding/batching';
import { TransformersEmbedder } from '../src/core/embedding/transformers-embedder';
import type { EmbeddingDtype } from '../src/core/embedding/transformers-embedder';
import { FsBlobStore } from '../src/cli/fs-blob-store';
import { FsNoteSource } from '../src/cli/fs-note-source';
import { Engine } from '../src/core/engine';
import { defaultSettings } from '../src/core/settings';
import { gc, peakRss } from './child';
import { E5_MODEL, embedTextsSample, ensureVaultOnDisk } from './setup';
import { rng } from './stats';
import { TextMaker } from './vault';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export interface EmbedConfig {
  label: string;
  impl: 'raw' | 'ours';
  dtype: EmbeddingDtype;
  batchSize: number;
  sort: boolean;
  /** Token bound per batch (ours only); default: the embedder's. */
  maxBatchTokens?: number;
}

export interface EmbedParams {
  configs: EmbedConfig[];
  count: number;
  rounds: number;
  /**
   * 'vault': chunks of a generated vault, as our chunker cuts them. 'reference': lengths drawn
   * to match the mix the figures were measured on (median 81 tokens, p90 360).
   */
  mix: 'vault' | 'reference';
  model?: string;
}

export interface EmbedRun {
  config: EmbedConfig;
  /** chunks/s of each timed pass. */
  chunksPerSecond: number[];
  tokensPerSecond: number[];
  /** CPU time (user + system, all threads) of each timed pass, in seconds: steadier than wall time on a shared machine. */
  cpuSeconds: number[];
  realTokens: number;
  /** Tokens the encoder processed, padding included, for this batching. */
  paddedTokens: number;
  loadMs: number;
}

export interface EmbedResult {
  runs: EmbedRun[];
  chunks: number;
  tokenStats: { p50: number; p90: number; max: number; mean: number };
}

const PREFIX = 'passage: ';

interface Prepared {
  config: EmbedConfig;
  /** Embeds all inputs (prefixed) the way this configuration does. */
  run: (inputs: string[]) => Promise<void>;
  lengthOf: (input: string) => number;
  plan: (inputs: string[]) => number[][];
  loadMs: number;
}

/**
 * Loads every configuration, then runs the timed passes in rounds, one pass of each
 * configuration per round: on a shared machine, a change in load then hits them all alike.
 */
export async function embedThroughput(p: EmbedParams): Promise<EmbedResult> {
  const model = p.model ?? E5_MODEL;
  const prepared: Prepared[] = [];
  for (const config of p.configs) prepared.push(await prepare(config, model));
  const texts = p.mix === 'vault' ? await embedTextsSample(p.count) : referenceMix(p.count, prepared[0]!.lengthOf);
  const inputs = texts.map((t) => PREFIX + t);

  // Token counts from the first configuration's tokenizer (all share the model's tokenizer).
  const lengths = inputs.map(prepared[0]!.lengthOf);
  const runs: EmbedRun[] = prepared.map((x) => ({
    config: x.config,
    chunksPerSecond: [],
    tokensPerSecond: [],
    cpuSeconds: [],
    realTokens: lengths.reduce((a, b) => a + b, 0),
    paddedTokens: paddedTokenCount(x.plan(inputs), lengths),
    loadMs: x.loadMs,
  }));
  // Warm-up: one batch each, so no timed pass pays ONNX Runtime's first-run costs.
  for (const x of prepared) await x.run(inputs.slice(0, x.config.batchSize));

  for (let round = 0; round < p.rounds; round++) {
    for (const [i, x] of prepared.entries()) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      await x.run(inputs);
      const seconds = (performance.now() - started) / 1000;
      const cpuUsed = process.cpuUsage(cpu);
      runs[i]!.cpuSeconds.push((cpuUsed.user + cpuUsed.system) / 1e6);
      runs[i]!.chunksPerSecond.push(inputs.length / seconds);
      runs[i]!.tokensPerSecond.push(runs[i]!.realTokens / seconds);
      console.log(`round ${round + 1}, ${x.config.label}: ${(inputs.length / seconds).toFixed(1)} chunks/s`);
    }
  }
  const sorted = [...lengths].sort((a, b) => a - b);
  return {
    runs,
    chunks: inputs.length,
    tokenStats: {
      p50: sorted[Math.floor(sorted.length / 2)]!,
      p90: sorted[Math.floor(sorted.length * 0.9)]!,
      max: sorted.at(-1)!,
      mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    },
  };
}

/**
 * Texts whose token counts follow a log-normal law with the reference mix's median (81) and
 * p90 (360), built from the vault's words and measured with the model's own tokenizer.
 */
function referenceMix(count: number, lengthOf: (input: string) => number): string[] {
  const random = rng(81);
  const text = new TextMaker(360);
  const sigma = Math.log(360 / 81) / 1.2816; // p90 of a standard normal
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const target = Math.max(12, Math.min(512, Math.round(81 * Math.exp(sigma * z))));
    let body = '';
    // Whole sentences while far from the target, then word by word.
    while (lengthOf(PREFIX + body) < target * 0.8) body += (body ? ' ' : '') + text.sentence(5, 18);
    while (lengthOf(PREFIX + body) < target) body += ` ${text.word()}`;
    out.push(body);
  }
  return out;
}

async function prepare(config: EmbedConfig, model: string): Promise<Prepared> {
  const t0 = performance.now();
  if (config.impl === 'raw') {
    // The baseline: transformers.js as its documentation shows it, one pipeline() call per
    // batch, texts in the order they come.
    const { pipeline, env } = await import('@huggingface/transformers');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    const pipe = await pipeline('feature-extraction', model, { dtype: config.dtype, local_files_only: true });
    const lengthOf = (t: string) => Math.min(pipe.tokenizer.encode(t).length, 512);
    const plan = (inputs: string[]) => planBatches(inputs, lengthOf, { batchSize: config.batchSize, sortByLength: false });
    return {
      config,
      lengthOf,
      plan,
      loadMs: performance.now() - t0,
      run: async (inputs) => {
        for (let i = 0; i < inputs.length; i += config.batchSize) {
          await pipe(inputs.slice(i, i + config.batchSize), { pooling: 'mean', normalize: true });
        }
      },
    };
  }
  const embedder = new TransformersEmbedder({
    model,
    dtype: config.dtype,
    batchSize: config.batchSize,
    sortByLength: config.sort,
    offline: true,
    ...(config.maxBatchTokens ? { maxBatchTokens: config.maxBatchTokens } : {}),
  });
  await embedder.load();
  // Measured as the embedder plans: prefixed, with <s> and </s>.
  const lengthOf = (t: string) => Math.min(embedder.countTokens(t) + 2, 512);
  return {
    config,
    lengthOf,
    plan: (inputs) => planBatches(inputs, lengthOf, { batchSize: config.batchSize, sortByLength: config.sort, maxBatchTokens: embedder.maxBatchTokens }),
    loadMs: performance.now() - t0,
    run: async (inputs) => {
      await embedder.embed(inputs.map((t) => t.slice(PREFIX.length)), 'passage');
    },
  };
}

export interface IndexingMemoryParams {
  notes: number;
  dtype?: EmbeddingDtype;
  batchSize?: number;
  maxBatchTokens?: number;
}

export interface IndexingMemoryResult {
  chunks: number;
  embedded: number;
  seconds: number;
  chunksPerSecond: number;
  peakRss: number;
  baselineRss: number;
}

/** The real indexing path (Engine.sync, default embedder options unless given) on a vault on disk: peak RSS. */
export async function indexingMemory(p: IndexingMemoryParams): Promise<IndexingMemoryResult> {
  const vault = await ensureVaultOnDisk(`mem-${p.notes}`, p.notes);
  const indexDir = await mkdtemp(join(tmpdir(), 'ask-vault-bench-idx-'));
  gc();
  const baselineRss = process.memoryUsage().rss;
  try {
    const settings = defaultSettings();
    settings.retrieval.embeddingModel = E5_MODEL;
    const embedder = new TransformersEmbedder({
      model: E5_MODEL,
      offline: true,
      ...(p.dtype ? { dtype: p.dtype } : {}),
      ...(p.batchSize ? { batchSize: p.batchSize } : {}),
      ...(p.maxBatchTokens ? { maxBatchTokens: p.maxBatchTokens } : {}),
    });
    const engine = await Engine.open({ source: new FsNoteSource(vault), store: new FsBlobStore(indexDir), embedder, settings });
    const started = performance.now();
    const summary = await engine.sync();
    const seconds = (performance.now() - started) / 1000;
    await engine.close();
    return { chunks: summary.chunks, embedded: summary.embedded, seconds, chunksPerSecond: summary.embedded / seconds, peakRss: peakRss(), baselineRss };
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}
