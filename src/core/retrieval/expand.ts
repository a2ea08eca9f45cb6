// Journal expansion, the heart of the product: a topic note brings the dated journal paragraphs
// that link to it (the most relevant, then the most recent), and a journal entry brings the notes
// it talks about. Expansions are ranked with the primary results by a score derived from the
// result that brought them.
import { analyze } from '../lexical/analyzer';
import type { SearchResult } from '../types';
import type { Yielder } from '../util/yield';
import type { RetrievalDeps } from './retriever';
import { toResult } from './retriever';

const MAX_JOURNAL_CONTEXT_CHARS = 2000;

export interface ExpandOptions {
  query: string;
  perNote: number;
  k: number;
  inScope: (path: string) => boolean;
  lexicalScore: Map<string, number>;
  /** Awaited between parents and between a parent's journal paragraphs: a topic note may have hundreds. */
  pause?: Yielder;
}

export async function expandThroughJournals(deps: RetrievalDeps, results: SearchResult[], opts: ExpandOptions): Promise<SearchResult[]> {
  const pause = opts.pause ?? (async () => {});
  const queryTerms = new Set(analyze(opts.query));
  const seen = new Set(results.map((r) => r.chunkId));
  const out: SearchResult[] = [];
  const limit = opts.k * 2;
  for (const r of results) {
    out.push(r);
    const extra = r.date === undefined ? await journalsOf(deps, r, queryTerms, opts, seen, pause) : notesOf(deps, r, opts, seen);
    out.push(...extra);
    await pause();
  }
  // An expansion scores its parent's score scaled by how well it matches the question, so a
  // journal paragraph that answers the question rises next to its note while loose context sinks.
  out.sort((a, b) => b.score - a.score);
  // Primary results are never dropped for context: trim expansions from the end only.
  let over = out.length - Math.max(limit, results.length);
  for (let i = out.length - 1; i >= 0 && over > 0; i--) {
    if (out[i].via !== undefined) {
      out.splice(i, 1);
      over--;
    }
  }
  return out;
}

function overlap(terms: Set<string>, text: string): number {
  if (terms.size === 0) return 0;
  let found = 0;
  for (const t of termsOfText(text)) if (terms.has(t)) found++;
  return found / terms.size;
}

/**
 * The distinct terms of a journal paragraph, kept for the next question or pane update: the same
 * paragraphs come back for every question about their topic, and analysing them was most of
 * the expansion's time. Keyed by the text itself, so an edited paragraph is analysed afresh.
 */
const textTerms = new Map<string, Set<string>>();
const MAX_TEXT_TERMS = 4096;

function termsOfText(text: string): Set<string> {
  let terms = textTerms.get(text);
  if (!terms) {
    terms = new Set(analyze(text));
    if (textTerms.size >= MAX_TEXT_TERMS) textTerms.clear();
    textTerms.set(text, terms);
  }
  return terms;
}

async function journalsOf(deps: RetrievalDeps, parent: SearchResult, terms: Set<string>, opts: ExpandOptions, seen: Set<string>, pause: Yielder): Promise<SearchResult[]> {
  const candidates = [];
  for (const m of deps.graph.mentionsOf(parent.path)) {
    await pause();
    if (m.journal === parent.path || !opts.inScope(m.journal) || deps.hidden?.(m.journal)) continue;
    const rec = deps.index.getNote(m.journal);
    if (!rec) continue;
    const chunk = rec.chunks.find((c) => c.lines[0] <= m.lines[0] && m.lines[0] <= c.lines[1]);
    // A journal entry's meaning often spans the paragraphs around the link (the friend's
    // question, then the answer), so its whole chunk is the context when it is short enough.
    const whole = chunk !== undefined && chunk.text.length <= MAX_JOURNAL_CONTEXT_CHARS;
    const text = whole ? chunk.text : m.excerpt;
    candidates.push({ m, rec, chunk, text, lines: whole ? chunk.lines : m.lines, rel: overlap(terms, text) });
  }
  // The most relevant to the question first, then the most recent.
  candidates.sort((a, b) => b.rel - a.rel || b.m.date - a.m.date);
  const out: SearchResult[] = [];
  for (const { m, rec, chunk, text, lines, rel } of candidates) {
    if (out.length >= opts.perNote) break;
    const id = chunk?.id ?? `${m.journal}#L${m.lines[0]}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const base = chunk
      ? toResult(rec, chunk, 0, 'journal', '')
      : { chunkId: id, path: rec.path, title: rec.meta.title, headingPath: [], lines: m.lines, text: '', score: 0, source: 'journal' as const, why: '' };
    out.push({
      ...base,
      text,
      lines,
      score: parent.score * (0.5 + 0.5 * rel),
      source: 'journal',
      why: `journal of [[${parent.title}]]`,
      date: m.date,
      via: parent.path,
    });
  }
  return out;
}

function notesOf(deps: RetrievalDeps, parent: SearchResult, opts: ExpandOptions, seen: Set<string>): SearchResult[] {
  const out: SearchResult[] = [];
  for (const target of deps.graph.linkedFrom(parent.path)) {
    if (out.length >= opts.perNote) break;
    if (!opts.inScope(target) || deps.hidden?.(target)) continue;
    const rec = deps.index.getNote(target);
    if (!rec || rec.chunks.length === 0 || rec.meta.journalDate !== undefined) continue;
    let best = rec.chunks[0];
    let bestScore = -1;
    for (const c of rec.chunks) {
      const s = opts.lexicalScore.get(c.id) ?? -1;
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    if (seen.has(best.id)) continue;
    seen.add(best.id);
    out.push({ ...toResult(rec, best, parent.score * 0.5, 'link', `linked from [[${parent.title}]]`), via: parent.path });
  }
  return out;
}
