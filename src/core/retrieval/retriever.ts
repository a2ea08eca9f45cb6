// Query → ranked passages: lexical and vector rankers, fused, filtered by any time the question
// names, then expanded through the journal graph. Every result carries why it is there.
import type { Embedder } from '../ports';
import type { ChunkRecord, NoteRecord, SearchResult } from '../types';
import type { SearchMode, SearchOptions, SearchResponse, TimeScope } from '../engine-types';
import type { IndexStore } from '../index';
import type { LexicalRanker } from './lexical-ranker';
import type { JournalGraph } from '../journal';
import { parseTimeRange } from '../journal';
import { reciprocalRankFusion, type RankedList } from './fusion';
import { expandThroughJournals } from './expand';
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
}

export async function retrieve(deps: RetrievalDeps, cfg: RetrievalConfig, query: string, opts: SearchOptions = {}): Promise<SearchResponse> {
  const k = opts.k ?? cfg.topK;
  const notices: CoreNotice[] = [];
  let mode: SearchMode = opts.mode ?? cfg.mode;
  if (mode !== 'lexical' && !deps.embedder) {
    if (mode === 'vector') notices.push({ code: 'vector-fell-back' });
    mode = 'lexical';
  }

  const now = opts.now ?? new Date();
  const range = parseTimeRange(query, now);
  const timeScope: TimeScope | undefined = range ? { start: range.start, end: range.end, text: range.text } : undefined;
  const text = range ? range.rest : query;

  const noteOf = (c: ChunkRecord) => deps.index.getNote(c.path);
  const dateOf = (rec: NoteRecord | undefined) => rec?.meta.journalDate;
  const inScope = (rec: NoteRecord | undefined) => {
    if (!rec) return false;
    if (deps.hidden?.(rec.path)) return false;
    if (!timeScope) return true;
    const d = dateOf(rec);
    // Undated notes stay: "what did I note about RAG in December" still needs the RAG note's context.
    return d === undefined || (d >= timeScope.start && d < timeScope.end);
  };
  const allow = (id: string) => {
    const c = deps.index.chunkById(id);
    return c !== undefined && inScope(noteOf(c));
  };

  const pool = Math.max(k * cfg.candidateFactor, 20);
  const lists: RankedList[] = [];
  const lexicalScore = new Map<string, number>();
  if (mode !== 'vector') {
    const hits = deps.lexical.search(text, pool, (id) => deps.index.chunkById(id)?.path, allow, (id) => deps.index.chunkById(id)?.text);
    for (const h of hits) lexicalScore.set(h.id, h.score);
    lists.push({ ids: hits.map((h) => h.id), weight: mode === 'lexical' ? 1 : cfg.lexicalWeight, source: 'lexical' });
  }
  if (mode !== 'lexical' && deps.embedder) {
    const [qv] = await deps.embedder.embed([text.trim() || query], 'query', opts.signal ? { signal: opts.signal } : undefined);
    const hits = deps.index.queryVectors(qv, pool, (c) => inScope(noteOf(c)));
    lists.push({ ids: hits.map((h) => h.chunk.id), weight: mode === 'vector' ? 1 : cfg.vectorWeight, source: 'vector' });
  }
  let fused = reciprocalRankFusion(lists);

  // A question that is only a time ("qu'ai-je noté en décembre 2024 ?") has no terms to rank by:
  // list that period's journal entries, newest first.
  if (fused.length === 0 && timeScope) fused = journalsInScope(deps, timeScope, pool);

  const primary: SearchResult[] = [];
  for (const f of fused) {
    const c = deps.index.chunkById(f.id);
    const rec = c && noteOf(c);
    if (!c || !rec) continue;
    const source = f.sources.length > 1 ? 'hybrid' : (f.sources[0] ?? 'lexical');
    primary.push(toResult(rec, c, f.score, source, whyOf(source, timeScope)));
  }
  // Relevance first, then the most recent journal entry.
  primary.sort((a, b) => b.score - a.score || (b.date ?? 0) - (a.date ?? 0));
  const datedFirst = (list: SearchResult[]) =>
    timeScope ? [...list.filter((r) => r.date !== undefined), ...list.filter((r) => r.date === undefined)] : list;
  // A question that names a time asks about what happened then: the dated entries of that
  // period come first, then the undated notes that give them context.
  let results = datedFirst(diversify(primary, cfg.maxChunksPerNote)).slice(0, k);
  if (opts.expand !== false && cfg.journalExcerptsPerNote > 0) {
    results = expandThroughJournals(deps, results, {
      query: text,
      perNote: cfg.journalExcerptsPerNote,
      k,
      inScope: (path) => inScope(deps.index.getNote(path)),
      lexicalScore,
    });
    results = datedFirst(results);
  }
  return { results, mode, ...(timeScope ? { timeScope } : {}), notices };
}

function journalsInScope(deps: RetrievalDeps, scope: TimeScope, limit: number) {
  const out: { id: string; score: number; sources: ('lexical' | 'vector')[]; date: number }[] = [];
  for (const rec of deps.index.notes()) {
    const d = rec.meta.journalDate;
    if (d === undefined || d < scope.start || d >= scope.end || deps.hidden?.(rec.path)) continue;
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
