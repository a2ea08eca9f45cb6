// The Embedder port over a pool of embedding workers, so the main thread (Obsidian's UI)
// never runs the model. Texts are sorted by length, cut into batches, and each worker takes
// the next batch when it finishes one: similar lengths share a batch (less padding), and a fast
// worker is never left idle behind a slow one. Vectors come back in transferred buffers.
import type { EmbedKind, EmbedProgress, Embedder } from '../../core/ports';
import type { FromWorker, LoadedInfo, ToWorker, WorkerLoadOptions } from '../../worker/protocol';
import { macrotask } from '../../core/util/yield';
import { modelFileResponse } from './model-file-response';

/** What the pool needs of a Worker; a real `Worker` fits, and tests can run the handler in-process. */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromWorker>) => unknown) | null;
  onerror: ((event: ErrorEvent) => unknown) | null;
}

export interface EmbedWorkerRuntime {
  createWorker(): WorkerLike;
  /** onnxruntime-web's WASM binary (gzip, base64), sent with each worker's first load. */
  readonly wasmGzipBase64?: string;
  /** Else: main.js's bytes, whose closing comment carries it (read once, copied to each worker). */
  mainJsBytes?(): Promise<ArrayBuffer | null>;
}

export interface WorkerEmbedderOptions {
  runtime: EmbedWorkerRuntime;
  /** Stable id of the model, part of every vector's cache key (e.g. the hub id, or `vault:<folder>`). */
  modelId: string;
  load: WorkerLoadOptions;
  /** Workers to start (see resolveWorkerPoolSize). */
  poolSize: number;
  /** Texts per message to a worker. Default 16. */
  batchSize?: number;
  /** Reads a file of the model folder (path relative to it); null when it does not exist. */
  readModelFile?: (path: string) => Promise<ArrayBuffer | null>;
}

export type LoadProgressListener = (p: { file?: string; loaded?: number; total?: number; status: string }) => void;

interface Pending {
  resolve: (message: FromWorker) => void;
  reject: (err: Error) => void;
  onProgress?: (message: FromWorker & { type: 'progress' }) => void;
}

class Slot {
  readonly pending = new Map<number, Pending>();
  dead = false;
  info: LoadedInfo | null = null;
  constructor(readonly worker: WorkerLike) {}
}

const DEFAULT_BATCH_SIZE = 16;

export class WorkerEmbedder implements Embedder {
  readonly modelId: string;
  private readonly options: WorkerEmbedderOptions;
  private readonly batchSize: number;
  private slots: Slot[] = [];
  private loading: Promise<LoadedInfo> | null = null;
  private info: LoadedInfo | null = null;
  private nextId = 0;
  /** Bumped by dispose(), so a load that was under way does not start more workers. */
  private generation = 0;

  constructor(options: WorkerEmbedderOptions) {
    if (!options.modelId.trim()) throw new Error('embedding model is not set');
    if (options.load.localFolder && !options.readModelFile) throw new Error('a model folder needs readModelFile');
    this.options = options;
    this.modelId = options.modelId;
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  }

  /** What the first worker reported after loading (dimension, device, token budget…), once loaded. */
  get loaded(): LoadedInfo | null {
    return this.info;
  }

  /** Live workers. */
  get poolSize(): number {
    return this.slots.filter((s) => !s.dead).length;
  }

  load(onProgress?: LoadProgressListener): Promise<number> {
    this.loading ??= this.startPool(onProgress).then(
      (info) => (this.info = info),
      (err: unknown) => {
        this.loading = null;
        this.terminateAll();
        throw err;
      },
    );
    return this.loading.then((info) => info.dimension);
  }

  async embed(texts: string[], kind: EmbedKind, opts: { signal?: AbortSignal; onProgress?: (p: EmbedProgress) => void } = {}): Promise<Float32Array[]> {
    const { signal, onProgress } = opts;
    signal?.throwIfAborted();
    await this.load();
    if (this.poolSize === 0) {
      // Every worker crashed since the load: start a fresh pool.
      this.loading = null;
      this.slots = [];
      await this.load();
    }
    if (texts.length === 0) return [];

    // Length is a cheap stand-in for token count; the worker's own batching refines it.
    const order = texts.map((_, i) => i).sort((a, b) => texts[b].length - texts[a].length || a - b);
    const batches: number[][] = [];
    for (let i = 0; i < order.length; i += this.batchSize) batches.push(order.slice(i, i + this.batchSize));

    const vectors = new Array<Float32Array>(texts.length);
    let done = 0;
    const inFlight = new Map<number, Slot>();
    const abortAll = () => {
      for (const [id, slot] of inFlight) if (!slot.dead) slot.worker.postMessage({ type: 'abort', id });
    };
    signal?.addEventListener('abort', abortAll, { once: true });

    const runSlot = async (slot: Slot): Promise<void> => {
      while (batches.length > 0 && !slot.dead) {
        signal?.throwIfAborted();
        const batch = batches.shift()!;
        const id = ++this.nextId;
        inFlight.set(id, slot);
        try {
          const reply = await this.request(slot, { type: 'embed', id, texts: batch.map((i) => texts[i]), kind });
          if (reply.type !== 'embedded') throw new Error(`unexpected reply ${reply.type} to embed`);
          batch.forEach((index, row) => {
            vectors[index] = reply.vectors.subarray(row * reply.dimension, (row + 1) * reply.dimension);
          });
          done += batch.length;
          onProgress?.({ done, total: texts.length });
        } catch (err) {
          // A crashed worker's batch goes back to the queue for the others.
          if (slot.dead && !signal?.aborted) batches.unshift(batch);
          else throw err;
        } finally {
          inFlight.delete(id);
        }
      }
    };

    try {
      const live = this.slots.filter((s) => !s.dead);
      const results = await Promise.allSettled(live.map(runSlot));
      signal?.throwIfAborted();
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
      if (batches.length > 0 || done < texts.length) throw new Error('every embedding worker stopped before the end');
      return vectors;
    } finally {
      signal?.removeEventListener('abort', abortAll);
    }
  }

  /** Stops the workers at once, a download in progress included. The embedder can load again. */
  async dispose(): Promise<void> {
    const loading = this.loading;
    this.generation++;
    this.loading = null;
    this.info = null;
    this.terminateAll();
    await loading?.catch(() => undefined);
  }

  private async startPool(onProgress?: LoadProgressListener): Promise<LoadedInfo> {
    const size = Math.max(1, Math.floor(this.options.poolSize));
    const generation = this.generation;
    // The first worker alone downloads the model (reporting progress); the others then find it
    // in the browser cache instead of downloading it again in parallel.
    const first = this.spawn();
    // Two tasks on the main thread, not one: the first spawn turns the inlined worker bundle (MBs
    // of source) into a Blob, and the load request copies the inlined WASM, each several ms.
    await macrotask();
    const info = await this.loadSlot(first, onProgress);
    if (generation !== this.generation) throw new Error('the embedder was disposed while loading');
    const others = Array.from({ length: size - 1 }, () => this.spawn());
    const loads = await Promise.allSettled(others.map((slot) => this.loadSlot(slot)));
    loads.forEach((result, i) => {
      const slot = others[i];
      if (result.status === 'rejected' || result.value.dimension !== info.dimension) this.kill(slot);
    });
    return info;
  }

  private spawn(): Slot {
    const slot = new Slot(this.options.runtime.createWorker());
    slot.worker.onmessage = (event) => this.onMessage(slot, event.data);
    slot.worker.onerror = (event) => {
      event.preventDefault?.();
      this.kill(slot, new Error(`embedding worker stopped: ${event.message || 'unknown error'}`));
    };
    this.slots.push(slot);
    return slot;
  }

  private async loadSlot(slot: Slot, onProgress?: LoadProgressListener): Promise<LoadedInfo> {
    const id = ++this.nextId;
    const { runtime } = this.options;
    const mainJs = runtime.wasmGzipBase64 ? null : await runtime.mainJsBytes?.();
    const reply = await this.request(
      slot,
      { type: 'load', id, options: this.options.load, wasmGzipBase64: runtime.wasmGzipBase64, ...(mainJs ? { wasmInMainJs: mainJs } : {}) },
      onProgress && ((p) => {
        if (p.stage === 'load') onProgress({ status: p.status, file: p.file, loaded: p.loaded, total: p.total });
      }),
    );
    if (reply.type !== 'loaded') throw new Error(`unexpected reply ${reply.type} to load`);
    const { type: _type, id: _id, ...info } = reply;
    slot.info = info;
    return info;
  }

  private request(slot: Slot, message: ToWorker & { id: number }, onProgress?: Pending['onProgress']): Promise<FromWorker> {
    if (slot.dead) return Promise.reject(new Error('embedding worker stopped'));
    return new Promise((resolve, reject) => {
      slot.pending.set(message.id, { resolve, reject, onProgress });
      slot.worker.postMessage(message);
    });
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === 'file-request') {
      void this.answerFileRequest(slot, message.requestId, message.path);
      return;
    }
    const pending = slot.pending.get(message.id);
    if (!pending) return;
    if (message.type === 'progress') {
      pending.onProgress?.(message);
      return;
    }
    slot.pending.delete(message.id);
    if (message.type === 'error') {
      pending.reject(message.aborted ? new DOMException(message.message, 'AbortError') : new Error(message.message));
    } else {
      pending.resolve(message);
    }
  }

  private async answerFileRequest(slot: Slot, requestId: number, path: string): Promise<void> {
    const reply = await modelFileResponse(this.options.readModelFile, requestId, path);
    if (slot.dead) return;
    // Transferred, not copied: model files can weigh hundreds of MB.
    slot.worker.postMessage(reply, reply.data ? [reply.data] : []);
  }

  private kill(slot: Slot, reason = new Error('embedding worker stopped')): void {
    if (slot.dead) return;
    slot.dead = true;
    slot.worker.terminate();
    for (const pending of slot.pending.values()) pending.reject(reason);
    slot.pending.clear();
  }

  private terminateAll(): void {
    for (const slot of this.slots) this.kill(slot);
    this.slots = [];
  }
}
