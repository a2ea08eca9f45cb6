// A cross-encoder reranker on transformers.js: a sequence-classification model (bge-reranker,
// ms-marco MiniLM cross-encoders, mmarco for French) reads the query and each passage together
// and gives one relevance logit per pair. Loaded lazily, like the embedder, so that importing
// this module loads no ONNX runtime. The CLI runs it natively; the plugin runs it in a worker
// (src/worker/embed-handler.ts), with the same code.
import type * as Transformers from '@huggingface/transformers';
import { isLocalModelPath } from '../embedding/model-location';
import type { TransformersEnv } from '../embedding/transformers-embedder';
import type { Reranker } from './rerank';

export interface CrossEncoderOptions {
  /** Hub id or model folder. */
  model: string;
  offline?: boolean;
  cacheDir?: string;
  /** Pairs per forward pass. Default 8. */
  batchSize?: number;
  /** Longest pair, in tokens. Default 512. */
  maxTokens?: number;
  /** Called with transformers.js's `env` before loading (the worker routes a vault folder's files). */
  configureEnv?: (env: TransformersEnv) => void;
}

interface Loaded {
  tokenizer: Transformers.PreTrainedTokenizer;
  model: Transformers.PreTrainedModel;
}

export class CrossEncoderReranker implements Reranker {
  readonly name: string;
  private loading?: Promise<Loaded>;

  constructor(private readonly opts: CrossEncoderOptions) {
    this.name = `cross-encoder:${opts.model}`;
  }

  async score(query: string, documents: string[], signal?: AbortSignal): Promise<number[]> {
    const { tokenizer, model } = await this.loaded();
    const batch = this.opts.batchSize ?? 8;
    const scores: number[] = [];
    for (let i = 0; i < documents.length; i += batch) {
      signal?.throwIfAborted();
      const docs = documents.slice(i, i + batch);
      const inputs = tokenizer(docs.map(() => query), { text_pair: docs, padding: true, truncation: true, max_length: this.opts.maxTokens ?? 512 });
      const out = (await model(inputs)) as { logits?: Transformers.Tensor };
      if (!out.logits) throw new Error(`${this.opts.model} has no logits output: it is not a cross-encoder`);
      const data = out.logits.data as Float32Array;
      const labels = data.length / docs.length;
      // One label: the relevance logit. Two or more: the last is "relevant" (ms-marco style).
      for (let row = 0; row < docs.length; row++) scores.push(data[row * labels + labels - 1]);
    }
    return scores;
  }

  /** Loads the model now rather than at the first score; a failed load can be retried. */
  async load(): Promise<void> {
    await this.loaded();
  }

  private loaded(): Promise<Loaded> {
    this.loading ??= this.doLoad().catch((err: unknown) => {
      this.loading = undefined;
      throw err;
    });
    return this.loading;
  }

  private async doLoad(): Promise<Loaded> {
    const lib = await import('@huggingface/transformers');
    const { model, offline = false, cacheDir, configureEnv } = this.opts;
    configureEnv?.(lib.env);
    const local = isLocalModelPath(model);
    lib.env.allowRemoteModels = !offline && !local;
    if (offline || local) lib.env.allowLocalModels = true;
    const base = { local_files_only: offline || local, ...(cacheDir ? { cache_dir: cacheDir } : {}) };
    const tokenizer = await lib.AutoTokenizer.from_pretrained(model, base);
    let classifier: Transformers.PreTrainedModel;
    try {
      classifier = await lib.AutoModelForSequenceClassification.from_pretrained(model, { ...base, dtype: 'q8' });
    } catch {
      // Many exports ship only model.onnx.
      classifier = await lib.AutoModelForSequenceClassification.from_pretrained(model, { ...base, dtype: 'fp32' });
    }
    return { tokenizer, model: classifier };
  }
}
