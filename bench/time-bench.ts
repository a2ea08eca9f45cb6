// Questions about time at the scale of five years of daily notes: period, evolution and
// first/last retrieval, and the journal pane's update, over a generated vault of 1,800 daily
// notes linking 200 topic notes. Embedding is excluded (no model: lexical and link graph). The
// passage search of the same questions (`intent: 'fact'`) runs in the same rounds as the baseline.
// Also measured: the longest stretch the event loop was held during each call, since the
// plugin runs this on Obsidian's main thread (target: under 50 ms).
//
// Run with `node scripts/bench.mjs --only=time`; it rewrites its own section of BENCHMARKS.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAYS, journalVault, openIndexed, TOPICS, withLoopProbe } from './journal-bench-engine';

const ROUNDS = Number(process.env.TIME_BENCH_ROUNDS ?? 5);
const START = '<!-- time-bench: start (node scripts/bench.mjs --only=time) -->';
const END = '<!-- time-bench: end -->';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

interface Row {
  name: string;
  questions: number;
  p50: number;
  p95: number;
  cpuP95: number;
  blocked: number;
  blockedCpu: number;
  baselineP50?: number;
  note?: string;
}

async function main(): Promise<void> {
  const files = journalVault();
  const opened = performance.now();
  const engine = await openIndexed(files);
  console.log(`indexed ${files.size} notes in ${((performance.now() - opened) / 1000).toFixed(1)} s`);
  const now = new Date(2026, 0, 15);
  const topics = [...files.keys()].filter((p) => !p.startsWith('Journal/')).sort();
  const title = (i: number) => topics[i]!.replace(/\.md$/, '').split('/').pop()!;
  const journals = [...files.keys()].filter((p) => p.startsWith('Journal/')).sort();
  const groups: Record<string, string[]> = {
    period: [
      "Qu'ai-je fait en mars 2016 ?",
      'Résume mon journal de 2017',
      'Bilan de la semaine du 12 juin 2018',
      `Qu'ai-je fait sur le ${title(3)} en 2016 ?`,
      'Résume tout mon journal',
      'What did I write in October 2015?',
    ],
    evolution: [0, 5, 50, 120, 199].map((i) => `Comment mon avis sur ${title(i)} a-t-il évolué ?`),
    'first/last': [1, 30, 150].flatMap((i) => [`Quand ai-je parlé de ${title(i)} pour la première fois ?`, `Quand ai-je parlé de ${title(i)} pour la dernière fois ?`]),
  };
  // The first query after indexing resolves the whole link graph once; that is not a question's cost.
  await engine.search('Résume mon journal de 2016', { now });
  await engine.noteJournals(topics[0]!, { mentions: true });
  const rows: Row[] = [];
  const counts: string[] = [];
  for (const [name, questions] of Object.entries(groups)) {
    const times: number[] = [];
    const cpu: number[] = [];
    const base: number[] = [];
    let blocked = 0;
    let blockedCpu = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const q of questions) {
        const r = await withLoopProbe(() => engine.search(q, { now }));
        times.push(r.ms);
        cpu.push(r.cpuMs);
        blocked = Math.max(blocked, r.blockedMs);
        blockedCpu = Math.max(blockedCpu, r.blockedCpuMs);
        if (process.env.TIME_BENCH_VERBOSE) console.log(`${r.ms.toFixed(0).padStart(5)} ms, block ${r.blockedMs.toFixed(0).padStart(4)} ms: ${q}`);
        if (round === 0 && r.value.timeline) counts.push(`« ${q} »: ${r.value.timeline.total} entries, ${r.value.timeline.shown} shown`);
        base.push((await withLoopProbe(() => engine.search(q, { now, intent: 'fact' }))).ms);
      }
    }
    rows.push({ name, questions: questions.length, p50: pct(times, 50), p95: pct(times, 95), cpuP95: pct(cpu, 95), blocked, blockedCpu, baselineP50: pct(base, 50) });
  }
  // The pane: a topic note's journals (links only, then with mentions) and related notes; a journal entry's.
  for (const [name, paths, mentions] of [
    ['pane: topic note', [0, 7, 60, 140].map((i) => topics[i]!), false],
    ['pane: topic note, with mentions', [0, 7, 60, 140].map((i) => topics[i]!), true],
    ['pane: journal entry', [10, 900, 1700].map((i) => journals[i]!), false],
  ] as const) {
    const times: number[] = [];
    const cpu: number[] = [];
    const journalsOnly: number[] = [];
    const journalsCpu: number[] = [];
    let blocked = 0;
    let blockedCpu = 0;
    let journalsBlocked = 0;
    let journalsBlockedCpu = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const p of paths) {
        const j = await withLoopProbe(() => engine.noteJournals(p, { mentions }));
        const r = await withLoopProbe(() => engine.related(p, 8));
        journalsOnly.push(j.ms);
        journalsCpu.push(j.cpuMs);
        cpu.push(j.cpuMs + r.cpuMs);
        journalsBlocked = Math.max(journalsBlocked, j.blockedMs);
        journalsBlockedCpu = Math.max(journalsBlockedCpu, j.blockedCpuMs);
        times.push(j.ms + r.ms);
        blocked = Math.max(blocked, j.blockedMs, r.blockedMs);
        blockedCpu = Math.max(blockedCpu, j.blockedCpuMs, r.blockedCpuMs);
      }
    }
    rows.push({ name: `${name}: its journals`, questions: paths.length, p50: pct(journalsOnly, 50), p95: pct(journalsOnly, 95), cpuP95: pct(journalsCpu, 95), blocked: journalsBlocked, blockedCpu: journalsBlockedCpu });
    rows.push({ name: `${name}: whole update (journals + related notes)`, questions: paths.length, p50: pct(times, 50), p95: pct(times, 95), cpuP95: pct(cpu, 95), blocked, blockedCpu });
  }
  await engine.close();

  const lines = [
    START,
    '## Questions about time and the journal pane (bench/time-bench.ts)',
    '',
    `Generated vault (bench/vault.ts, Zipf vocabulary): ${DAYS} daily notes (5 years) linking ${TOPICS} topic notes; lexical and link graph, no embedding model (embedding excluded). ` +
      `${ROUNDS} rounds; milliseconds. "Longest loop block" is the longest the event loop went without a turn during one call (the engine yields every 8 ms, as on Obsidian's main thread); the "CPU" columns measure the same in the process's CPU time (all its threads, the GC's too), which other processes on a shared machine do not lengthen. ` +
      'The baseline is the passage search of the same questions (`intent: fact`), in the same rounds.',
    '',
    '| what | questions | p50 | p95 | p95, CPU | longest loop block | longest loop block, CPU | passage search p50 (baseline) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.questions} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.cpuP95.toFixed(1)} | ${r.blocked.toFixed(1)} | ${r.blockedCpu.toFixed(1)} | ${r.baselineP50 !== undefined ? r.baselineP50.toFixed(1) : '–'} |`),
    '',
    'Targets: p95 ≤ 100 ms per question; the pane under 100 ms per update, no stretch over 50 ms on the main thread.',
    '',
    ...counts.map((c) => `- ${c}`),
    '',
    END,
  ];
  console.log(lines.join('\n'));
  if (!process.argv.includes('--no-write')) {
    const file = join(process.cwd(), 'BENCHMARKS.md');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const a = text.indexOf(START);
    const b = text.indexOf(END);
    const block = lines.join('\n');
    writeFileSync(file, a >= 0 && b > a ? `${text.slice(0, a)}${block}${text.slice(b + END.length)}` : `${text.trimEnd()}\n\n${block}\n`);
    console.log('Rewrote the time section of BENCHMARKS.md');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
