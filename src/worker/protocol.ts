// Messages between the main thread (WorkerEmbedder) and an embedding worker. Every request
// carries an `id`; the worker answers it with exactly one `loaded`, `embedded`, `disposed` or
// `error` (or, for the reranker, `reranker-loaded` or `reranked`), possibly preceded by `progress`. The worker cannot read the vault, so for a model
// folder in the vault it asks the main thread for each file (`file-request`), which answers
// with the bytes or null when the file does not exist (`file-response`).
import type { EmbedKind } from '../core/ports';

/** How a worker should load its model. */
export interface WorkerLoadOptions {
  /** Hub id, or (with `localFolder`) a label used for the model's name and profile. */
  model: string;
  /** True: the model's files come from the main thread (a vault folder), never the network. */
  localFolder?: boolean;
  /** transformers.js dtype, e.g. 'q8' or 'fp32'. Default: the core embedder's. */
  dtype?: string;
  /**
   * 'auto': WebGPU when the device has an adapter and the weights are fp32/fp16 (quantised
   * int8 kernels are CPU-only in onnxruntime's WebGPU backend), else WASM.
   */
  device?: 'auto' | 'wasm' | 'webgpu' | 'cpu';
  offline?: boolean;
  batchSize?: number;
  maxTokens?: number;
  /** Hub mirror, e.g. a local server in tests. Default: transformers.js's (huggingface.co). */
  remoteHost?: string;
  /** Node only (tests): where transformers.js caches downloads. */
  cacheDir?: string;
}

export type ToWorker =
  | {
    type: 'load';
    id: number;
    options: WorkerLoadOptions;
    /**
     * onnxruntime-web's WASM binary, gzipped and base64-encoded, as inlined in main.js. Sent
     * with the first load only; absent under Node (onnxruntime-node).
     */
    wasmGzipBase64?: string;
    /** Instead: main.js's bytes, whose closing comment carries that base64 (decoded in the worker). */
    wasmInMainJs?: ArrayBuffer;
  }
  | { type: 'embed'; id: number; texts: string[]; kind: EmbedKind }
  /** Loads a cross-encoder reranker (answered by `reranker-loaded`); `options` as for `load`. */
  | { type: 'load-reranker'; id: number; options: WorkerLoadOptions; wasmGzipBase64?: string; wasmInMainJs?: ArrayBuffer }
  /** Scores each document against the query with the loaded cross-encoder (answered by `reranked`). */
  | { type: 'rerank'; id: number; query: string; documents: string[] }
  /** Cancels a pending `embed` (answered by an `error` with `aborted: true`). */
  | { type: 'abort'; id: number }
  | { type: 'file-response'; requestId: number; data: ArrayBuffer | null; error?: string }
  | { type: 'dispose'; id: number };

export interface LoadedInfo {
  dimension: number;
  /** The backend actually used: 'wasm', 'webgpu' or 'cpu' (Node). */
  device: string;
  dtype: string;
  maxTokens: number;
  /** Tokens a passage may have before truncation (prefix and special tokens deducted). */
  passageTokenBudget?: number;
  /** Whether onnxruntime's WASM binary came from main.js's inlined copy. */
  inlinedWasm: boolean;
}

export type FromWorker =
  | ({ type: 'loaded'; id: number } & LoadedInfo)
  | { type: 'progress'; id: number; stage: 'load'; status: string; file?: string; loaded?: number; total?: number }
  | { type: 'progress'; id: number; stage: 'embed'; done: number; total: number }
  /** `vectors` holds `count` vectors of `dimension` floats, row after row; its buffer is transferred. */
  | { type: 'embedded'; id: number; vectors: Float32Array; dimension: number; count: number }
  | { type: 'file-request'; requestId: number; path: string }
  | { type: 'disposed'; id: number }
  | { type: 'reranker-loaded'; id: number }
  /** One score per document, in order; higher is more relevant. */
  | { type: 'reranked'; id: number; scores: number[] }
  | { type: 'error'; id: number; message: string; aborted?: boolean };

/** Where the worker pretends a vault model folder lives, so transformers.js's paths lead to file-requests. */
export const LOCAL_MODEL_ROOT = '/ask-vault-local/';
