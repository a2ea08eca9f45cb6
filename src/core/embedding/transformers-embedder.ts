// The Embedder port on transformers.js: a local ONNX encoder, run by onnxruntime-node in the CLI
// and by onnxruntime-web in the plugin's worker. The package's export conditions pick the right
// build, and it is imported lazily so that merely importing this module (for planBatches, say)
// neither loads ONNX Runtime nor pulls it into a bundle's start-up path.

import type * as Transformers from '@huggingface/transformers';
import type { EmbedKind, EmbedProgress, Embedder, Logger } from '../ports';
import { silentLogger } from '../ports';
import { planBatches } from './batching';
import { installCompactUnigramTrie } from './compact-unigram-trie';
import { isLocalModelPath } from './model-location';
import {
  DEFAULT_EMBEDDING_DTYPE,
  MODEL_PROFILES,
  applyPrefix,
  isProfileName,
  profileForModel,
  type ModelProfile,
  type ProfileName,
} from './model-profiles';

type Library = typeof Transformers;
type Pipeline = Transformers.FeatureExtractionPipeline;
export type TransformersEnv = Library['env'];
export type EmbeddingDtype = Transformers.DataType;

export interface LoadProgress {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
}

export interface TransformersEmbedderOptions {
  /** Hub id (`Xenova/multilingual-e5-small`) or model folder (absolute, or `./`/`../`-relative). */
  model: string;
  /** Weights variant; `q8` (default) falls back to `fp32` when the model has no quantised file. */
  dtype?: EmbeddingDtype;
  /** Most texts per forward pass. Default 16. */
  batchSize?: number;
  /**
   * Most tokens per forward pass, padding included (texts × longest): what bounds the encoder's
   * working memory. A text longer than this goes alone. Default 512.
   */
  maxBatchTokens?: number;
  /** Batch texts of similar length together to cut padding. Default true. */
  sortByLength?: boolean;
  /** Never touch the network: load from the cache or a local folder, or fail with a clear error. */
  offline?: boolean;
  /** Where downloaded models are cached (Node). Default: transformers.js's own cache folder. */
  cacheDir?: string;
  /** Root folder where hub ids are first looked up as `<localModelPath>/<owner>/<name>/`. */
  localModelPath?: string;
  /** ONNX Runtime device: 'cpu' (Node), 'wasm' or 'webgpu' (browser). Default: the platform's. */
  device?: Transformers.DeviceType;
  /** Longer inputs are truncated to this many tokens (and never past the model's own limit). Default 512. */
  maxTokens?: number;
  /** Force the prefixes and pooling instead of guessing them from the model name. */
  profile?: ProfileName | ModelProfile;
  /**
   * Platform settings on transformers.js's (process-wide) `env`, applied before loading: WASM
   * paths and thread count in a worker, a custom cache in the plugin, and so on.
   */
  configureEnv?: (env: TransformersEnv) => void;
  logger?: Logger;
}

interface Loaded {
  pipe: Pipeline;
  lib: Library;
  dimension: number;
  maxTokens: number;
}

const DEFAULT_BATCH_SIZE = 16;
const DEFAULT_MAX_BATCH_TOKENS = 512;
const DEFAULT_MAX_TOKENS = 512;

/**
 * ONNX Runtime session options, the same in Node (onnxruntime-node) and in the browser
 * (onnxruntime-web, where both are accepted and thread spinning does not apply).
 * - No thread spinning: ONNX Runtime's CPU thread pool busy-waits after each run by default.
 *   Between the query's embedding and the vector scan that follows, the spinning threads took the
 *   cores the scan needed (a 50k-vector scan ran 1.6–2.3× slower right after an embedding than
 *   alone, on 2 cores). Passage throughput did not drop without spinning.
 * - No memory pattern: a pattern is planned and cached per input shape, and with texts of every
 *   length almost no shape comes twice, so it only costs a planning pass and memory each time.
 *   The CPU arena stays on: without it the same runs peaked 300 MB higher (glibc keeps the freed
 *   blocks of ONNX Runtime's threads).
 */
const SESSION_OPTIONS = {
  enableMemPattern: false,
  extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
};

export class TransformersEmbedder implements Embedder {
  readonly modelId: string;
  readonly profile: ModelProfile;
  private readonly options: TransformersEmbedderOptions;
  private readonly batchSize: number;
  /** Most tokens per forward pass, padding included. */
  readonly maxBatchTokens: number;
  private loading?: Promise<Loaded>;
  private loaded?: Loaded;
  private dtypeUsed?: EmbeddingDtype;

  constructor(options: TransformersEmbedderOptions) {
    if (!options.model?.trim()) throw new Error('embedding model is not set');
    this.batchSize = positiveInteger(options.batchSize ?? DEFAULT_BATCH_SIZE, 'batch size');
    this.maxBatchTokens = positiveInteger(options.maxBatchTokens ?? DEFAULT_MAX_BATCH_TOKENS, 'max batch tokens');
    positiveInteger(options.maxTokens ?? DEFAULT_MAX_TOKENS, 'max tokens');
    this.options = options;
    this.modelId = options.model;
    this.profile = resolveProfile(options.profile, options.model);
  }

  /** Loads the model once (concurrent callers share the load) and returns the vector dimension. */
  async load(onProgress?: (p: LoadProgress) => void): Promise<number> {
    if (!this.loading) {
      this.loading = this.doLoad(onProgress).then(
        (loaded) => (this.loaded = loaded),
        (error: unknown) => {
          this.loading = undefined;
          throw error;
        },
      );
    }
    return (await this.loading).dimension;
  }

  /** The weights variant actually loaded (after any fallback), once loaded. */
  get dtype(): EmbeddingDtype | undefined {
    return this.dtypeUsed;
  }

  /** Longest input, in tokens, before truncation (specials included), once loaded. */
  get maxTokens(): number | undefined {
    return this.loaded?.maxTokens;
  }

  /**
   * Tokens a passage's own text may have without being truncated: the input limit less the
   * special tokens and the passage prefix. What the chunker should size chunks to.
   */
  get passageTokenBudget(): number | undefined {
    const loaded = this.loaded;
    if (!loaded) return undefined;
    const tokenizer = loaded.pipe.tokenizer;
    const overhead =
      tokenizer.encode('', { add_special_tokens: true }).length +
      (this.profile.passagePrefix ? tokenizer.encode(this.profile.passagePrefix, { add_special_tokens: false }).length : 0);
    return loaded.maxTokens - overhead;
  }

  /** Tokens of `text` alone (no prefix, no special tokens) under the model's tokenizer. */
  countTokens(text: string): number {
    if (!this.loaded) throw new Error(`embedding model ${this.modelId} is not loaded yet: call load() first`);
    return this.loaded.pipe.tokenizer.encode(text, { add_special_tokens: false }).length;
  }

  async embed(
    texts: string[],
    kind: EmbedKind,
    opts: { signal?: AbortSignal; onProgress?: (p: EmbedProgress) => void } = {},
  ): Promise<Float32Array[]> {
    opts.signal?.throwIfAborted();
    await this.load();
    const { pipe, lib, maxTokens } = this.loaded!;
    if (texts.length === 0) return [];

    const inputs = texts.map((t) => applyPrefix(this.profile, kind, t));
    const tokenizer = pipe.tokenizer;
    const batches = planBatches(inputs, (t) => Math.min(tokenizer.encode(t).length, maxTokens), {
      batchSize: this.batchSize,
      maxBatchTokens: this.maxBatchTokens,
      sortByLength: this.options.sortByLength ?? true,
    });

    const vectors = new Array<Float32Array>(texts.length);
    let done = 0;
    for (const batch of batches) {
      opts.signal?.throwIfAborted();
      const encoded = tokenizer(
        batch.map((i) => inputs[i]),
        { padding: true, truncation: true, max_length: maxTokens },
      );
      const output = (await pipe.model(encoded)) as Record<string, Transformers.Tensor | undefined>;
      const hidden = output.last_hidden_state ?? output.token_embeddings;
      if (!hidden) throw new Error(`embedding model ${this.modelId} returned no hidden states`);
      const pooled =
        this.profile.pooling === 'mean' ? lib.mean_pooling(hidden, encoded.attention_mask) : hidden.slice(null, 0);
      const data = pooled.normalize(2, -1).data as Float32Array;
      const dim = data.length / batch.length;
      batch.forEach((index, row) => (vectors[index] = data.slice(row * dim, (row + 1) * dim)));
      done += batch.length;
      opts.onProgress?.({ done, total: texts.length });
    }
    return vectors;
  }

  async dispose(): Promise<void> {
    const loading = this.loading;
    this.loading = undefined;
    this.loaded = undefined;
    const loaded = await loading?.catch(() => undefined);
    await loaded?.pipe.dispose();
  }

  private async doLoad(onProgress?: (p: LoadProgress) => void): Promise<Loaded> {
    const { model, offline = false, cacheDir, localModelPath, device, configureEnv } = this.options;
    const logger = this.options.logger ?? silentLogger;
    const lib = await import('@huggingface/transformers');
    const { env } = lib;
    configureEnv?.(env);
    if (!installCompactUnigramTrie(lib)) logger.debug('transformers.js internals differ from 4.x: Unigram tokenizers keep their own (larger) vocabulary trie');
    const local = isLocalModelPath(model);
    // Set on every load, not only when true: `env` is shared by the whole process.
    env.allowRemoteModels = !offline && !local;
    if (offline || local) env.allowLocalModels = true;
    if (localModelPath) env.localModelPath = localModelPath;

    const base: Transformers.PretrainedModelOptions = {
      local_files_only: offline || local,
      session_options: SESSION_OPTIONS,
      ...(cacheDir ? { cache_dir: cacheDir } : {}),
      ...(device ? { device } : {}),
      ...(onProgress ? { progress_callback: (info: Transformers.ProgressInfo) => onProgress(toLoadProgress(info)) } : {}),
    };
    const wanted = this.options.dtype ?? DEFAULT_EMBEDDING_DTYPE;
    let pipe: Pipeline;
    try {
      pipe = await lib.pipeline('feature-extraction', model, { ...base, dtype: wanted });
      this.dtypeUsed = wanted;
    } catch (error) {
      if (this.options.dtype || wanted === 'fp32' || !isMissingFile(error, quantisedFileName(wanted))) {
        throw new Error(this.describeLoadError(error, offline || local, local));
      }
      // Many local exports ship only model.onnx; the default dtype should not make them unusable.
      logger.warn(`embedding model ${model} has no ${wanted} weights; using fp32`);
      try {
        pipe = await lib.pipeline('feature-extraction', model, { ...base, dtype: 'fp32' });
        this.dtypeUsed = 'fp32';
      } catch (fallbackError) {
        throw new Error(this.describeLoadError(fallbackError, offline || local, local));
      }
    }

    const maxTokens = Math.min(this.options.maxTokens ?? DEFAULT_MAX_TOKENS, finiteOr(pipe.tokenizer.model_max_length, Infinity));
    const loaded: Loaded = { pipe, lib, dimension: 0, maxTokens };
    // A real forward pass: the dimension is the model's true output, and a model that cannot
    // run fails here, at load time, rather than in the middle of indexing.
    const encoded = pipe.tokenizer(['dimension probe'], { padding: true, truncation: true });
    const output = (await pipe.model(encoded)) as Record<string, Transformers.Tensor | undefined>;
    const hidden = output.last_hidden_state ?? output.token_embeddings;
    loaded.dimension = hidden?.dims.at(-1) ?? 0;
    if (!loaded.dimension) {
      await pipe.dispose();
      throw new Error(`embedding model ${model} has no last_hidden_state output: it is not a text encoder`);
    }
    logger.debug(`embedding model ${model} loaded (${this.dtypeUsed}, ${loaded.dimension} dims, ${maxTokens} tokens max)`);
    return loaded;
  }

  private describeLoadError(error: unknown, noNetwork: boolean, local: boolean): string {
    const raw = oneLine(error instanceof Error ? error.message : String(error));
    const missing = /not found locally at "([^"]+)"|Local file missing at "([^"]+)"/.exec(raw);
    const model = this.modelId;
    if (local) {
      const detail = missing ? `missing ${missing[1] ?? missing[2]}` : raw;
      return `model folder ${model} could not be loaded: ${detail}`;
    }
    if (noNetwork) {
      const cache = this.options.cacheDir ? ` (${this.options.cacheDir})` : '';
      const detail = missing
        ? `not in the model cache${cache} nor at ${missing[1] ?? missing[2]}; download it once online, or set the model to a local folder`
        : raw;
      return `model ${model} is not available offline: ${detail}`;
    }
    return `model ${model} could not be loaded: ${raw}`;
  }
}

function resolveProfile(profile: TransformersEmbedderOptions['profile'], model: string): ModelProfile {
  if (profile === undefined) return profileForModel(model);
  if (typeof profile !== 'string') return profile;
  // Settings arrive untyped from JSON, so the name is checked at run time too.
  const name: string = profile;
  if (!isProfileName(name)) {
    throw new Error(`unknown embedding profile "${name}" (known: ${Object.keys(MODEL_PROFILES).join(', ')})`);
  }
  return MODEL_PROFILES[name];
}

function toLoadProgress(info: Transformers.ProgressInfo): LoadProgress {
  const p: LoadProgress = { status: info.status };
  if ('file' in info) p.file = info.file;
  if ('loaded' in info) {
    p.loaded = info.loaded;
    p.total = info.total;
  }
  return p;
}

function quantisedFileName(dtype: EmbeddingDtype): string {
  return dtype === 'q8' ? 'model_quantized.onnx' : `model_${dtype}.onnx`;
}

function isMissingFile(error: unknown, fileName: string): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(fileName) && /not found|missing|404|could not locate/i.test(message);
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a positive integer, got ${String(value)}`);
  return value;
}

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
