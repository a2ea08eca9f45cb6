// Starts embedding workers from the copy bundled into main.js (see scripts/esbuild-inline-worker.mjs).
// Only this module imports the build-time virtual modules, so everything else stays testable
// under vitest, where they do not exist.
import workerSource from 'virtual:ask-vault/embed-worker';
import wasmGzipBase64 from 'virtual:ask-vault/ort-wasm';
import type { EmbedWorkerRuntime, WorkerLike } from './worker-embedder';

/**
 * One Blob URL for every worker of the plugin's lifetime: a worker may fetch its script after
 * `new Worker()` returns, so the URL is revoked only in dispose().
 */
export class InlineEmbedWorkers implements EmbedWorkerRuntime {
  readonly wasmGzipBase64 = wasmGzipBase64;
  private url: string | null = null;

  createWorker(): WorkerLike {
    this.url ??= URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    return new Worker(this.url, { name: 'ask-vault-embedding' });
  }

  dispose(): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }
}
