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
  /** Empty in production builds: the WASM is a comment at the end of main.js, read from disk. */
  readonly wasmGzipBase64 = wasmGzipBase64 || undefined;
  private url: string | null = null;
  private mainJs: Promise<ArrayBuffer | null> | null = null;

  /** `readMainJs`: the plugin's own main.js, as bytes (its folder, through the vault adapter). */
  constructor(private readonly readMainJs: () => Promise<ArrayBuffer | null> = async () => null) {}

  mainJsBytes(): Promise<ArrayBuffer | null> {
    this.mainJs ??= this.readMainJs().catch(() => null);
    return this.mainJs;
  }

  createWorker(): WorkerLike {
    this.url ??= URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    return new Worker(this.url, { name: 'ask-vault-embedding' });
  }

  dispose(): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
    this.mainJs = null;
  }
}
