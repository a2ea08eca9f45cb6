// The benchmark page: the plugin's own worker pool (WorkerEmbedder over the workers inlined in
// main.js), timed from the page, with Chromium's long-task observer watching the main thread.
import { InlineEmbedWorkers } from '../../src/plugin/adapters/inline-worker';
import { WorkerEmbedder } from '../../src/plugin/adapters/worker-embedder';

export interface PageLoad {
  poolSize: number;
  loadMs: number;
  device: string | null;
  dtype: string | null;
}

export interface PagePass {
  embedMs: number;
  chunksPerSecond: number;
  /** Longest main-thread task while embedding, 0 when none reached Chromium's 50 ms threshold. */
  longestTaskMs: number;
  longTasks: number;
}

let embedder: WorkerEmbedder | null = null;

/**
 * Starts the pool and loads the model in every worker, then embeds `warmUp` untimed: V8 first
 * runs WebAssembly from its baseline compiler and swaps in optimised code in the background, so
 * early passes are slower (measured: up to 2× on the first passes after loading).
 */
async function load(opts: { poolSize: number; batchSize: number; warmUp: string[] }): Promise<PageLoad> {
  embedder = new WorkerEmbedder({
    runtime: new InlineEmbedWorkers(),
    modelId: 'vault:Models/e5-small-shape',
    poolSize: opts.poolSize,
    batchSize: opts.batchSize,
    load: { model: 'Models/e5-small-shape', localFolder: true, device: 'wasm', dtype: 'q8' },
    readModelFile: async (path: string) => {
      const res = await fetch(`/model/${path}`);
      return res.ok ? res.arrayBuffer() : null;
    },
  });
  const t0 = performance.now();
  await embedder.load();
  const loadMs = performance.now() - t0;
  await embedder.embed(opts.warmUp, 'passage');
  const info = embedder.loaded;
  return { poolSize: opts.poolSize, loadMs, device: info?.device ?? null, dtype: info?.dtype ?? null };
}

async function pass(texts: string[]): Promise<PagePass> {
  if (!embedder) throw new Error('load first');
  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
  const t0 = performance.now();
  const vectors = await embedder.embed(texts, 'passage');
  const embedMs = performance.now() - t0;
  // Entries are delivered asynchronously: give the observer a turn before reading them.
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  if (vectors.length !== texts.length) throw new Error(`${vectors.length} vectors for ${texts.length} texts`);
  return { embedMs, chunksPerSecond: texts.length / (embedMs / 1000), longestTaskMs: tasks.length ? Math.max(...tasks) : 0, longTasks: tasks.length };
}

(window as unknown as { askVaultBench: unknown }).askVaultBench = { load, pass };
