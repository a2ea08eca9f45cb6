// Types of esbuild-inline-worker.mjs, for TypeScript callers (the browser test).
import type { Plugin } from 'esbuild';

export const EMBED_WORKER_MODULE: 'virtual:ask-vault/embed-worker';
export const ORT_WASM_MODULE: 'virtual:ask-vault/ort-wasm';
export const WASM_COMMENT_MARKER: '/*ask-vault-ort-wasm:';

export interface InlineWorkerOptions {
  workerEntry?: string;
  minify?: boolean;
  webgpu?: boolean;
  /** Append the WASM to the output file as a comment instead of inlining it as a string. */
  wasmInComment?: boolean;
  /** Where gzipped binaries are kept between builds; null for nowhere. Default node_modules/.cache/ask-vault-inline-worker. */
  cacheDir?: string | null;
  onInlined?: (info: { workerBytes: number; wasmFile: string; wasmBytes: number; wasmGzipBytes: number }) => void;
}

export function inlineWorkerPlugin(options?: InlineWorkerOptions): Plugin;
