// The lexical side of retrieval: BM25 over chunks, helped by BM25 over whole notes. A question
// written about one paragraph often names its subject elsewhere in the note (the title, an earlier
// paragraph); the note-level score carries that context to every chunk of the note.
import { LexicalIndex, type LexicalHit, type LexicalOptions } from '../lexical/lexical-index';
import { stripQuestionWords } from '../lexical/query';
import { analyze } from '../lexical/analyzer';
import type { NoteRecord } from '../types';
import { lexicalDocsOf } from './lexical-docs';
import type { Yielder } from '../util/yield';

export interface LexicalTuning extends LexicalOptions {
  /** Drop interrogative words from questions. */
  questionWords: boolean;
  /** Weight of the whole-note score added to each chunk's (0 = chunks alone). */
  noteContext: number;
  /** Weight of the bonus for query word pairs found side by side in a chunk (0 = off). */
  proximity: number;
  /** Pseudo-relevance feedback: terms shared by the top passages added to the query (0 terms = off). */
  prfTerms: number;
  prfDocs: number;
  prfWeight: number;
}

export class LexicalRanker {
  private readonly chunks: LexicalIndex;
  private readonly notes: LexicalIndex;
  private readonly chunkIds = new Map<string, string[]>();
  // Analysed terms of chunks met by queries, so proximity costs one analysis per chunk, not per query.
  private readonly termCache = new Map<string, string[]>();

  constructor(readonly tuning: LexicalTuning) {
    this.chunks = new LexicalIndex(tuning);
    this.notes = new LexicalIndex(tuning);
  }

  /**
   * Indexes the note's chunks, then the note as a whole. Given a `pause`, each chunk's words are
   * analysed ahead in slices (the stemmer is slow on words it has not met), and `pause` runs
   * between documents.
   */
  async add(record: NoteRecord, pause?: Yielder): Promise<void> {
    this.remove(record.path);
    const docs = lexicalDocsOf(record);
    const ids = docs.map((d) => d.id);
    this.chunkIds.set(record.path, ids);
    // Removed or added again during a pause: that call owns the note now.
    const superseded = () => this.chunkIds.get(record.path) !== ids;
    for (const doc of docs) {
      if (pause) {
        await this.chunks.analyzeAhead(doc, pause);
        if (superseded()) return;
      }
      this.chunks.add(doc);
      if (pause) {
        await pause();
        if (superseded()) return;
      }
    }
    if (this.tuning.noteContext > 0 && docs.length > 0) {
      const headings = new Set<string>();
      for (const d of docs) for (const h of d.headingPath) headings.add(h);
      this.notes.add({
        id: record.path,
        path: record.path,
        title: record.meta.title,
        aliases: record.meta.aliases,
        headingPath: [...headings],
        text: docs.map((d) => d.text).join('\n\n'),
      });
    }
  }

  remove(path: string): void {
    for (const id of this.chunkIds.get(path) ?? []) {
      this.chunks.remove(id);
      this.termCache.delete(id);
    }
    this.chunkIds.delete(path);
    this.notes.remove(path);
  }

  search(
    query: string,
    k: number,
    pathOf: (chunkId: string) => string | undefined,
    allow?: (id: string) => boolean,
    textOf?: (chunkId: string) => string | undefined,
  ): LexicalHit[] {
    const q = this.tuning.questionWords ? stripQuestionWords(query) : query;
    const w = this.tuning.noteContext;
    const px = textOf ? this.tuning.proximity : 0;
    const expanded = textOf && this.tuning.prfTerms > 0 ? this.feedback(q, allow, textOf) : null;
    const search = (n: number) =>
      expanded ? this.chunks.search(expanded.query, n, allow, (t) => (expanded.added.has(t) ? this.tuning.prfWeight : 1)) : this.chunks.search(q, n, allow);
    if (w <= 0 && px <= 0) return search(k);
    // Rerank a wider pool: the note score and word pairs can lift a chunk BM25 alone put lower.
    const pool = search(Math.max(k * 4, 50));
    if (pool.length === 0) return pool;
    let noteScore = new Map<string, number>();
    if (w > 0) {
      const noteHits = this.notes.search(q, 200);
      const maxNote = noteHits[0]?.score ?? 1;
      noteScore = new Map(noteHits.map((h) => [h.id, h.score / maxNote]));
    }
    const pairs = px > 0 ? wordPairs(analyze(q, this.tuning.analyzer)) : new Set<string>();
    const maxChunk = pool[0].score;
    return pool
      .map((h) => {
        let score = h.score / maxChunk + w * (noteScore.get(pathOf(h.id) ?? '') ?? 0);
        if (pairs.size > 0) score += px * pairShare(pairs, this.termsOf(h.id, textOf!));
        return { ...h, score };
      })
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, k);
  }

  /**
   * Terms that most of the first passages share and the question lacks: the vocabulary of its
   * likely answer. They join the query with a lower weight.
   */
  private feedback(q: string, allow: ((id: string) => boolean) | undefined, textOf: (chunkId: string) => string | undefined) {
    const first = this.chunks.search(q, this.tuning.prfDocs, allow);
    if (first.length < 2) return null;
    const queryTerms = new Set(analyze(q, this.tuning.analyzer));
    const docsWith = new Map<string, number>();
    for (const h of first) for (const t of new Set(this.termsOf(h.id, textOf))) if (!queryTerms.has(t) && t.length > 2) docsWith.set(t, (docsWith.get(t) ?? 0) + 1);
    const added = [...docsWith]
      .filter(([, n]) => n >= 2)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, this.tuning.prfTerms)
      .map(([t]) => t);
    if (added.length === 0) return null;
    return { query: `${q} ${added.join(' ')}`, added: new Set(added) };
  }

  private termsOf(id: string, textOf: (chunkId: string) => string | undefined): string[] {
    let terms = this.termCache.get(id);
    if (!terms) {
      terms = analyze(textOf(id) ?? '', this.tuning.analyzer);
      if (this.termCache.size >= MAX_CACHED_CHUNKS) this.termCache.clear();
      this.termCache.set(id, terms);
    }
    return terms;
  }
}

const MAX_CACHED_CHUNKS = 20_000;

function wordPairs(terms: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < terms.length; i++) out.add(`${terms[i - 1]} ${terms[i]}`);
  return out;
}

/** Share of the query's adjacent term pairs that also stand side by side in the text. */
function pairShare(pairs: Set<string>, terms: string[]): number {
  const found = new Set<string>();
  for (let i = 1; i < terms.length; i++) {
    const p = `${terms[i - 1]} ${terms[i]}`;
    if (pairs.has(p)) found.add(p);
  }
  return found.size / pairs.size;
}
