// The embedding worker's logic, apart from the worker global so that tests can drive it in
// Node: messages in (ToWorker), messages out through `post` (FromWorker). The embedding itself
// is the core's TransformersEmbedder, so the plugin and the CLI produce the same vectors; the
// reranker, likewise, is the core's CrossEncoderReranker.
import { TransformersEmbedder, type TransformersEmbedderOptions, type TransformersEnv } from '../core/embedding';
import type { Embedder } from '../core/ports';
import { CrossEncoderReranker } from '../core/retrieval/rerank-cross-encoder';
import { inflateGzipBase64, useInlinedWasm, wasmBase64FromMainJs } from './onnx-wasm';
import { LOCAL_MODEL_ROOT, type FromWorker, type ToWorker, type WorkerLoadOptions } from './protocol';

export type PostToMain = (message: FromWorker, transfer?: Transferable[]) => void;

/** The embedder as the worker uses it: the port plus what TransformersEmbedder reports after loading. */
export type WorkerSideEmbedder = Embedder & {
  readonly dtype?: string;
  readonly maxTokens?: number;
  readonly passageTokenBudget?: number;
};

export interface EmbedHandlerDeps {
  post: PostToMain;
  /** Default: the core's TransformersEmbedder. */
  createEmbedder?: (options: TransformersEmbedderOptions) => WorkerSideEmbedder;
  /** Whether a WebGPU adapter can be had. Default: asks navigator.gpu. */
  hasWebGpu?: () => Promise<boolean>;
}

export interface EmbedHandler {
  handle(message: ToWorker): Promise<void>;
}

type Env = TransformersEnv;
type FetchFn = Env['fetch'];
type LocalFetch = (url: string) => Promise<Response>;

interface EnvState {
  /** The settings a load may change, as they were before any load. */
  defaults: Pick<Env, 'useFS' | 'useBrowserCache' | 'remoteHost' | 'cacheDir' | 'allowLocalModels'>;
  /** The model folder being served, if any: its URL prefix and how to fetch under it. */
  local: { prefix: string; fetch: LocalFetch } | null;
}

/**
 * transformers.js's `env` is one object per module instance (per worker, or per test process),
 * so its pristine settings and the fetch hook live beside it rather than in a handler.
 */
const envStates = new WeakMap<Env, EnvState>();

function envState(env: Env): EnvState {
  let state = envStates.get(env);
  if (!state) {
    const created: EnvState = {
      defaults: {
        useFS: env.useFS, useBrowserCache: env.useBrowserCache, remoteHost: env.remoteHost, cacheDir: env.cacheDir, allowLocalModels: env.allowLocalModels,
      },
      local: null,
    };
    const networkFetch: FetchFn = env.fetch;
    // Everything transformers.js reads goes through env.fetch (in the browser, and in Node once
    // useFS is off): paths under the model folder become file-requests, the rest goes out.
    env.fetch = (input: string | URL, init?: unknown) => {
      const url = typeof input === 'string' ? input : input.href;
      const local = created.local;
      return local && url.startsWith(LOCAL_MODEL_ROOT) ? local.fetch(url) : networkFetch(input, init);
    };
    envStates.set(env, created);
    state = created;
  }
  return state;
}

export function createEmbedHandler(deps: EmbedHandlerDeps): EmbedHandler {
  const post = deps.post;
  const createEmbedder = deps.createEmbedder ?? ((o) => new TransformersEmbedder(o));
  const hasWebGpu = deps.hasWebGpu ?? detectWebGpu;

  let embedder: WorkerSideEmbedder | null = null;
  let reranker: CrossEncoderReranker | null = null;
  let wasmBinary: ArrayBuffer | null = null;
  /** Embeds run one after another: a worker has one ONNX session and one thread. */
  let queue: Promise<void> = Promise.resolve();
  const controllers = new Map<number, AbortController>();

  let nextFileRequest = 0;
  const fileRequests = new Map<number, { resolve: (data: ArrayBuffer | null) => void; reject: (err: Error) => void }>();
  /**
   * Files of the current load, by path: transformers.js reads each file twice (once for its
   * size, once for its bytes), and a model can weigh hundreds of MB. A Response copies the
   * buffer it is built from, so one buffer serves both reads. Cleared when the load ends.
   */
  const loadFiles = new Map<string, Promise<ArrayBuffer | null>>();

  function requestFile(path: string): Promise<ArrayBuffer | null> {
    const requestId = ++nextFileRequest;
    return new Promise((resolve, reject) => {
      fileRequests.set(requestId, { resolve, reject });
      post({ type: 'file-request', requestId, path });
    });
  }

  /** Serves `${LOCAL_MODEL_ROOT}${folder}/${file}` URLs with file-requests to the main thread. */
  function folderFetch(prefix: string): LocalFetch {
    return async (url) => {
      if (!url.startsWith(prefix)) return new Response(null, { status: 404, statusText: 'Not Found' });
      const path = url.slice(prefix.length);
      let pending = loadFiles.get(path);
      if (!pending) {
        pending = requestFile(path);
        loadFiles.set(path, pending);
      }
      const data = await pending;
      if (!data) return new Response(null, { status: 404, statusText: 'Not Found' });
      return new Response(data, { status: 200, headers: { 'content-length': String(data.byteLength) } });
    };
  }

  function configureEnv(env: Env, options: WorkerLoadOptions, folder: string): void {
    const pristine = envState(env);
    // `env` is shared by every load in this worker: undo what a previous load changed.
    Object.assign(env, pristine.defaults);
    pristine.local = null;
    if (wasmBinary) useInlinedWasm(env, wasmBinary);
    if (options.remoteHost) env.remoteHost = options.remoteHost.endsWith('/') ? options.remoteHost : `${options.remoteHost}/`;
    if (options.cacheDir) env.cacheDir = options.cacheDir;
    if (options.localFolder) {
      const prefix = `${LOCAL_MODEL_ROOT}${folder}/`;
      pristine.local = { prefix, fetch: folderFetch(prefix) };
      // Files come through env.fetch: no file system (Node), and no browser cache, which
      // would keep a stale copy of a model the user edits in the vault.
      env.useFS = false;
      env.useBrowserCache = false;
    }
  }

  async function takeWasm(wasmGzipBase64: string | undefined, wasmInMainJs?: ArrayBuffer): Promise<void> {
    const base64 = wasmGzipBase64 || (wasmInMainJs ? wasmBase64FromMainJs(wasmInMainJs) : null);
    if (wasmInMainJs && !base64) throw new Error('main.js carries no WASM comment; reinstall the plugin');
    if (base64 && !wasmBinary) wasmBinary = await inflateGzipBase64(base64);
  }

  async function loadReranker(id: number, options: WorkerLoadOptions, wasmGzipBase64: string | undefined, wasmInMainJs?: ArrayBuffer): Promise<void> {
    await takeWasm(wasmGzipBase64, wasmInMainJs);
    reranker = null;
    const folder = options.model.replace(/^\/+|\/+$/g, '');
    const candidate = new CrossEncoderReranker({
      model: options.localFolder ? `${LOCAL_MODEL_ROOT}${folder}` : options.model,
      offline: options.offline ?? false,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      configureEnv: (env) => configureEnv(env, options, folder),
    });
    try {
      await candidate.load();
    } finally {
      loadFiles.clear();
    }
    reranker = candidate;
    post({ type: 'reranker-loaded', id });
  }

  async function rerank(id: number, query: string, documents: string[], signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw abortError();
    if (!reranker) throw new Error('no reranker is loaded in this worker');
    post({ type: 'reranked', id, scores: await reranker.score(query, documents, signal) });
  }

  async function load(id: number, options: WorkerLoadOptions, wasmGzipBase64: string | undefined, wasmInMainJs?: ArrayBuffer): Promise<void> {
    await takeWasm(wasmGzipBase64, wasmInMainJs);
    await disposeEmbedder();
    const wanted = options.device ?? 'auto';
    const device = wanted === 'auto' ? await autoDevice(options.dtype) : wanted;
    const onProgress = (p: { status: string; file?: string; loaded?: number; total?: number }) => {
      post({ type: 'progress', id, stage: 'load', status: p.status, file: p.file, loaded: p.loaded, total: p.total });
    };
    let loaded: { embedder: WorkerSideEmbedder; dimension: number; device: string };
    try {
      loaded = await loadWith(options, device, onProgress);
    } catch (err) {
      if (device !== 'webgpu' || wanted !== 'auto') throw err;
      // WebGPU adapters come and go (drivers, power saving); WASM always works.
      loaded = await loadWith(options, 'wasm', onProgress);
    } finally {
      loadFiles.clear();
    }
    embedder = loaded.embedder;
    post({
      type: 'loaded',
      id,
      dimension: loaded.dimension,
      device: loaded.device,
      dtype: embedder.dtype ?? options.dtype ?? 'default',
      maxTokens: embedder.maxTokens ?? options.maxTokens ?? 512,
      passageTokenBudget: embedder.passageTokenBudget,
      inlinedWasm: wasmBinary !== null,
    });
  }

  async function loadWith(
    options: WorkerLoadOptions, device: string | undefined, onProgress: (p: { status: string }) => void,
  ): Promise<{ embedder: WorkerSideEmbedder; dimension: number; device: string }> {
    const folder = options.model.replace(/^\/+|\/+$/g, '');
    const candidate = createEmbedder({
      model: options.localFolder ? `${LOCAL_MODEL_ROOT}${folder}` : options.model,
      ...(options.dtype ? { dtype: options.dtype as TransformersEmbedderOptions['dtype'] } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(device && device !== 'cpu' ? { device: device as TransformersEmbedderOptions['device'] } : {}),
      offline: options.offline ?? false,
      configureEnv: (env) => configureEnv(env, options, folder),
    });
    try {
      const dimension = await candidate.load(onProgress);
      return { embedder: candidate, dimension, device: device ?? 'cpu' };
    } catch (err) {
      await candidate.dispose?.().catch(() => undefined);
      throw err;
    }
  }

  async function autoDevice(dtype: string | undefined): Promise<string | undefined> {
    if (!wasmBinary) return undefined; // Node: onnxruntime-node picks the CPU.
    const gpuFriendly = dtype === 'fp32' || dtype === 'fp16';
    return gpuFriendly && (await hasWebGpu()) ? 'webgpu' : 'wasm';
  }

  async function embed(id: number, texts: string[], kind: 'query' | 'passage', signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw abortError();
    if (!embedder) throw new Error('no embedding model is loaded in this worker');
    const vectors = await embedder.embed(texts, kind, {
      signal,
      onProgress: (p) => post({ type: 'progress', id, stage: 'embed', done: p.done, total: p.total }),
    });
    const dimension = vectors[0]?.length ?? 0;
    const packed = new Float32Array(vectors.length * dimension);
    vectors.forEach((v, i) => packed.set(v, i * dimension));
    post({ type: 'embedded', id, vectors: packed, dimension, count: vectors.length }, [packed.buffer]);
  }

  async function disposeEmbedder(): Promise<void> {
    const current = embedder;
    embedder = null;
    await current?.dispose?.();
  }

  function fail(id: number, err: unknown): void {
    const aborted = isAbort(err);
    const message = aborted ? 'aborted' : cleanMessage(err);
    post({ type: 'error', id, message, ...(aborted ? { aborted: true } : {}) });
  }

  /** Runs `job` after the previous ones, and reports its failure as the request's error. */
  function enqueue(id: number, job: () => Promise<void>): Promise<void> {
    queue = queue.then(job).catch((err: unknown) => fail(id, err));
    return queue;
  }

  return {
    handle(message: ToWorker): Promise<void> {
      switch (message.type) {
        case 'load':
          return enqueue(message.id, () => load(message.id, message.options, message.wasmGzipBase64, message.wasmInMainJs));
        case 'embed':
        case 'rerank': {
          // The controller exists from receipt, so an abort can cancel a request still queued.
          const controller = new AbortController();
          controllers.set(message.id, controller);
          const job = message.type === 'embed'
            ? () => embed(message.id, message.texts, message.kind, controller.signal)
            : () => rerank(message.id, message.query, message.documents, controller.signal);
          return enqueue(message.id, job).finally(() => controllers.delete(message.id));
        }
        case 'load-reranker':
          return enqueue(message.id, () => loadReranker(message.id, message.options, message.wasmGzipBase64, message.wasmInMainJs));
        case 'abort':
          controllers.get(message.id)?.abort();
          return Promise.resolve();
        case 'file-response': {
          const pending = fileRequests.get(message.requestId);
          fileRequests.delete(message.requestId);
          if (message.error) pending?.reject(new Error(message.error));
          else pending?.resolve(message.data);
          return Promise.resolve();
        }
        case 'dispose':
          for (const c of controllers.values()) c.abort();
          return enqueue(message.id, async () => {
            reranker = null;
            await disposeEmbedder();
            post({ type: 'disposed', id: message.id });
          });
        default: {
          const unknown = message as { type?: unknown; id?: unknown };
          const id = typeof unknown.id === 'number' ? unknown.id : -1;
          post({ type: 'error', id, message: `unknown message type ${JSON.stringify(unknown.type)}` });
          return Promise.resolve();
        }
      }
    },
  };
}

async function detectWebGpu(): Promise<boolean> {
  const gpu = (self.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}

function abortError(): Error {
  return new DOMException('aborted', 'AbortError');
}

function isAbort(err: unknown): boolean {
  return (err instanceof DOMException || err instanceof Error) && err.name === 'AbortError';
}

/** One line, without the worker's fake model root (the user knows the folder by its vault path). */
function cleanMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split(LOCAL_MODEL_ROOT).join('').replace(/\s+/g, ' ').trim();
}
