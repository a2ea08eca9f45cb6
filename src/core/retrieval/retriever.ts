// Query → ranked passages: lexical and vector rankers, fused, filtered by any time the question
// names, then expanded through the journal graph. Every result carries why it is there.
import { errorLine } from '../util/error-line';
import type { Embedder } from '../ports';
import type { ChunkRecord, NoteRecord, SearchResult } from '../types';
import type { SearchMode, SearchOptions, SearchResponse, TimeScope } from '../engine-types';
import type { IndexStore } from '../index';
import type { LexicalRanker } from './lexical-ranker';
import type { QuestionTerms } from '../lexical/question-terms';
import type { JournalGraph, TimeRange } from '../journal';
import { parseTimeRange } from '../journal';
import type { Yielder } from '../util/yield';
import { reciprocalRankFusion, type RankedList } from './fusion';
import { expandThroughJournals } from './expand';
import { scopeCheck, type ScopeCheck } from './scope';
import { ownNameFirst } from './own-name';
import { rerankResults, type Reranker, type RerankReport } from './rerank';
import type { CoreNotice } from '../notices';

export interface RetrievalConfig {
  topK: number;
  mode: SearchMode;
  lexicalWeight: number;
  vectorWeight: number;
  journalExcerptsPerNote: number;
  /** Candidates taken from each ranker before fusion, as a multiple of k. */
  candidateFactor: number;
  /** Chunks of one note allowed before other notes get their turn (0 = no limit). */
  maxChunksPerNote: number;
  /** Fused passages the reranker reorders (default 30), when there is one. */
  rerankCandidates?: number;
}

/** Keeps order, but moves a note's chunks beyond the first `max` after every other note's. */
export function diversify(results: SearchResult[], max: number): SearchResult[] {
  if (max <= 0) return results;
  const count = new Map<string, number>();
  const head: SearchResult[] = [];
  const tail: SearchResult[] = [];
  for (const r of results) {
    const n = (count.get(r.path) ?? 0) + 1;
    count.set(r.path, n);
    (n <= max ? head : tail).push(r);
  }
  return [...head, ...tail];
}

export interface RetrievalDeps {
  index: IndexStore;
  lexical: LexicalRanker;
  graph: JournalGraph;
  /** A loaded embedder, or null (lexical and graph only). */
  embedder: Embedder | null;
  /** Notes that must never be returned (exclusions decided after indexing). */
  hidden?: (path: string) => boolean;
  /** Reorders the top of the fused list; none by default. */
  reranker?: Reranker | null;
}

/** What a caller already knows of the question: its period, parsed once (chrono is slow on long text). */
export interface Prepared {
  range: TimeRange | null;
  /** The lexical reading of the query, when it is not a question (a note's own text: LexicalRanker.likeThis). */
  terms?: QuestionTerms;
}

export async function retrieve(
  deps: RetrievalDeps,
  cfg: RetrievalConfig,
  query: string,
  opts: SearchOptions & { pause?: Yielder } = {},
  prepared?: Prepared,
): Promise<SearchResponse> {
  // Yields between the stages below, so one question never holds the main thread for all of them.
  const pause = opts.pause ?? (async () => {});
  const k = opts.k ?? cfg.topK;
  const notices: CoreNotice[] = [];
  let mode: SearchMode = opts.mode ?? cfg.mode;
  if (mode !== 'lexical' && !deps.embedder) {
    if (mode === 'vector') notices.push({ code: 'vector-fell-back' });
    mode = 'lexical';
  }

  const now = opts.now ?? new Date();
  const range = prepared ? prepared.range : parseTimeRange(query, now);
  await pause();
  // A date-range chip wins over the period the question names (the user corrected it).
  const chosenRange = opts.scope?.range;
  const timeScope: TimeScope | undefined = chosenRange
    ? { start: chosenRange.start, end: chosenRange.end, text: chosenRange.text }
    : range ? { start: range.start, end: range.end, text: range.text } : undefined;
  const text = range ? range.rest : query;
  const scope = scopeCheck(opts.scope, (p) => deps.index.getNote(p) !== undefined);

  const noteOf = (c: ChunkRecord) => deps.index.getNote(c.path);
  const dateOf = (rec: NoteRecord | undefined) => rec?.meta.journalDate;
  const inScope = (rec: NoteRecord | undefined) => {
    if (!rec) return false;
    if (deps.hidden?.(rec.path)) return false;
    if (!scope.allows(rec)) return false;
    if (!timeScope) return true;
    const d = dateOf(rec);
    // Undated notes stay: "what did I note about RAG in December" still needs the RAG note's context.
    return d === undefined || (d >= timeScope.start && d < timeScope.end);
  };
  // The filter runs on every chunk the words match, and a note has many: its verdict (exclusions,
  // scope, range) is worked out once per question (issue 16: ~20% of the first answer's task).
  const verdicts = new Map<string, boolean>();
  const allow = (id: string) => {
    const c = deps.index.chunkById(id);
    if (c === undefined) return false;
    let ok = verdicts.get(c.path);
    if (ok === undefined) {
      ok = inScope(noteOf(c));
      verdicts.set(c.path, ok);
    }
    return ok;
  };

  // Embedded first: when the endpoint fails, the lexical ranker below still runs.
  let queryVector: Float32Array | undefined;
  if (mode !== 'lexical' && deps.embedder) {
    try {
      [queryVector] = await deps.embedder.embed([text.trim() || query], 'query', opts.signal ? { signal: opts.signal } : undefined);
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      notices.push({ code: 'query-embedding-failed', detail: errorLine(err) });
      mode = 'lexical';
    }
  }

  const pool = Math.max(k * cfg.candidateFactor, 20);
  const lists: RankedList[] = [];
  const lexicalScore = new Map<string, number>();
  if (mode !== 'vector') {
    const hits = deps.lexical.search(text, pool, (id) => deps.index.chunkById(id)?.path, allow, (id) => deps.index.chunkById(id)?.text, prepared?.terms);
    for (const h of hits) lexicalScore.set(h.id, h.score);
    lists.push({ ids: hits.map((h) => h.id), weight: mode === 'lexical' ? 1 : cfg.lexicalWeight, source: 'lexical' });
    await pause();
  }
  if (mode !== 'lexical' && queryVector) {
    const hits = deps.index.queryVectors(queryVector, pool, (c) => inScope(noteOf(c)));
    lists.push({ ids: hits.map((h) => h.chunk.id), weight: mode === 'vector' ? 1 : cfg.vectorWeight, source: 'vector' });
  }
  let fused = reciprocalRankFusion(lists);

  // A question that is only a time ("qu'ai-je noté en décembre 2024 ?") has no terms to rank by:
  // list that period's journal entries, newest first.
  if (fused.length === 0 && timeScope) fused = journalsInScope(deps, timeScope, pool, scope);

  let primary: SearchResult[] = [];
  for (const f of fused) {
    const c = deps.index.chunkById(f.id);
    const rec = c && noteOf(c);
    if (!c || !rec) continue;
    const source = f.sources.length > 1 ? 'hybrid' : (f.sources[0] ?? 'lexical');
    primary.push(toResult(rec, c, f.score, source, whyOf(source, timeScope)));
  }
  // Relevance first, then the most recent journal entry.
  primary.sort((a, b) => b.score - a.score || (b.date ?? 0) - (a.date ?? 0));
  let rerank: RerankReport | undefined;
  if (deps.reranker) {
    const outcome = await rerankResults(deps.reranker, text.trim() || query, primary, cfg.rerankCandidates ?? 30, opts.signal ? { signal: opts.signal } : {});
    primary.splice(0, primary.length, ...outcome.results);
    rerank = outcome.report;
    if (outcome.notice) notices.push(outcome.notice);
  }
  if (mode !== 'vector') primary = ownNameFirst(primary, deps.lexical.namedIn(query), (path) => namedNoteResult(deps, path, query, allow, timeScope));
  const datedFirst = (list: SearchResult[]) =>
    timeScope ? [...list.filter((r) => r.date !== undefined), ...list.filter((r) => r.date === undefined)] : list;
  // A question that names a time asks about what happened then: the dated entries of that
  // period come first, then the undated notes that give them context.
  let results = datedFirst(diversify(primary, cfg.maxChunksPerNote)).slice(0, k);
  if (opts.expand !== false && cfg.journalExcerptsPerNote > 0) {
    await pause();
    results = await expandThroughJournals(deps, results, {
      query: text,
      pause,
      perNote: cfg.journalExcerptsPerNote,
      k,
      inScope: (path) => inScope(deps.index.getNote(path)),
      lexicalScore,
    });
    results = datedFirst(results);
  }
  return { results, mode, ...(timeScope ? { timeScope } : {}), notices, ...(opts.scope ? { scope: scope.report } : {}), ...(rerank ? { rerank } : {}) };
}


/** A named note's best chunk, when none of its chunks ranked among the candidates. */
function namedNoteResult(deps: RetrievalDeps, path: string, query: string, allow: (id: string) => boolean, scope: TimeScope | undefined): SearchResult | null {
  const rec = deps.index.getNote(path);
  const hit = rec && deps.lexical.bestChunkOf(path, query, allow);
  const c = hit ? deps.index.chunkById(hit.id) : undefined;
  return rec && c ? toResult(rec, c, 0, 'lexical', whyOf('lexical', scope)) : null;
}

function journalsInScope(deps: RetrievalDeps, scope: TimeScope, limit: number, chosen: ScopeCheck) {
  const out: { id: string; score: number; sources: ('lexical' | 'vector')[]; date: number }[] = [];
  for (const rec of deps.index.notes()) {
    const d = rec.meta.journalDate;
    if (d === undefined || d < scope.start || d >= scope.end || deps.hidden?.(rec.path) || !chosen.allows(rec)) continue;
    const first = rec.chunks[0];
    if (first) out.push({ id: first.id, score: 0, sources: [], date: d });
  }
  out.sort((a, b) => b.date - a.date);
  return out.slice(0, limit).map((o, i) => ({ id: o.id, score: 1 / (60 + i + 1), sources: o.sources }));
}

function whyOf(source: SearchResult['source'], scope?: TimeScope): string {
  const base = source === 'hybrid' ? 'lexical + vector match' : source === 'vector' ? 'vector match' : source === 'lexical' ? 'lexical match' : 'journal';
  return scope ? `${base}, within ${scope.text}` : base;
}

export function toResult(rec: NoteRecord, c: ChunkRecord, score: number, source: SearchResult['source'], why: string): SearchResult {
  // Under a note's title heading alone, cite the note itself: [[note]] rather than [[note#note]].
  const sectionPath = rec.meta.titleHeading !== undefined && c.headingPath[0] === rec.meta.titleHeading ? c.headingPath.slice(1) : c.headingPath;
  const heading = sectionPath[sectionPath.length - 1];
  return {
    chunkId: c.id,
    path: rec.path,
    title: rec.meta.title,
    headingPath: sectionPath,
    ...(heading !== undefined ? { heading } : {}),
    lines: c.lines,
    text: c.text,
    score,
    source,
    why,
    ...(rec.meta.journalDate !== undefined ? { date: rec.meta.journalDate } : {}),
  };
}
