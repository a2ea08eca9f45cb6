// What the time bench and the pane probe share: the generated five-year journal vault, an engine
// over it in memory (sliced as the plugin's main-thread engine is), and the probe that measures
// how long the event loop went without a turn while a call ran.
import { Engine } from '../src/core/engine';
import { defaultSettings } from '../src/core/settings';
import type { BlobStore, NoteFile, NoteSource } from '../src/core/ports';
import { generateVault } from './vault';

export const DAYS = 1800;
export const TOPICS = 200;

/** The suite's generated vault (Zipf vocabulary): 1,800 daily journal entries from 2015, 200 topic notes. */
export function journalVault(): Map<string, string> {
  return new Map(generateVault({ notes: DAYS + TOPICS, journalShare: DAYS / (DAYS + TOPICS) }).map((n) => [n.path, n.text]));
}

class MemorySource implements NoteSource {
  constructor(private readonly files: Map<string, string>) {}
  async list(): Promise<NoteFile[]> {
    return [...this.files].map(([path, text]) => ({ path, mtime: 1, size: text.length }));
  }
  async read(path: string): Promise<Uint8Array> {
    return new TextEncoder().encode(this.files.get(path) ?? '');
  }
}

class MemoryStore implements BlobStore {
  private readonly files = new Map<string, Uint8Array>();
  async read(path: string) {
    return this.files.get(path) ?? null;
  }
  async write(path: string, data: Uint8Array | string) {
    this.files.set(path, typeof data === 'string' ? new TextEncoder().encode(data) : data);
  }
  async delete(path: string) {
    this.files.delete(path);
  }
  async list(prefix: string) {
    return [...this.files.keys()].filter((p) => p.startsWith(prefix));
  }
}

/** An engine over `files`, indexed, lexical and link graph only, with the plugin's sliceMs. */
export async function openIndexed(files: Map<string, string>): Promise<Engine> {
  const settings = defaultSettings();
  settings.retrieval.embeddingModel = '';
  const engine = await Engine.open({ source: new MemorySource(files), store: new MemoryStore(), embedder: null, settings, sliceMs: 8 });
  await engine.sync();
  return engine;
}

/**
 * Runs `work` while a timer probe measures the longest the event loop went without a turn, in
 * wall-clock time and in this process's CPU time (`blockedCpuMs`), which the other processes of a
 * shared machine do not stretch.
 */
export async function withLoopProbe<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; blockedMs: number; blockedCpuMs: number; value: T }> {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let worst = 0;
  let worstCpu = 0;
  let running = true;
  const cpuSince = (from: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(from);
    return (d.user + d.system) / 1000;
  };
  const tick = () => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    worstCpu = Math.max(worstCpu, cpuSince(lastCpu));
    last = now;
    lastCpu = process.cpuUsage();
    if (running) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const value = await work();
  const ms = performance.now() - started;
  const cpuMs = cpuSince(cpuAtStart);
  running = false;
  worst = Math.max(worst, performance.now() - last);
  worstCpu = Math.max(worstCpu, cpuSince(lastCpu));
  return { ms, cpuMs, blockedMs: worst, blockedCpuMs: worstCpu, value };
}
