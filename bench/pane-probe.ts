// Probe for the journal pane's related notes and the first question after warm-up, one fresh
// process per run so before/after builds can be interleaved (see scripts/pane-probe.mjs):
//   node pane-probe.mjs bench     time-bench's vault: related() per call (ms, CPU ms, longest loop
//                                 block) and the first period question after warm-up
//   node pane-probe.mjs examples  the top-10 related notes of every note of examples/vault and
//                                 examples/work-vault, as JSON, to compare two builds (overlap@10)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Engine } from '../src/core/engine';
import { defaultSettings } from '../src/core/settings';
import type { BlobStore, NoteFile, NoteSource } from '../src/core/ports';
import { generateVault } from './vault';

class Source implements NoteSource {
  constructor(private readonly files: Map<string, string>) {}
  async list(): Promise<NoteFile[]> {
    return [...this.files].map(([path, text]) => ({ path, mtime: 1, size: text.length }));
  }
  async read(path: string): Promise<Uint8Array> {
    return new TextEncoder().encode(this.files.get(path) ?? '');
  }
}

class Store implements BlobStore {
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

/**
 * Runs `work` while a timer probe measures the longest the event loop went without a turn, in
 * wall-clock time (as time-bench.ts) and in this process's CPU time, which the other processes
 * of a shared machine do not stretch.
 */
async function probe<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; blockedMs: number; blockedCpuMs: number; value: T }> {
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
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  running = false;
  worst = Math.max(worst, performance.now() - last);
  worstCpu = Math.max(worstCpu, cpuSince(lastCpu));
  return { ms, cpuMs: (used.user + used.system) / 1000, blockedMs: worst, blockedCpuMs: worstCpu, value };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

async function open(files: Map<string, string>): Promise<Engine> {
  const settings = defaultSettings();
  settings.retrieval.embeddingModel = '';
  const engine = await Engine.open({ source: new Source(files), store: new Store(), embedder: null, settings, sliceMs: 8 });
  await engine.sync();
  return engine;
}

async function bench(): Promise<void> {
  const days = 1800;
  const topicCount = 200;
  const files = new Map(generateVault({ notes: days + topicCount, journalShare: days / (days + topicCount) }).map((n) => [n.path, n.text]));
  const engine = await open(files);
  const now = new Date(2026, 0, 15);
  const topics = [...files.keys()].filter((p) => !p.startsWith('Journal/')).sort();
  const journals = [...files.keys()].filter((p) => p.startsWith('Journal/')).sort();
  // As time-bench.ts warms up: the first query resolves the link graph once.
  await engine.search('Résume mon journal de 2016', { now });
  await engine.noteJournals(topics[0]!, { mentions: true });
  // Windows on the clock of --cpu-prof's timestamps (µs), to read one stage of a profile.
  const mark = (what: string) => process.env.PROBE_MARKS && console.error(`mark ${what} ${process.hrtime.bigint() / 1000n}`);
  mark('first');
  const first = await probe(() => engine.search(process.env.PROBE_FIRST ?? "Qu'ai-je fait en mars 2016 ?", { now }));
  mark('related');
  const paths = [...[0, 7, 60, 140].map((i) => topics[i]!), ...[10, 900, 1700].map((i) => journals[i]!)];
  const ms: number[] = [];
  const cpu: number[] = [];
  let blocked = 0;
  let blockedCpu = 0;
  for (let round = 0; round < Number(process.env.PROBE_ROUNDS ?? 5); round++) {
    for (const p of paths) {
      mark(`related ${round} ${p}`);
      const r = await probe(() => engine.related(p, 8));
      ms.push(r.ms);
      cpu.push(r.cpuMs);
      blocked = Math.max(blocked, r.blockedMs);
      blockedCpu = Math.max(blockedCpu, r.blockedCpuMs);
      if (process.env.PROBE_VERBOSE) console.error(`${round} ${p}: ${r.ms.toFixed(0)} ms, CPU ${r.cpuMs.toFixed(0)}, block ${r.blockedMs.toFixed(0)}, CPU block ${r.blockedCpuMs.toFixed(0)}`);
    }
  }
  mark('end');
  await engine.close();
  console.log(JSON.stringify({ related: { p50: median(ms), cpuP50: median(cpu), max: Math.max(...ms), blocked, blockedCpu }, first: { ms: first.ms, cpuMs: first.cpuMs, blocked: first.blockedMs, blockedCpu: first.blockedCpuMs } }));
}

function readVault(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.md')) out.set(relative(dir, full).split('\\').join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

async function examples(): Promise<void> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const dir of ['examples/vault', 'examples/work-vault']) {
    const files = readVault(dir);
    const engine = await open(files);
    out[dir] = {};
    for (const p of [...files.keys()].sort()) out[dir][p] = [...new Set((await engine.related(p, 10)).map((r) => r.path))];
    await engine.close();
  }
  console.log(JSON.stringify(out));
}

const mode = process.argv[2];
(mode === 'examples' ? examples() : bench()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
