// Queries end to end at 50k chunks, and a cold start. The vault (10,000 generated notes) is
// indexed once with the fake embedder under the e5-shaped model's id, so the real e5-shaped
// embedder can then open the index and embed only the queries: query embedding + hybrid
// retrieval + journal expansion is exactly what a user's question costs.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FsBlobStore } from '../src/cli/fs-blob-store';
import { FsNoteSource } from '../src/cli/fs-note-source';
import { TransformersEmbedder } from '../src/core/embedding/transformers-embedder';
import { Engine } from '../src/core/engine';
import { TERM_CACHE_FILE } from '../src/core/lexical/term-cache';
import type { Logger } from '../src/core/ports';
import type { SearchMode } from '../src/core/engine-types';
import { TopK } from '../src/core/index/vector-table';
import { defaultSettings, type CoreSettings } from '../src/core/settings';
import { gc, peakRss } from './child';
import { FakeEmbedder } from './fake-embedder';
import { BENCH_DIR, E5_MODEL, ensureVaultOnDisk } from './setup';
import { percentiles, rng } from './stats';
import { TextMaker } from './vault';

export interface E2EParams {
  notes: number;
}

const indexDirOf = (notes: number) => join(BENCH_DIR, 'indexes', `e2e-${notes}`);

function settingsFor(): CoreSettings {
  const s = defaultSettings();
  s.retrieval.embeddingModel = E5_MODEL;
  s.retrieval.offline = true;
  return s;
}

const openEngine = async (notes: number, embedder: TransformersEmbedder | FakeEmbedder, logger?: Logger) =>
  Engine.open({
    source: new FsNoteSource(await ensureVaultOnDisk(`e2e-${notes}`, notes)),
    store: new FsBlobStore(indexDirOf(notes)),
    embedder,
    settings: settingsFor(),
    ...(logger ? { logger } : {}),
  });

/** Indexes the vault from scratch with the fake embedder; returns its size. */
export async function prepareE2E(p: E2EParams): Promise<{ notes: number; chunks: number; syncMs: number }> {
  await rm(indexDirOf(p.notes), { recursive: true, force: true });
  const engine = await openEngine(p.notes, new FakeEmbedder(E5_MODEL));
  const started = performance.now();
  const summary = await engine.sync();
  const syncMs = performance.now() - started;
  await engine.close();
  return { notes: summary.notes, chunks: summary.chunks, syncMs };
}

/** Questions in the vault's words, a fifth of them scoped to a month. */
export function benchQuestions(count: number): string[] {
  const text = new TextMaker(20241226);
  const months = ['janvier', 'mars', 'mai', 'juillet', 'septembre', 'novembre'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    // Skip the most common words: a question is about its rarer words.
    const words: string[] = [];
    while (words.length < 3) {
      const w = text.word();
      if (w.length > 4) words.push(w);
    }
    out.push(
      i % 5 === 4
        ? `Qu'ai-je noté sur ${words[0]} en ${months[i % months.length]} ${2015 + (i % 8)} ?`
        : `Qu'est-ce que j'ai écrit à propos de ${words[0]} et de ${words[1]} ${words[2]} ?`,
    );
  }
  return out;
}

export interface QueryParams extends E2EParams {
  queries: number;
  dtype?: 'q8' | 'fp32';
}

export interface QueryResult {
  chunks: number;
  /** Per configuration: latency percentiles in ms. */
  hybrid: { p50: number; p95: number };
  lexical: { p50: number; p95: number };
  vector: { p50: number; p95: number };
  queryEmbedding: { p50: number; p95: number };
  /** The least any vector search does: embed the query, scan a flat array of as many vectors. */
  baseline: { p50: number; p95: number };
  resultsPerQuery: number;
  /** Results brought in through the journal graph, over all queries. */
  journalExpanded: number;
  peakRss: number;
}

export async function queryLatency(p: QueryParams): Promise<QueryResult> {
  const embedder = new TransformersEmbedder({ model: E5_MODEL, offline: true, ...(p.dtype ? { dtype: p.dtype } : {}) });
  const engine = await openEngine(p.notes, embedder);
  const chunks = engine.status().chunks;
  const questions = benchQuestions(p.queries);
  const now = new Date(Date.UTC(2026, 0, 1));
  await engine.search(questions[0]!, { now }); // loads the model, warms every path
  await engine.search(questions[1]!, { now });

  const timed = async (fn: (q: string) => Promise<unknown>) => {
    const ms: number[] = [];
    for (const q of questions) {
      const t0 = performance.now();
      await fn(q);
      ms.push(performance.now() - t0);
    }
    return percentiles(ms);
  };
  let results = 0;
  let expanded = 0;
  const hybrid = await timed(async (q) => {
    const r = await engine.search(q, { now });
    results += r.results.length;
    expanded += r.results.filter((x) => x.via !== undefined).length;
  });
  const mode = (m: SearchMode) => timed((q) => engine.search(q, { now, mode: m }));
  const lexical = await mode('lexical');
  const vector = await mode('vector');
  const queryEmbedding = await timed((q) => embedder.embed([q], 'query'));

  // Baseline scan over as many random 384-d vectors as the index holds.
  const random = rng(5);
  const data = new Float32Array(chunks * 384);
  for (let i = 0; i < data.length; i++) data[i] = random() - 0.5;
  const baseline = await timed(async (q) => {
    const [v] = await embedder.embed([q], 'query');
    const top = new TopK<number>(p.queries);
    for (let row = 0, o = 0; row < chunks; row++, o += 384) {
      let s = 0;
      for (let j = 0; j < 384; j++) s += v![j]! * data[o + j]!;
      if (s > top.threshold) top.offer(s, row);
    }
  });
  await engine.close();
  return { chunks, hybrid, lexical, vector, queryEmbedding, baseline, resultsPerQuery: results / questions.length, journalExpanded: expanded, peakRss: peakRss() };
}

export interface ColdResult {
  chunks: number;
  /** Engine.open: index load, lexical index and journal graph rebuilt from the records. */
  openMs: number;
  /** CPU time of this process (all threads, the model loading alongside included) until Engine.open returned. */
  openCpuMs: number;
  /** The two phases of Engine.open, as the engine logs them. */
  indexLoadMs: number;
  lexicalMs: number;
  /** Documents the lexical rebuild had to analyse (0 when the term cache knew them all). */
  lexicalAnalysed: number;
  termCache: 'kept' | 'dropped';
  /** Open → first lexical answer. */
  firstLexicalMs: number;
  /** Open → first hybrid answer, the model loading while the index opens. */
  firstHybridMs: number;
  modelLoadMs: number;
  rssAfter: number;
  peakRss: number;
}

export interface ColdParams extends E2EParams {
  /** 'drop' deletes the lexical term cache first: the first opening after an upgrade. */
  termCache?: 'keep' | 'drop';
}

export async function coldStart(p: ColdParams): Promise<ColdResult> {
  const termCache = p.termCache === 'drop' ? 'dropped' : 'kept';
  if (termCache === 'dropped') await rm(join(indexDirOf(p.notes), TERM_CACHE_FILE), { force: true });
  gc();
  const embedder = new TransformersEmbedder({ model: E5_MODEL, offline: true });
  const question = benchQuestions(1)[0]!;
  const now = new Date(Date.UTC(2026, 0, 1));
  const lines: string[] = [];
  const logger = { info: () => {}, warn: () => {}, debug: (m: string) => void lines.push(m) };
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let modelLoadMs = 0;
  const modelLoading = embedder.load().then(() => (modelLoadMs = performance.now() - started));
  const engine = await openEngine(p.notes, embedder, logger);
  const openMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  await engine.search(question, { now, mode: 'lexical' });
  const firstLexicalMs = performance.now() - started;
  await modelLoading;
  await engine.search(question, { now });
  const firstHybridMs = performance.now() - started;
  const chunks = engine.status().chunks;
  gc();
  const rssAfter = process.memoryUsage().rss;
  await engine.close();
  const logged = (re: RegExp) => Number(lines.map((l) => re.exec(l)?.[1]).find((m) => m !== undefined) ?? NaN);
  return {
    chunks,
    openMs,
    openCpuMs: (cpu.user + cpu.system) / 1000,
    indexLoadMs: logged(/^Index opened: .*\((\d+) ms\)/),
    lexicalMs: logged(/^Lexical index rebuilt: .*; (\d+) ms\)/),
    lexicalAnalysed: logged(/^Lexical index rebuilt: \d+ documents, (\d+) analysed/),
    termCache,
    firstLexicalMs,
    firstHybridMs,
    modelLoadMs,
    rssAfter,
    peakRss: peakRss(),
  };
}
