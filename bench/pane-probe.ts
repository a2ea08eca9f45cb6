// Probe for the journal pane's related notes and the first question after warm-up, one fresh
// process per run so before/after builds can be interleaved (see scripts/pane-probe.mjs):
//   node pane-probe.mjs bench     time-bench's vault: related() per call (ms, CPU ms, longest loop
//                                 block) and the first period question after warm-up
//   node pane-probe.mjs examples  the top-10 related notes of every note of examples/vault and
//                                 examples/work-vault, as JSON, to compare two builds (overlap@10)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { journalVault, openIndexed, withLoopProbe as probe } from './journal-bench-engine';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

async function bench(): Promise<void> {
  const files = journalVault();
  const engine = await openIndexed(files);
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
    const engine = await openIndexed(files);
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
