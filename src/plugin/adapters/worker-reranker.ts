// The Reranker port over one worker that runs the core's CrossEncoderReranker (the CLI runs the
// same class natively), so the main thread never runs the model. One worker, not a pool: a query
// reranks some thirty passages, and a second model per pool worker would cost memory for little.
// A crashed or failed worker is dropped and started again at the next query; meanwhile the rerank
// step keeps the fused order with a notice.
import type { Reranker } from '../../core/retrieval/rerank';
import { macrotask } from '../../core/util/yield';
import { modelFileResponse } from './model-file-response';
import type { FromWorker, ToWorker, WorkerLoadOptions } from '../../worker/protocol';
import type { EmbedWorkerRuntime, WorkerLike } from './worker-embedder';

export interface WorkerRerankerOptions {
  runtime: EmbedWorkerRuntime;
  /** Hub id or vault folder: names the reranker in notices (`cross-encoder:<model>`). */
  model: string;
  /** How the worker loads it; a function when it takes a look at the vault first. */
  load: WorkerLoadOptions | (() => Promise<WorkerLoadOptions>);
  /** Reads a file of the model folder (path relative to it); null when it does not exist. */
  readModelFile?: (path: string) => Promise<ArrayBuffer | null>;
}

interface Pending {
  resolve: (message: FromWorker) => void;
  reject: (err: Error) => void;
}

export class WorkerReranker implements Reranker {
  readonly name: string;
  private worker: WorkerLike | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(private readonly options: WorkerRerankerOptions) {
    if (!options.model.trim()) throw new Error('reranking model is not set');
    this.name = `cross-encoder:${options.model}`;
  }

  async score(query: string, documents: string[], signal?: AbortSignal): Promise<number[]> {
    signal?.throwIfAborted();
    if (documents.length === 0) return [];
    await this.load();
    const id = ++this.nextId;
    const abort = () => this.worker?.postMessage({ type: 'abort', id });
    signal?.addEventListener('abort', abort, { once: true });
    try {
      const reply = await this.request({ type: 'rerank', id, query, documents });
      if (reply.type !== 'reranked') throw new Error(`unexpected reply ${reply.type} to rerank`);
      return reply.scores;
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  /** Starts the worker and loads the model (once; again after a failure). */
  load(): Promise<void> {
    this.ready ??= this.start().catch((err: unknown) => {
      this.stop();
      throw err;
    });
    return this.ready;
  }

  /** Stops the worker at once; the reranker can load again. */
  dispose(): void {
    this.stop(new Error('the reranker was closed'));
  }

  private async start(): Promise<void> {
    const { runtime } = this.options;
    const worker = runtime.createWorker();
    this.worker = worker;
    worker.onmessage = (event) => this.onMessage(worker, event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      if (this.worker === worker) this.stop(new Error(`reranking worker stopped: ${event.message || 'unknown error'}`));
    };
    // Starting the inlined worker bundle and copying the WASM each take a task of their own.
    await macrotask();
    const options = typeof this.options.load === 'function' ? await this.options.load() : this.options.load;
    const mainJs = runtime.wasmGzipBase64 ? null : await runtime.mainJsBytes?.();
    const id = ++this.nextId;
    const reply = await this.request({
      type: 'load-reranker', id, options, wasmGzipBase64: runtime.wasmGzipBase64, ...(mainJs ? { wasmInMainJs: mainJs } : {}),
    });
    if (reply.type !== 'reranker-loaded') throw new Error(`unexpected reply ${reply.type} to load-reranker`);
  }

  private request(message: ToWorker & { id: number }): Promise<FromWorker> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('reranking worker stopped'));
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      worker.postMessage(message);
    });
  }

  private onMessage(worker: WorkerLike, message: FromWorker): void {
    if (worker !== this.worker) return;
    if (message.type === 'file-request') {
      void this.answerFileRequest(worker, message.requestId, message.path);
      return;
    }
    if (message.type === 'progress') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.type === 'error') {
      pending.reject(message.aborted ? new DOMException(message.message, 'AbortError') : new Error(message.message));
    } else {
      pending.resolve(message);
    }
  }

  private async answerFileRequest(worker: WorkerLike, requestId: number, path: string): Promise<void> {
    const reply = await modelFileResponse(this.options.readModelFile, requestId, path);
    if (worker !== this.worker) return;
    worker.postMessage(reply, reply.data ? [reply.data] : []);
  }

  private stop(reason = new Error('reranking worker stopped')): void {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    for (const pending of this.pending.values()) pending.reject(reason);
    this.pending.clear();
  }
}
