// The Embedder port over a model server: Ollama's `/api/embed` or an OpenAI-compatible
// `/v1/embeddings` (OpenAI, Mistral, LM Studio, llama.cpp `--embedding`, vLLM…). Texts go in
// batches, a few batches in flight at once; a busy server (429, 5xx) is asked again after a
// jittered backoff that honours Retry-After; a 413 halves the batch. Every answer is checked
// (one vector per text, one dimension for the whole run, finite numbers) before any of it is
// used, and a run that fails part-way hands back what it got (PartialEmbeddingError).

import type { EmbedKind, EmbedProgress, Embedder, HttpClient } from '../../ports';
import { hostOf } from '../../http/classify';
import { isLlmError, LlmError } from '../../http/errors';
import { exchangeJson } from '../../http/json-exchange';
import { bearerHeaders } from '../../answer/endpoint-client';
import { backoffDelay } from '../../http/retry';
import { profileForModel } from '../model-profiles';
import { runBounded } from './concurrency';
import { PartialEmbeddingError } from './partial-embedding-error';
import { protocolFor, type EmbeddingProtocol, type EndpointProvider } from './protocols';

export interface EmbeddingPrefixes {
  query: string;
  passage: string;
}

export interface EndpointEmbedderOptions {
  provider: EndpointProvider;
  baseUrl: string;
  model: string;
  apiKey?: string;
  http: HttpClient;
  /** Longest silence per request, ms. Default 60 s (a local server may load the model first). */
  timeoutMs?: number;
  /** Texts per request. Default 32. */
  batchSize?: number;
  /** Requests in flight at once. Default 2. */
  concurrency?: number;
  /** Retries of one request after 429/5xx. Default 4. */
  maxRetries?: number;
  /** First backoff step without Retry-After, ms; doubles each retry. Default 500. */
  retryBaseMs?: number;
  /** Longest single wait, whatever Retry-After says, ms. Default 30 s. */
  maxRetryWaitMs?: number;
  /** Overrides the model's own prefixes (model-profiles.ts); each side independently. */
  prefixes?: Partial<EmbeddingPrefixes>;
  /** Tests: the wait between retries, and the jitter's randomness. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export const ENDPOINT_EMBEDDER_DEFAULTS = {
  timeoutMs: 60_000,
  batchSize: 32,
  concurrency: 2,
  maxRetries: 4,
  retryBaseMs: 500,
  maxRetryWaitMs: 30_000,
} as const;

const PROBE_TEXT = 'dimension probe';

export class EndpointEmbedder implements Embedder {
  readonly modelId: string;
  readonly provider: EndpointProvider;
  readonly model: string;
  readonly prefixes: EmbeddingPrefixes;
  private readonly protocol: EmbeddingProtocol;
  private readonly url: string | LlmError;
  private readonly opts: Required<Omit<EndpointEmbedderOptions, 'apiKey' | 'prefixes' | 'sleep' | 'random'>> &
    Pick<EndpointEmbedderOptions, 'apiKey'>;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  /** Shrinks after a 413, for the rest of the session. */
  private batchSize: number;
  private _dimension: number | undefined;
  private loading?: Promise<number>;

  constructor(options: EndpointEmbedderOptions) {
    if (!options.model?.trim()) throw new Error('embedding model is not set');
    const int = (v: number | undefined, min: number, fallback: number) =>
      v !== undefined && Number.isFinite(v) && v >= min ? Math.floor(v) : fallback;
    const d = ENDPOINT_EMBEDDER_DEFAULTS;
    this.opts = {
      provider: options.provider,
      baseUrl: options.baseUrl,
      model: options.model.trim(),
      apiKey: options.apiKey?.trim() || undefined,
      http: options.http,
      timeoutMs: int(options.timeoutMs, 1, d.timeoutMs),
      batchSize: int(options.batchSize, 1, d.batchSize),
      concurrency: int(options.concurrency, 1, d.concurrency),
      maxRetries: int(options.maxRetries, 0, d.maxRetries),
      retryBaseMs: int(options.retryBaseMs, 0, d.retryBaseMs),
      maxRetryWaitMs: int(options.maxRetryWaitMs, 0, d.maxRetryWaitMs),
    };
    this.provider = options.provider;
    this.model = this.opts.model;
    this.protocol = protocolFor(options.provider);
    this.batchSize = this.opts.batchSize;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    const profile = profileForModel(this.model);
    this.prefixes = {
      query: options.prefixes?.query ?? profile.queryPrefix,
      passage: options.prefixes?.passage ?? profile.passagePrefix,
    };
    // Other prefixes give other vectors: they are part of the model's identity in the index.
    const custom = options.prefixes && (this.prefixes.query !== profile.queryPrefix || this.prefixes.passage !== profile.passagePrefix);
    this.modelId = endpointModelId(this.provider, this.model, custom ? this.prefixes : undefined);
    try {
      this.url = this.protocol.url(options.baseUrl);
    } catch (err) {
      this.url = new LlmError('unreachable', (err as Error).message);
    }
  }

  /** The vector dimension once known (after load or the first answer). */
  get dimension(): number | undefined {
    return this._dimension;
  }

  /** The embeddings URL, or undefined when the base URL is not one. */
  get endpointUrl(): string | undefined {
    return typeof this.url === 'string' ? this.url : undefined;
  }

  /**
   * One sentence through the endpoint: the dimension, and whether the server, the key and the
   * model are right, known before any note is sent. Concurrent callers share the probe.
   */
  load(): Promise<number> {
    this.loading ??= this.embed([PROBE_TEXT], 'passage').then(
      ([v]) => v.length,
      (err: unknown) => {
        this.loading = undefined;
        throw err instanceof PartialEmbeddingError && err.cause instanceof Error ? err.cause : err;
      },
    );
    return this.loading;
  }

  async embed(texts: string[], kind: EmbedKind, opts: { signal?: AbortSignal; onProgress?: (p: EmbedProgress) => void } = {}): Promise<Float32Array[]> {
    opts.signal?.throwIfAborted();
    if (typeof this.url !== 'string') throw this.url;
    if (texts.length === 0) return [];
    const prefix = kind === 'query' ? this.prefixes.query : this.prefixes.passage;
    const inputs = texts.map((t) => prefix + t);
    const vectors = new Array<Float32Array | undefined>(texts.length);
    const size = this.batchSize;
    const batches: number[][] = [];
    for (let i = 0; i < inputs.length; i += size) batches.push(range(i, Math.min(i + size, inputs.length)));
    let done = 0;
    try {
      await runBounded(batches.length, this.opts.concurrency, async (b) => {
        await this.sendSplitting(batches[b], inputs, vectors, opts.signal);
        done += batches[b].length;
        opts.onProgress?.({ done, total: texts.length });
      });
    } catch (err) {
      const error = isLlmError(err) ? err : new LlmError('protocol', err instanceof Error ? err.message : String(err));
      throw new PartialEmbeddingError(error.message, vectors, error);
    }
    return vectors as Float32Array[];
  }

  /** Nothing to release: the server keeps the model. */
  async dispose(): Promise<void> {}

  /** Sends one batch; on 413 halves it and sends the halves, keeping the smaller size from then on. */
  private async sendSplitting(indexes: number[], inputs: string[], out: Array<Float32Array | undefined>, signal?: AbortSignal): Promise<void> {
    try {
      const got = await this.sendWithRetries(indexes.map((i) => inputs[i]), signal);
      indexes.forEach((i, row) => (out[i] = got[row]));
    } catch (err) {
      if (!(isLlmError(err) && err.status === 413)) throw err;
      if (indexes.length === 1) {
        throw new LlmError('too-long', `${hostOf(this.url as string)} refused a single text as too large (HTTP 413): lower the chunk size.`, { status: 413 });
      }
      const half = Math.ceil(indexes.length / 2);
      this.batchSize = Math.min(this.batchSize, half);
      await this.sendSplitting(indexes.slice(0, half), inputs, out, signal);
      await this.sendSplitting(indexes.slice(half), inputs, out, signal);
    }
  }

  private async sendWithRetries(inputs: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.send(inputs, signal);
      } catch (err) {
        if (!isLlmError(err) || !retryable(err) || attempt >= this.opts.maxRetries || signal?.aborted) throw err;
        await this.sleep(this.retryWait(attempt, err.retryAfterMs), signal);
      }
    }
  }

  /**
   * The server's Retry-After when it gives one (plus up to 10% so clients told the same second
   * do not return together), else "full jitter": a uniform wait up to the exponential step.
   */
  private retryWait(attempt: number, retryAfterMs?: number): number {
    const { retryBaseMs, maxRetryWaitMs } = this.opts;
    if (retryAfterMs !== undefined) return backoffDelay(attempt, retryBaseMs, maxRetryWaitMs, retryAfterMs * (1 + 0.1 * this.random()));
    return backoffDelay(attempt, retryBaseMs, maxRetryWaitMs) * this.random();
  }

  private async send(inputs: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const url = this.url as string;
    const value = await exchangeJson({
      http: this.opts.http,
      url,
      body: this.protocol.body(this.model, inputs),
      headers: bearerHeaders(this.opts.apiKey),
      timeoutMs: this.opts.timeoutMs,
      ...(signal ? { signal } : {}),
      context: { url, model: this.model, hasKey: !!this.opts.apiKey, provider: this.provider },
      secrets: [this.opts.apiKey],
      // 32 vectors of 4,096 dimensions as JSON text are about 3 MB.
      maxBytes: 64 * 1024 * 1024,
    });
    const host = hostOf(url);
    const rows = this.protocol.vectors(value);
    if (!rows) throw new LlmError('protocol', `${host} did not answer with embeddings: check the provider and the base URL.`);
    if (rows.length !== inputs.length) {
      throw new LlmError('protocol', `${host} returned ${rows.length} vectors for ${inputs.length} texts.`);
    }
    return rows.map((row) => this.toVector(row, host));
  }

  private toVector(row: unknown, host: string): Float32Array {
    if (!Array.isArray(row) || row.length === 0 || !row.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new LlmError('protocol', `${host} returned a vector that is not a list of numbers.`);
    }
    if (this._dimension === undefined) this._dimension = row.length;
    else if (row.length !== this._dimension) {
      throw new LlmError(
        'protocol',
        `${host} returned ${row.length}-dimension vectors after ${this._dimension}-dimension ones: the model changed during the run; nothing of it was mixed.`,
      );
    }
    const v = Float32Array.from(row as number[]);
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm === 0) throw new LlmError('protocol', `${host} returned an all-zero vector.`);
    // Most servers normalise already; some (llama.cpp with --pooling none, vLLM options) do not.
    if (Math.abs(norm - 1) > 1e-4) for (let i = 0; i < v.length; i++) v[i] /= norm;
    return v;
  }
}

/** `ollama:nomic-embed-text`, with the prefixes when they are not the model's own. */
export function endpointModelId(provider: EndpointProvider, model: string, prefixes?: EmbeddingPrefixes): string {
  const base = `${provider}:${model}`;
  return prefixes ? `${base}#q=${JSON.stringify(prefixes.query)},p=${JSON.stringify(prefixes.passage)}` : base;
}

/** The provider named by a vector-index model id: endpoint ids carry it, anything else is transformers.js. */
export function providerOfModelId(modelId: string | null): 'transformers' | EndpointProvider | null {
  if (modelId === null) return null;
  const m = /^(ollama|openai):/.exec(modelId);
  return m ? (m[1] as EndpointProvider) : 'transformers';
}

function retryable(err: LlmError): boolean {
  return err.status === 429 || (err.status !== undefined && err.status >= 500);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
