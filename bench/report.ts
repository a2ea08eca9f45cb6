// Results → BENCHMARKS.md and the chart. Every figure is shown with its baseline from the same
// run as a ratio, as the median of its runs with min–max, next to the target it answers.
import type { Outcome, ColdSection, EmbedSection, BrowserSection, IndexSection, IncrementalSection, QuerySection, SectionMeta } from './sections';
import { EMBED_CONFIGS } from './sections';
import type { ChildOutcome } from './child';
import type { Layout } from './index-tasks';
import { summarize, type Summary } from './stats';
import { chartSvg, type Series } from './svg-chart';
import { renderStartup, type StartupSection } from './startup-report';
import type { Region } from './report-merge';

type WithMeta<T> = T & { meta: SectionMeta };

export interface Results {
  machine?: { date: string; cpu: string; cores: number; memoryGB: number; node: string; os: string; commit: string };
  quick?: boolean;
  /** Wall time of the last full run (all sections). */
  minutes?: number;
  sections: {
    embed?: WithMeta<EmbedSection>;
    browser?: WithMeta<BrowserSection>;
    startup?: WithMeta<StartupSection>;
    index?: WithMeta<IndexSection>;
    incremental?: WithMeta<IncrementalSection>;
    query?: WithMeta<QuerySection>;
    cold?: WithMeta<ColdSection>;
  };
}

export const CHART_FILE = 'docs/bench-index-scale.svg';

// ---- formatting -----------------------------------------------------------------------------

const MB = 1e6;
const num = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** Enough digits to read a value, not more. */
function auto(x: number): string {
  const a = Math.abs(x);
  return num(x, a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
}
function fmt(s: Summary | undefined, unit = '', f: (x: number) => string = auto): string {
  if (!s) return '–';
  const spread = s.runs > 1 ? ` (${f(s.min)}–${f(s.max)})` : '';
  return `${f(s.median)}${unit}${spread}`;
}
const times = (x: number) => `${num(x, 2)}×`;
const ms = (x: number) => (x >= 1000 ? `${num(x / 1000, 2)} s` : `${auto(x)} ms`);
const mb = (bytes: number) => `${num(bytes / MB, 0)} MB`;
const ok = (met: boolean | undefined) => (met === undefined ? '–' : met ? '✅ met' : '❌ missed');
const sum = (values: (number | undefined)[]) => {
  const finite = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  return finite.length ? summarize(finite) : undefined;
};

function okValues<T>(outcomes: readonly ChildOutcome<T>[]): T[] {
  return outcomes.flatMap((o) => (o.ok ? [o.value] : []));
}

function failure(outcomes: readonly ChildOutcome<unknown>[]): string | undefined {
  for (const o of outcomes) if (!o.ok) return o.error;
  return undefined;
}

// ---- derived figures ------------------------------------------------------------------------

interface EmbedFigures {
  perConfig: { label: string; cps?: Summary; tps?: Summary; ratio?: Summary; padding: number; loadMs: number }[];
  overhead?: Summary;
  sortedGain?: Summary;
  q8OverFp32?: Summary;
  batch1?: Summary;
}

function embedFigures(outcome: EmbedSection['throughput'] | undefined): EmbedFigures | undefined {
  if (!outcome?.ok) return undefined;
  const runs = outcome.value.runs;
  const raw = runs[0]!;
  const perRoundRatio = (i: number, base = raw) => runs[i]!.chunksPerSecond.map((c, r) => c / base.chunksPerSecond[r]!);
  const byLabel = (label: string) => runs.findIndex((r) => r.config.label === label);
  const iUnsorted = byLabel(EMBED_CONFIGS[1]!.label);
  const iSorted = byLabel(EMBED_CONFIGS[2]!.label);
  const iBatch1 = byLabel(EMBED_CONFIGS[3]!.label);
  const iFp32 = byLabel(EMBED_CONFIGS[4]!.label);
  return {
    perConfig: runs.map((r, i) => ({
      label: r.config.label,
      cps: sum(r.chunksPerSecond),
      tps: sum(r.tokensPerSecond),
      ratio: i === 0 ? undefined : sum(perRoundRatio(i)),
      padding: r.paddedTokens / r.realTokens,
      loadMs: r.loadMs,
    })),
    overhead: iUnsorted >= 0 ? sum(perRoundRatio(iUnsorted)) : undefined,
    sortedGain: iSorted >= 0 ? sum(perRoundRatio(iSorted)) : undefined,
    batch1: iBatch1 >= 0 ? sum(perRoundRatio(iBatch1)) : undefined,
    q8OverFp32: iSorted >= 0 && iFp32 >= 0 ? sum(perRoundRatio(iSorted, runs[iFp32])) : undefined,
  };
}

interface CellFigures {
  build?: Summary;
  buildCpu?: Summary;
  loadCpu?: Summary;
  cpuP50?: Summary;
  cpuP95?: Summary;
  disk?: number;
  files?: number;
  load?: Summary;
  p50?: Summary;
  p95?: Summary;
  rss?: Summary;
  peak?: Summary;
  error?: string;
  topIds?: string[][];
}

function cellFigures(index: IndexSection | undefined, layout: Layout, chunks: number): CellFigures | undefined {
  const cell = index?.cells.find((c) => c.layout === layout && c.chunks === chunks);
  if (!cell) return undefined;
  const builds = okValues(cell.builds);
  const loads = okValues(cell.loads);
  return {
    build: sum(builds.map((b) => b.buildMs)),
    buildCpu: sum(builds.map((b) => b.buildCpuMs)),
    loadCpu: sum(loads.map((l) => l.loadCpuMs)),
    cpuP50: sum(loads.map((l) => l.queryCpuP50)),
    cpuP95: sum(loads.map((l) => l.queryCpuP95)),
    disk: builds[0]?.diskBytes,
    files: builds[0]?.files,
    load: sum(loads.map((l) => l.loadMs)),
    p50: sum(loads.map((l) => l.queryP50)),
    p95: sum(loads.map((l) => l.queryP95)),
    rss: sum(loads.map((l) => l.rssGrowth)),
    peak: sum(loads.map((l) => l.peakRss)),
    error: failure(cell.builds) ?? failure(cell.loads),
    topIds: loads[0]?.topIds,
  };
}

// ---- rendering --------------------------------------------------------------------------------

export function renderReport(results: Results): { markdown: string; regions: Region[]; charts: Record<string, string> } {
  const s = results.sections;
  const m = results.machine;
  const lines: string[] = [];
  const regions: Array<{ name: string; lines: string[] | null }> = [];
  const out = (...xs: string[]) => {
    lines.push(...xs);
    regions.at(-1)?.lines?.push(...xs);
  };
  /** What follows, up to the next region, is region `name`; null when this run has nothing for it. */
  const region = (name: string, present: unknown) => regions.push({ name, lines: present ? [] : null });
  const charts: Record<string, string> = {};

  // The summary and headline speak for every section: a run with some missing leaves them as they were.
  region('summary', s.embed && s.browser && s.index && s.incremental && s.query && s.cold);
  out('# Benchmarks', '');
  out(
    `Written by \`npm run bench${results.quick ? ' -- --quick' : ''}\` (scripts/bench.mjs, bench/) on ${m?.date.slice(0, 10) ?? '?'}, commit ${m?.commit ?? '?'}. ` +
      'Each figure is the median of its runs, with min–max in brackets, and its baseline measured in the same run, as a ratio. ' +
      'Models are random-weight ONNX files with the exact shapes of `Xenova/multilingual-e5-small` (generated by `scripts/make-bench-model.py`, never committed) ' +
      'and of the tiny test model: speed and memory carry over to the real weights, the vectors mean nothing.',
    '',
  );
  out(
    `**Machine:** ${m?.cpu ?? '?'}, ${m?.cores ?? '?'} cores, ${m?.memoryGB ?? '?'} GB RAM, Node ${m?.node ?? '?'}, ${m?.os ?? '?'}. ` +
      'The machine was shared with other jobs while the suite ran; the load average of each section is given with it, ' +
      'and wall-clock figures are pessimistic when it is above the core count.',
    '',
  );
  if (results.quick) out('> **Quick run** (`--quick`): smaller sizes and single runs. Not the reference figures.', '');

  const ef = embedFigures(s.embed?.throughput);
  const rf = embedFigures(s.embed?.reference);
  const embedMem = s.embed?.memory ?? [];
  const defaultMem = embedMem[0]?.outcome.ok ? embedMem[0].outcome.value : undefined;
  const fp32Mem = embedMem[2]?.outcome.ok ? embedMem[2].outcome.value : undefined;
  const browser = s.browser?.outcome.ok ? s.browser.outcome.value : undefined;
  const poolRatio = browser ? sum(browser.passes.map((row) => row[1]!.chunksPerSecond / row[0]!.chunksPerSecond)) : undefined;
  const longest = browser ? Math.max(...browser.passes.flat().map((x) => x.longestTaskMs)) : undefined;
  const inc = s.incremental?.outcome.ok ? s.incremental.outcome.value : undefined;
  const q = s.query?.outcome?.ok ? s.query.outcome.value : undefined;
  const coldAll = s.cold ? okValues(s.cold.runs) : [];
  // Runs from before the term cache existed carry no termCache field: they count as kept.
  const coldRuns = coldAll.filter((c) => c.termCache !== 'dropped');
  const coldNoCache = coldAll.filter((c) => c.termCache === 'dropped');
  const ours50 = cellFigures(s.index, 'ours', 50_000);
  const vectra50 = cellFigures(s.index, 'vectra-json', 50_000);
  const flat50 = cellFigures(s.index, 'flat', 50_000);
  const ours100 = cellFigures(s.index, 'ours', 100_000);
  const vectra100 = cellFigures(s.index, 'vectra-json', 100_000);
  const ours20 = cellFigures(s.index, 'ours', 20_000);
  const chk100 = cellFigures(s.index, 'ours-checkpointed', 100_000);
  const chk20 = cellFigures(s.index, 'ours-checkpointed', 20_000);

  // ---- headline
  out('## Headline: targets against measured figures', '');
  out('| Target | Measured (ours) | Baseline, same run | Status |', '|---|---|---|---|');
  const row = (target: string, measured: string, baseline: string, status: string) => out(`| ${target} | ${measured} | ${baseline} | ${status} |`);
  if (ef) {
    const raw = ef.perConfig[0]!;
    const both = (f: EmbedFigures | undefined, pick: (f: EmbedFigures) => Summary | undefined) => (f ? fmt(pick(f), '×', (x) => num(x, 2)) : '–');
    const refOverhead = rf?.overhead ?? ef.overhead;
    const refGain = rf?.sortedGain ?? ef.sortedGain;
    row(
      'Pipeline overhead: ours, sorting off, ≥ 0.9× raw transformers.js',
      `${both(rf, (f) => f.overhead)} raw on the reference mix; ${both(ef, (f) => f.overhead)} on our vault's chunks`,
      `raw \`pipeline()\`, batch 16, file order: ${fmt(rf?.perConfig[0]!.cps, ' chunks/s')} (reference), ${fmt(raw.cps, ' chunks/s')} (vault)`,
      ok(refOverhead && refOverhead.median >= 0.9),
    );
    row(
      'Length-sorted batching ≥ 3× raw on the realistic mix',
      `${both(rf, (f) => f.sortedGain)} raw on the reference mix (median 81 tokens, p90 360); ${both(ef, (f) => f.sortedGain)} on our vault's chunks, whose file-order padding is only ${num(raw.padding, 2)}×`,
      'same raw baselines',
      ok(refGain && refGain.median >= 3),
    );
    row('q8 weights: say what they give', `${fmt(ef.q8OverFp32, '×', (x) => num(x, 2))} the speed of fp32${defaultMem && fp32Mem ? `; peak RSS ${mb(defaultMem.peakRss)} against ${mb(fp32Mem.peakRss)}` : ''}`, 'ours with fp32 weights, same batching', 'reported');
  }
  if (defaultMem) {
    row('Peak RSS while indexing with the default model (Node) ≤ 0.5 GB', mb(defaultMem.peakRss), `Node process before loading the model: ${mb(defaultMem.baselineRss)}`, ok(defaultMem.peakRss <= 500 * MB));
  }
  if (s.browser) {
    row('Browser worker pool (2 workers) ≥ 1.7× one worker', poolRatio ? `${fmt(poolRatio, '×', (x) => num(x, 2))} one worker` : `failed: ${failure([s.browser.outcome])}`, browser ? `one worker: ${fmt(sum(browser.passes.map((r) => r[0]!.chunksPerSecond)), ' chunks/s')}` : '–', ok(poolRatio && poolRatio.median >= 1.7));
    row('Browser: no main-thread task over 50 ms while indexing', longest !== undefined ? (longest === 0 ? 'none over 50 ms' : `longest ${ms(longest)}`) : '–', 'Chromium long-task observer, all passes', ok(longest !== undefined ? longest <= 50 : undefined));
  }
  if (inc) {
    row('Restart of an unchanged vault embeds 0 chunks', `${inc.restart.embedded} chunks`, `first index: ${num(inc.fullEmbedded)} chunks`, ok(inc.restart.embedded === 0));
    row('A rename embeds 0 chunks', `${inc.renameLive.embedded} (live event), ${inc.renameOffline.embedded} (renamed while closed)`, '–', ok(inc.renameLive.embedded === 0 && inc.renameOffline.embedded === 0));
    const edit = sum(inc.edits.map((e) => e.searchableMs));
    row(
      `One edited note searchable ≤ 1 s at ${num(inc.chunks)} chunks (embedding excluded)`,
      `median ${fmt(edit, '', ms)} over ${inc.edits.length} edits; ${inc.edits.map((e) => e.embedded).join(', ')} chunk(s) embedded`,
      `full index of the vault: ${ms(inc.fullSyncMs)} (${edit ? times(inc.fullSyncMs / edit.median) : ''} the median edit)`,
      ok(edit && edit.median <= 1000) + (edit && edit.max > 1000 ? ` (slowest: ${ms(edit.max)})` : ''),
    );
  }
  if (ours50) {
    row('50k chunks: load ≤ 1 s', `${fmt(ours50.load, '', ms)}; CPU ${fmt(ours50.loadCpu, '', ms)}`, `vectra JSON: ${fmt(vectra50?.load, '', ms)}${vectra50?.load && ours50.load ? ` (${times(vectra50.load.median / ours50.load.median)} slower)` : ''}`, ok(ours50.load && ours50.load.median <= 1000));
    row('50k chunks: query p95 ≤ 50 ms (top 10)', `${fmt(ours50.p95, '', ms)}; CPU p95 ${fmt(ours50.cpuP95, '', ms)}`, `vectra: ${fmt(vectra50?.p95, '', ms)} (CPU ${fmt(vectra50?.cpuP95, '', ms)}); flat Float32Array scan: ${fmt(flat50?.p95, '', ms)} (CPU ${fmt(flat50?.cpuP95, '', ms)})`, ok(ours50.p95 && ours50.p95.median <= 50));
    row('50k chunks: RSS growth ≤ 300 MB', fmt(ours50.rss, '', mb), `vectra JSON: ${fmt(vectra50?.rss, '', mb)}`, ok(ours50.rss && ours50.rss.median <= 300 * MB));
    row('50k chunks: size on disk ≤ 100 MB', ours50.disk !== undefined ? `${mb(ours50.disk)} in ${ours50.files} files` : '–', vectra50?.disk !== undefined ? `vectra JSON: ${mb(vectra50.disk)} (${times(vectra50.disk / ours50.disk!)})` : '–', ok(ours50.disk !== undefined ? ours50.disk <= 100 * MB : undefined));
  }
  if (ours100 || vectra100) {
    const built = ours100 && !ours100.error && ours100.load;
    row('100k chunks: builds and loads, no `Invalid string length`', built ? `builds in ${fmt(ours100.build, '', ms)}, loads in ${fmt(ours100.load, '', ms)}` : `failed: ${ours100?.error ?? '?'}`, `vectra JSON: ${vectra100?.error ? `fails: \`${vectra100.error}\`` : fmt(vectra100?.build, '', ms)}`, ok(!!built));
    if (ours100?.build && ours20?.build) {
      const per = (c: Summary | undefined, k: number) => (c ? c.median / k : NaN);
      const wall = per(ours100.build, 100) / per(ours20.build, 20);
      const cpu = per(ours100.buildCpu, 100) / per(ours20.buildCpu, 20);
      const chk = chk100?.build && chk20?.build ? `; with a checkpoint every 2,000 chunks: ${times(per(chk100.build, 100) / per(chk20.build, 20))}` : '';
      row(
        '100k chunks: build time linear in size',
        `per 1k chunks, 100k against 20k: ${times(wall)} wall (${num(per(ours100.build, 100))} against ${num(per(ours20.build, 20))} ms), ${times(cpu)} CPU${chk}`,
        'linear = 1.00×; vectra JSON, same ratio from 20k to 50k: ' + (vectra50?.build && cellFigures(s.index, 'vectra-json', 20_000)?.build ? times(per(vectra50.build, 50) / per(cellFigures(s.index, 'vectra-json', 20_000)!.build, 20)) : '–'),
        ok(Math.min(wall, cpu) <= 1.3),
      );
    }
  }
  if (q) {
    row(`End-to-end query p50 ≤ 100 ms at ${num(q.chunks)} chunks (query embedding + hybrid + journal expansion)`, `p50 ${ms(q.hybrid.p50)}, p95 ${ms(q.hybrid.p95)}`, `query embedding + flat scan: p50 ${ms(q.baseline.p50)} (${times(q.hybrid.p50 / q.baseline.p50)})`, ok(q.hybrid.p50 <= 100));
  }
  if (coldRuns.length) {
    const lex = sum(coldRuns.map((c) => c.firstLexicalMs));
    const hyb = sum(coldRuns.map((c) => c.firstHybridMs));
    row(`Cold start at ${num(coldRuns[0]!.chunks)} chunks: open → first answerable query (no target)`, `lexical answer ${fmt(lex, '', ms)}; hybrid answer ${fmt(hyb, '', ms)}`, vectra50?.load ? `vectra JSON index load alone: ${fmt(vectra50.load, '', ms)}` : '–', 'reported');
  }
  out('');

  // ---- 1. embedding
  region('embed', s.embed);
  if (s.embed) {
    const e = s.embed;
    out('## 1. Embedding throughput (Node, onnxruntime-node)', '');
    out(
      `${e.count} chunks taken evenly, in file order, from a generated vault of French-like notes (journal entries and topic notes), chunked by our chunker (256-token target). ` +
        `${e.rounds} timed pass(es) per configuration after one warm-up batch, the configurations taking turns within each round; ratios are per round, against the raw baseline of the same round. ` +
        `Load average ${num(e.meta.loadBefore, 1)} → ${num(e.meta.loadAfter, 1)}.`,
      '',
    );
    if (e.throughput.ok) {
      const t = e.throughput.value.tokenStats;
      out(`Tokens per chunk (prefix and special tokens included, e5-shaped tokenizer): median ${t.p50}, p90 ${t.p90}, max ${t.max}, mean ${num(t.mean)}.`, '');
      out('| configuration | chunks/s | tokens/s | × raw | padded / real tokens |', '|---|---|---|---|---|');
      for (const c of ef!.perConfig) out(`| ${c.label} | ${fmt(c.cps)} | ${fmt(c.tps, '', (x) => num(x))} | ${c.ratio ? fmt(c.ratio, '×', (x) => num(x, 2)) : 'baseline'} | ${num(c.padding, 2)} |`);
      out(
        '',
        'Same model file and inputs everywhere; "file order" uses exactly the raw baseline\'s batches. Two differences remain in ours: it tokenizes and pools itself ' +
          "(the same operations as `pipeline()`), and it turns off ONNX Runtime's thread spinning, which on a shared 2-core machine is worth more than the pipeline's overhead.",
        '',
      );
    } else {
      out(`Throughput run failed: ${e.throughput.error}`, '');
    }
    if (e.reference?.ok && rf) {
      const t = e.reference.value.tokenStats;
      out(
        `**The same comparison on the reference length mix** of the issue's figures (median 81 tokens, p90 360): ${e.referenceCount ?? e.count} texts of the vault's words, lengths drawn from a log-normal law and measured with the model's tokenizer ` +
          `(here median ${t.p50}, p90 ${t.p90}, max ${t.max}), in the order drawn.`,
        '',
      );
      out('| configuration | chunks/s | tokens/s | × raw | padded / real tokens |', '|---|---|---|---|---|');
      for (const c of rf.perConfig) out(`| ${c.label} | ${fmt(c.cps)} | ${fmt(c.tps, '', (x) => num(x))} | ${c.ratio ? fmt(c.ratio, '×', (x) => num(x, 2)) : 'baseline'} | ${num(c.padding, 2)} |`);
      out('');
    } else if (e.reference && !e.reference.ok) out(`Reference-mix run failed: ${e.reference.error}`, '');
    out(`**Peak memory while indexing** (the real path: \`Engine.sync\` over a ${e.memoryNotes}-note vault on disk, e5-shaped model, one process per configuration):`, '');
    out('| embedder options | chunks embedded | chunks/s | peak RSS | RSS before loading |', '|---|---|---|---|---|');
    for (const mem of e.memory) {
      if (mem.outcome.ok) {
        const v = mem.outcome.value;
        out(`| ${mem.label} | ${v.embedded} | ${num(v.chunksPerSecond, 1)} | ${mb(v.peakRss)} | ${mb(v.baselineRss)} |`);
      } else out(`| ${mem.label} | failed: ${mem.outcome.error} | | | |`);
    }
    out('');
  }

  region('browser', s.browser);
  if (s.browser) {
    const b = s.browser;
    out('## 1b. Embedding in the browser (headless Chromium, plugin worker pool)', '');
    out(
      `The plugin's own \`WorkerEmbedder\` over the workers inlined in main.js (onnxruntime-web WASM, one thread each), e5-shaped model in q8 served as a vault folder from 127.0.0.1. ` +
        `${b.count} chunks of the same mix, batches of ${b.batchSize} texts per worker message (so two workers share the work evenly on this small sample). ` +
        `Each pool loads once and embeds the whole sample once untimed (V8 swaps in optimised WebAssembly code in the background); the timed passes then alternate between the pools. Load average ${num(b.meta.loadBefore, 1)} → ${num(b.meta.loadAfter, 1)}.`,
      '',
    );
    if (browser) {
      out('| workers | model load | chunks/s | × one worker | longest main-thread task |', '|---|---|---|---|---|');
      browser.loads.forEach((l, j) => {
        const cps = sum(browser.passes.map((r) => r[j]!.chunksPerSecond));
        const ratio = j === 0 ? 'baseline' : fmt(sum(browser.passes.map((r) => r[j]!.chunksPerSecond / r[0]!.chunksPerSecond)), '×', (x) => num(x, 2));
        const lt = Math.max(...browser.passes.map((r) => r[j]!.longestTaskMs));
        out(`| ${l.poolSize} | ${ms(l.loadMs)} | ${fmt(cps, '', (x) => num(x, 2))} | ${ratio} | ${lt === 0 ? 'none over 50 ms' : ms(lt)} |`);
      });
      out('');
    } else out(`Failed: ${failure([b.outcome])}`, '');
  }

  region('startup', s.startup);
  if (s.startup) renderStartup(s.startup, out);

  // ---- 2. index
  region('index', s.index);
  if (s.index) {
    const ix = s.index;
    out('## 2. Index at scale (384-dimension vectors)', '');
    out(
      'Same notes (5 chunks each, 300–1000 characters of text per chunk) and the same random unit vectors for every layout. Build in one process, then load and ' +
        `${ix.queries} top-10 queries in a fresh one (two untimed queries first). **ours**: \`IndexStore\` over \`FsBlobStore\` (segment files, binary vector codec, gzipped note records with their chunk texts). ` +
        '**vectra JSON**: vectra 0.15 `LocalIndex` with its defaults (one `index.json`; metadata: path and chunk id only, no text). **flat**: one `Float32Array` in a plain loop, saved as raw floats plus an id list. ' +
        `**ours, checkpointed**: the same build committed every 2,000 chunks, as a long indexing run does. RSS growth is measured after load and a GC. Load average ${num(ix.meta.loadBefore, 1)} → ${num(ix.meta.loadAfter, 1)}.`,
      '',
    );
    out('| chunks | layout | build | disk | load | query p50 | query p95 | RSS growth | load × vectra | disk × vectra |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const chunks of ix.scales) {
      const vectra = cellFigures(ix, 'vectra-json', chunks);
      for (const layout of ['ours', 'ours-checkpointed', 'vectra-json', 'flat'] as Layout[]) {
        const c = cellFigures(ix, layout, chunks);
        if (!c) continue;
        const name = layout === 'ours-checkpointed' ? 'ours, checkpointed' : layout === 'vectra-json' ? 'vectra JSON' : layout;
        if (c.error && !c.build) {
          out(`| ${num(chunks)} | ${name} | fails: \`${c.error}\` | | | | | | | |`);
          continue;
        }
        const loadRatio = layout !== 'vectra-json' && c.load && vectra?.load ? times(vectra.load.median / c.load.median) + ' faster' : '';
        const diskRatio = layout !== 'vectra-json' && c.disk && vectra?.disk ? times(vectra.disk / c.disk) + ' smaller' : '';
        const disk = c.disk !== undefined ? `${mb(c.disk)}${c.files && c.files > 2 ? ` (${c.files} files)` : ''}` : '–';
        if (layout === 'ours-checkpointed') {
          out(`| ${num(chunks)} | ${name} | ${fmt(c.build, '', ms)} | ${disk} | | | | | | |`);
          continue;
        }
        out(`| ${num(chunks)} | ${name} | ${fmt(c.build, '', ms)} | ${disk} | ${fmt(c.load, '', ms)} | ${fmt(c.p50, '', ms)} | ${fmt(c.p95, '', ms)} | ${fmt(c.rss, '', mb)} | ${loadRatio} | ${diskRatio} |`);
      }
    }
    out('');
    out('CPU time of the same runs (this process, all threads), which waits on a busy machine do not inflate:', '');
    out('| chunks | layout | build CPU | load CPU | query CPU p50 | query CPU p95 |', '|---|---|---|---|---|---|');
    for (const chunks of ix.scales) {
      for (const layout of ['ours', 'vectra-json', 'flat'] as Layout[]) {
        const c = cellFigures(ix, layout, chunks);
        if (!c?.buildCpu) continue;
        const name = layout === 'vectra-json' ? 'vectra JSON' : layout;
        out(`| ${num(chunks)} | ${name} | ${fmt(c.buildCpu, '', ms)} | ${fmt(c.loadCpu, '', ms)} | ${fmt(c.cpuP50, '', ms)} | ${fmt(c.cpuP95, '', ms)} |`);
      }
    }
    out('');
    // The three layouts must agree on the answers, or the timings compare different work.
    const agree = ix.scales.every((chunks) => {
      const ids = LAYOUTS_FOR_CHECK.map((l) => cellFigures(ix, l, chunks)?.topIds).filter((x): x is string[][] => !!x);
      return ids.every((x) => JSON.stringify(x) === JSON.stringify(ids[0]));
    });
    out(`Top-10 results of the first 5 queries: ${agree ? 'identical across ours, vectra and flat at every size where each ran' : '**differ between layouts** (see .bench/results.json)'}.`, '');
    charts[CHART_FILE] = indexChart(ix);
    out(`![Index cost by size](${CHART_FILE})`, '');
  }

  // ---- 3. incremental
  region('incremental', s.incremental);
  if (s.incremental) {
    out('## 3. Incremental updates', '');
    if (inc) {
      out(
        `A generated vault of ${num(inc.notes)} notes (${num(inc.chunks)} chunks) on disk, through \`Engine\` with \`FsNoteSource\` and \`FsBlobStore\` (as the CLI runs it), and an embedder that returns deterministic vectors at no cost and counts what it is given: timings exclude embedding, counts are exact. ` +
          `Load average ${num(s.incremental.meta.loadBefore, 1)} → ${num(s.incremental.meta.loadAfter, 1)}.`,
        '',
      );
      out('| event | time (embedding excluded) | chunks embedded | baseline |', '|---|---|---|---|');
      out(`| first index of the vault | ${ms(inc.fullSyncMs)} | ${num(inc.fullEmbedded)} | – |`);
      out(`| restart, vault unchanged | open ${ms(inc.restart.openMs)} + sync ${ms(inc.restart.syncMs)} | ${inc.restart.embedded} | re-embedding everything: ${num(inc.fullEmbedded)} chunks |`);
      const edit = sum(inc.edits.map((e) => e.searchableMs));
      out(`| one note edited (a paragraph added), save → found by search and written to disk, ${inc.edits.length} notes | ${fmt(edit, '', ms)} | ${inc.edits.map((e) => `${e.embedded} of ${e.noteChunks}`).join(', ')} | full index: ${ms(inc.fullSyncMs)} |`);
      out(`| rename seen live (vault event) | ${ms(inc.renameLive.ms)} | ${inc.renameLive.embedded} | – |`);
      out(`| rename made while closed, found at the next sync | sync ${ms(inc.renameOffline.syncMs)} | ${inc.renameOffline.embedded} (${inc.renameOffline.renamed} rename recognised) | – |`);
      out('');
    } else out(`Failed: ${failure([s.incremental.outcome])}`, '');
  }

  // ---- 4. query
  region('query', s.query);
  if (s.query) {
    out('## 4. End-to-end query latency', '');
    const prep = s.query.prepared.ok ? s.query.prepared.value : undefined;
    if (q && prep) {
      out(
        `${num(prep.notes)} generated notes, ${num(q.chunks)} chunks, indexed beforehand (vectors from the counting embedder under the e5-shaped model's id, so the real e5-shaped embedder, q8, opens the index and embeds only the queries). ` +
          `${s.query.queries} French questions in the vault's words, a fifth of them naming a month; top 8 with journal expansion (the engine's defaults). Load average ${num(s.query.meta.loadBefore, 1)} → ${num(s.query.meta.loadAfter, 1)}.`,
        '',
      );
      out('| step | p50 | p95 |', '|---|---|---|');
      out(`| hybrid search, end to end (query embedding + lexical + vector + fusion + journal expansion) | ${ms(q.hybrid.p50)} | ${ms(q.hybrid.p95)} |`);
      out(`| query embedding alone | ${ms(q.queryEmbedding.p50)} | ${ms(q.queryEmbedding.p95)} |`);
      out(`| vector-only search (embedding included) | ${ms(q.vector.p50)} | ${ms(q.vector.p95)} |`);
      out(`| lexical-only search | ${ms(q.lexical.p50)} | ${ms(q.lexical.p95)} |`);
      out(`| baseline: query embedding + plain flat scan of as many vectors | ${ms(q.baseline.p50)} | ${ms(q.baseline.p95)} |`);
      out('', `${num(q.resultsPerQuery, 1)} results per query on average, ${q.journalExpanded} of them (over all queries) brought in through the journal graph.`, '');
    } else out(`Failed: ${s.query.prepared.ok ? (s.query.outcome ? failure([s.query.outcome]) : 'not run') : failure([s.query.prepared])}`, '');
  }

  // ---- 5. cold start
  region('cold', s.cold);
  if (s.cold) {
    out('## 5. Cold start', '');
    if (coldRuns.length) {
      out(
        `A fresh process opens the same ${num(coldRuns[0]!.chunks)}-chunk index: \`Engine.open\` (index files; the lexical index loaded from the records and the term cache, \`cache/lexical-terms.bin.gz\`, which holds each chunk's analysed terms; the journal graph at the first query), while the e5-shaped model loads alongside. ${coldRuns.length} run(s)${coldNoCache.length ? `, and ${coldNoCache.length} with the term cache deleted first` : ''}. ` +
          `Load average ${num(s.cold.meta.loadBefore, 1)} → ${num(s.cold.meta.loadAfter, 1)}.`,
        '',
      );
      const cols = coldNoCache.length ? [coldRuns, coldNoCache] : [coldRuns];
      const cells = (f: (c: (typeof coldRuns)[number]) => number, unit = ms) => cols.map((runs) => fmt(sum(runs.map(f)), '', unit)).join(' | ');
      out(coldNoCache.length ? '| step (from process start of the open) | with the term cache | without it (first open after an upgrade) |' : '| step (from process start of the open) | time |', coldNoCache.length ? '|---|---|---|' : '|---|---|');
      out(`| \`Engine.open\` done | ${cells((c) => c.openMs)} |`);
      if (coldRuns.every((c) => Number.isFinite(c.indexLoadMs))) {
        out(`| – of which index files | ${cells((c) => c.indexLoadMs)} |`);
        out(`| – of which lexical index | ${cells((c) => c.lexicalMs)} |`);
        out(`| CPU of this process until open returned (model loading included) | ${cells((c) => c.openCpuMs)} |`);
      }
      out(`| first lexical answer | ${cells((c) => c.firstLexicalMs)} |`);
      out(`| model loaded (in parallel) | ${cells((c) => c.modelLoadMs)} |`);
      out(`| first hybrid answer | ${cells((c) => c.firstHybridMs)} |`);
      out(`| RSS after (index, lexical index, model) | ${cells((c) => c.rssAfter, mb)} |`);
      out('');
    } else out(`Failed: ${failure([...s.cold.runs, s.cold.prepared])}`, '');
  }

  region('howto', true);
  out('## How to run', '');
  out(
    `\`npm run bench\` runs everything (${results.minutes ? `${Math.round(results.minutes)} minutes for this run` : 'about 20 minutes'} on 2 cores) and rewrites the chart and its own parts of this file, between \`<!-- bench:… -->\` markers: the rest (the time and providers sections, which their own runs write, and the dated before/after sections) is kept. ` +
      '`npm run bench -- --quick` runs smaller sizes once; ' +
      '`npm run bench -- --only=embed,index` runs some sections and keeps the others from the last run (sections: embed, browser, startup, index, incremental, query, cold; a section with no results yet keeps its text); ' +
      '`--no-write` prints the report instead. Raw results are kept in `.bench/results.json`.',
    '',
  );
  return { markdown: lines.join('\n'), regions: regions.map((r) => ({ name: r.name, body: r.lines && r.lines.join('\n') })), charts };
}

const LAYOUTS_FOR_CHECK: Layout[] = ['ours', 'vectra-json', 'flat'];

function indexChart(ix: IndexSection): string {
  const COLORS: Record<string, string> = { ours: '#1f6feb', 'ours-checkpointed': '#1f6feb', 'vectra-json': '#e36209', flat: '#6e7781' };
  const NAMES: Record<string, string> = { ours: 'ours', 'ours-checkpointed': 'ours, checkpoint every 2k', 'vectra-json': 'vectra 0.15, JSON (defaults)', flat: 'flat Float32Array' };
  const series = (layouts: Layout[], pick: (c: CellFigures) => number | undefined): Series[] =>
    layouts.map((layout) => {
      const points: [number, number][] = [];
      const failures: { x: number; label: string }[] = [];
      for (const chunks of ix.scales) {
        const c = cellFigures(ix, layout, chunks);
        if (!c) continue;
        const y = pick(c);
        if (y !== undefined && !c.error) points.push([chunks, y]);
        else if (c.error) failures.push({ x: chunks, label: /Invalid string length/.test(c.error) ? 'Invalid string length' : 'failed' });
      }
      return { name: NAMES[layout]!, color: COLORS[layout]!, points, failures, dashed: layout === 'flat' || layout === 'ours-checkpointed' };
    });
  const main: Layout[] = ['ours', 'vectra-json', 'flat'];
  const secs = (y: number) => (y >= 1 ? `${+y.toPrecision(3)} s` : `${+(y * 1000).toPrecision(3)} ms`);
  return chartSvg(
    [
      { title: 'Build time', xLabel: 'chunks (log)', yLabel: 'seconds (log)', series: series([...main, 'ours-checkpointed'], (c) => c.build && c.build.median / 1000), yFormat: secs },
      { title: 'Size on disk', xLabel: 'chunks (log)', yLabel: 'MB (log)', series: series(main, (c) => c.disk && c.disk / MB), target: { y: 100, label: 'target at 50k: 100 MB' } },
      { title: 'Load time (cold process)', xLabel: 'chunks (log)', yLabel: 'seconds (log)', series: series(main, (c) => c.load && c.load.median / 1000), target: { y: 1, label: 'target at 50k: 1 s' }, yFormat: secs },
      { title: 'Top-10 query, p95', xLabel: 'chunks (log)', yLabel: 'ms (log)', series: series(main, (c) => c.p95?.median), target: { y: 50, label: 'target at 50k: 50 ms' } },
    ],
    2,
    '384-d vectors; medians of runs; a cross marks a failure. Generated by npm run bench.',
  );
}
