// The five measurements of the suite (plus the browser path), each as a series of child
// processes with time limits. Their results are kept as measured; report.ts turns them into
// tables, ratios and the chart.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { runChild, type ChildOutcome } from './child';
import type { EmbedConfig } from './embed-tasks';
import type { Layout } from './index-tasks';
import { BENCH_DIR, ensureE5Model } from './setup';
import type { TaskName, TaskParams, TaskResult } from './tasks';

export interface Ctx {
  quick: boolean;
  log: (line: string) => void;
}

export interface SectionMeta {
  startedAt: string;
  seconds: number;
  /** 1-minute load average of the machine before and after: the machine may be shared. */
  loadBefore: number;
  loadAfter: number;
}

export type Outcome<N extends TaskName> = ChildOutcome<TaskResult<N>>;

async function run<N extends TaskName>(ctx: Ctx, task: N, params: TaskParams<N>, timeoutMs: number): Promise<Outcome<N>> {
  const shown = JSON.stringify(params);
  ctx.log(`  ${task} ${shown.length > 160 ? `${shown.slice(0, 157)}…` : shown}`);
  const out = await runChild<TaskResult<N>>(task, params, timeoutMs, ctx.log);
  if (!out.ok) ctx.log(`  → failed: ${out.error}`);
  return out;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ meta: SectionMeta; value: T }> {
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg()[0]!;
  const t0 = performance.now();
  const value = await fn();
  return { meta: { startedAt, seconds: (performance.now() - t0) / 1000, loadBefore, loadAfter: loadavg()[0]! }, value };
}

// ---- 1. embedding -------------------------------------------------------------------------

export const EMBED_CONFIGS: EmbedConfig[] = [
  { label: 'raw transformers.js pipeline(), batch 16, file order', impl: 'raw', dtype: 'q8', batchSize: 16, sort: false },
  // The token limit off too, so ours runs exactly the raw baseline's batches (1e6, not Infinity: params travel as JSON).
  { label: 'ours, batch 16, file order (sorting and token limit off)', impl: 'ours', dtype: 'q8', batchSize: 16, sort: false, maxBatchTokens: 1_000_000 },
  { label: 'ours, default: sorted by length, ≤ 16 texts and ≤ 512 tokens a batch', impl: 'ours', dtype: 'q8', batchSize: 16, sort: true },
  { label: 'ours, batch 1', impl: 'ours', dtype: 'q8', batchSize: 1, sort: false },
  { label: 'ours, default batching, fp32 weights', impl: 'ours', dtype: 'fp32', batchSize: 16, sort: true },
  { label: 'ours, batch 16, sorted, no token limit (the previous default)', impl: 'ours', dtype: 'q8', batchSize: 16, sort: true, maxBatchTokens: 1_000_000 },
];

export const MEMORY_CONFIGS = [
  { label: 'default: q8, sorted, ≤ 16 texts and ≤ 512 tokens a batch', dtype: 'q8' as const, batchSize: 16 },
  { label: 'q8, batch 1', dtype: 'q8' as const, batchSize: 1 },
  { label: 'fp32, default batching', dtype: 'fp32' as const, batchSize: 16 },
  { label: 'q8, batch 16, sorted, no token limit (the previous default)', dtype: 'q8' as const, batchSize: 16, maxBatchTokens: 1_000_000 },
];

export interface EmbedSection {
  throughput: Outcome<'embedThroughput'>;
  /** The same comparison on the issue's reference length mix (median 81 tokens, p90 360). */
  reference?: Outcome<'embedThroughput'>;
  memory: { label: string; outcome: Outcome<'indexingMemory'> }[];
  count: number;
  referenceCount: number;
  rounds: number;
  memoryNotes: number;
}

export async function embedSection(ctx: Ctx): Promise<EmbedSection> {
  ensureE5Model(ctx.log);
  // The indexer hands the embedder 256 chunks at a time; 96 (6 batches) leaves sorting a
  // similar pool while four rounds stay within a few minutes: more, shorter rounds keep the
  // per-round ratios steady when other jobs share the machine. The reference mix pads 3–4×
  // in file order, so its baseline is slow: 64 texts.
  const count = ctx.quick ? 32 : 96;
  const rounds = ctx.quick ? 1 : 4;
  const throughput = await run(ctx, 'embedThroughput', { configs: EMBED_CONFIGS, count, rounds, mix: 'vault' }, 20 * 60_000);
  const referenceCount = ctx.quick ? 32 : 64;
  const reference = await run(ctx, 'embedThroughput', { configs: EMBED_CONFIGS.slice(0, 3), count: referenceCount, rounds, mix: 'reference' }, 20 * 60_000);
  const memoryNotes = ctx.quick ? 12 : 20;
  const memory = [];
  for (const m of MEMORY_CONFIGS) {
    memory.push({ label: m.label, outcome: await run(ctx, 'indexingMemory', { notes: memoryNotes, dtype: m.dtype, batchSize: m.batchSize, ...('maxBatchTokens' in m ? { maxBatchTokens: m.maxBatchTokens } : {}) }, 6 * 60_000) });
  }
  return { throughput, reference, memory, count, referenceCount, rounds, memoryNotes };
}

// ---- 1b. browser ----------------------------------------------------------------------------

export interface BrowserSection {
  outcome: Outcome<'browserWorkers'>;
  count: number;
  batchSize: number;
}

export async function browserSection(ctx: Ctx): Promise<BrowserSection> {
  ensureE5Model(ctx.log);
  const count = ctx.quick ? 8 : 32;
  const batchSize = 4;
  const outcome = await run(ctx, 'browserWorkers', { count, rounds: ctx.quick ? 1 : 4, pools: [1, 2], batchSize }, 12 * 60_000);
  return { outcome, count, batchSize };
}

// ---- 2. index at scale ------------------------------------------------------------------------

export const LAYOUTS: Layout[] = ['ours', 'vectra-json', 'flat'];

export interface IndexCell {
  layout: Layout;
  chunks: number;
  builds: Outcome<'buildIndex'>[];
  loads: Outcome<'loadAndQuery'>[];
}

export interface IndexSection {
  scales: number[];
  cells: IndexCell[];
  queries: number;
}

function runsFor(ctx: Ctx, layout: Layout, chunks: number): number {
  if (ctx.quick || layout === 'ours-checkpointed') return 1;
  if (layout === 'ours') return 3;
  // The baselines cost the most at the top sizes (vectra's insert is quadratic: it looks for
  // each new id among all items), so they get fewer runs there; ours always gets three.
  if (layout === 'vectra-json') return chunks >= 50_000 ? 1 : chunks >= 20_000 ? 2 : 3;
  return chunks >= 50_000 ? 2 : 3;
}

export async function indexSection(ctx: Ctx): Promise<IndexSection> {
  const scales = ctx.quick ? [1000, 5000, 20_000] : [1000, 5000, 20_000, 50_000, 100_000];
  const queries = ctx.quick ? 20 : 50;
  const cells: IndexCell[] = [];
  for (const chunks of scales) {
    for (const layout of [...LAYOUTS, 'ours-checkpointed'] as Layout[]) {
      const cell: IndexCell = { layout, chunks, builds: [], loads: [] };
      const dir = join(BENCH_DIR, 'index', `${layout}-${chunks}`);
      for (let i = 0; i < runsFor(ctx, layout, chunks); i++) {
        const built = await run(ctx, 'buildIndex', { layout, chunks, dir }, 8 * 60_000);
        cell.builds.push(built);
        if (!built.ok) break;
        if (layout !== 'ours-checkpointed') cell.loads.push(await run(ctx, 'loadAndQuery', { layout, dir, queries }, 4 * 60_000));
      }
      await rm(dir, { recursive: true, force: true });
      cells.push(cell);
    }
  }
  return { scales, cells, queries };
}

// ---- 3. incremental ---------------------------------------------------------------------------

export interface IncrementalSection {
  outcome: Outcome<'incremental'>;
}

export async function incrementalSection(ctx: Ctx): Promise<IncrementalSection> {
  const outcome = await run(ctx, 'incremental', { notes: ctx.quick ? 1000 : 5000, edits: ctx.quick ? 3 : 7 }, 12 * 60_000);
  return { outcome };
}

// ---- 4–5. end-to-end query and cold start -------------------------------------------------------

let prepared: Outcome<'prepareE2E'> | null = null;

export function e2eNotes(ctx: Ctx): number {
  return ctx.quick ? 2000 : 10_000;
}

/** The 50k-chunk index both sections use, built once per suite run. */
async function prepare(ctx: Ctx): Promise<Outcome<'prepareE2E'>> {
  prepared ??= await run(ctx, 'prepareE2E', { notes: e2eNotes(ctx) }, 10 * 60_000);
  return prepared;
}

export interface QuerySection {
  prepared: Outcome<'prepareE2E'>;
  outcome: Outcome<'queryLatency'> | null;
  queries: number;
}

export async function querySection(ctx: Ctx): Promise<QuerySection> {
  ensureE5Model(ctx.log);
  const prep = await prepare(ctx);
  const queries = ctx.quick ? 10 : 40;
  const outcome = prep.ok ? await run(ctx, 'queryLatency', { notes: e2eNotes(ctx), queries }, 8 * 60_000) : null;
  return { prepared: prep, outcome, queries };
}

export interface ColdSection {
  prepared: Outcome<'prepareE2E'>;
  runs: Outcome<'coldStart'>[];
}

export async function coldSection(ctx: Ctx): Promise<ColdSection> {
  ensureE5Model(ctx.log);
  const prep = await prepare(ctx);
  const runs: Outcome<'coldStart'>[] = [];
  if (prep.ok) {
    for (let i = 0; i < (ctx.quick ? 1 : 3); i++) runs.push(await run(ctx, 'coldStart', { notes: e2eNotes(ctx) }, 5 * 60_000));
    // Last, since the engine writes the term cache again when it closes.
    runs.push(await run(ctx, 'coldStart', { notes: e2eNotes(ctx), termCache: 'drop' }, 5 * 60_000));
  }
  return { prepared: prep, runs };
}

// ---- 1c. loading main.js ------------------------------------------------------------------------

/** The built main.js compiled and run as Obsidian does; ASK_VAULT_BENCH_BASELINE_MAIN names an earlier build to compare. */
export async function startupSection(ctx: Ctx): Promise<import('./startup-report').StartupSection> {
  const runs = ctx.quick ? 3 : 9;
  const baseline = process.env.ASK_VAULT_BENCH_BASELINE_MAIN;
  const outcome = await run(ctx, 'mainEvalCost', { runs, ...(baseline ? { baseline } : {}) }, 10 * 60_000);
  return { outcome, runs };
}
