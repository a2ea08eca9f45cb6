// The lexical side of retrieval: BM25 over chunks, helped by BM25 over whole notes. A question
// written about one paragraph often names its subject elsewhere in the note (the title, an earlier
// paragraph); the note-level score carries that context to every chunk of the note.
import { FIELDS, LexicalIndex, type IndexedTerms, type LexicalDoc, type LexicalHit, type LexicalOptions } from '../lexical/lexical-index';
import type { DocTerms, TermDictionary } from '../lexical/doc-terms';
import { analyzerSignature, decodeTermCache, encodeTermCache } from '../lexical/term-cache';
import { stripQuestionWords } from '../lexical/query';
import { analyze, analyzeIn } from '../lexical/analyzer';
import { questionTerms, type QuestionTerms } from '../lexical/question-terms';
import { likeThisTerms } from '../lexical/more-like-this';
import { NoteNames, nameKey, type NamedNote } from '../lexical/note-names';
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
  /** Weight of the question's reading in the other language (French or English) beside its own (0 = its own only). */
  crossLanguage: number;
  /** A note whose title or alias the question is or contains comes first (retrieval/own-name.ts). */
  ownName: boolean;
  /**
   * Share of the question's terms a name contained in it must hold to count (1: only a question
   * that is the name; 0: any name met in passing). « Qui est Kosta ? » is about Kosta; « Quel
   * modèle ai-je lancé avec Ollama sur mon portable ? » only mentions Ollama.
   */
  ownNameShare: number;
}

export interface RebuildStats {
  /** Chunk and whole-note documents indexed. */
  documents: number;
  /** Of those, the ones analysed (not found in the term cache). */
  analysed: number;
  /** Every document's terms came from the term cache, and it held no others. */
  cacheExact: boolean;
  /** Why the term cache given was not used, if it was not. */
  cacheProblem?: string;
}

/** A term cache as read for rebuild(): its terms by fingerprint, or why there are none. */
export interface TermCacheRead {
  known: Map<number, DocTerms> | null;
  problem?: string;
}

export class LexicalRanker {
  private readonly chunks: LexicalIndex;
  private readonly notes: LexicalIndex;
  private readonly chunkIds = new Map<string, string[]>();
  private version = 0;
  private readonly names = new NoteNames();
  // Analysed terms of chunks met by queries, so proximity costs one analysis per chunk, not per query.
  private readonly termCache = new Map<string, string[]>();

  constructor(readonly tuning: LexicalTuning) {
    this.chunks = new LexicalIndex(tuning);
    this.notes = new LexicalIndex(tuning, this.chunks.dictionary);
  }

  /**
   * Indexes the note's chunks, then the note as a whole. Given a `pause`, each chunk's words are
   * analysed ahead in slices (the stemmer is slow on words it has not met), and `pause` runs
   * between documents.
   */
  async add(record: NoteRecord, pause?: Yielder): Promise<void> {
    this.remove(record.path);
    this.version++;
    const docs = lexicalDocsOf(record);
    const ids = docs.map((d) => d.id);
    this.chunkIds.set(record.path, ids);
    this.names.set(record.path, record.meta.title, record.meta.aliases);
    // Removed or added again during a pause: that call owns the note now.
    const superseded = () => this.chunkIds.get(record.path) !== ids;
    for (const doc of docs) {
      const terms = pause ? await this.chunks.analyze(doc, pause) : undefined;
      if (superseded()) return;
      this.chunks.add(doc, terms);
      if (pause) {
        await pause();
        if (superseded()) return;
      }
    }
    const noteDoc = this.noteDocOf(record, docs);
    if (noteDoc) this.notes.add(noteDoc);
  }

  /**
   * Reads a term cache (bytes of encodeTermCache) for rebuild(). Never throws: a cache that
   * cannot be used comes back with the reason, and rebuild() analyses every document.
   */
  async readTermCache(bytes: Uint8Array | null, pause: Yielder): Promise<TermCacheRead> {
    if (!bytes) return { known: null };
    try {
      return { known: await decodeTermCache(bytes, this.dictionary, this.signature(), FIELDS.length, pause) };
    } catch (err) {
      return { known: null, problem: err instanceof Error ? err.message : String(err) };
    }
  }

  /**
   * Replaces everything with `records`, in this order, in the state adding them one by one
   * gives (so with the same scores and ties). Documents whose terms the cache read by
   * readTermCache() knows are not analysed again.
   */
  async rebuild(records: Iterable<NoteRecord>, pause: Yielder, cache: TermCacheRead = { known: null }): Promise<RebuildStats> {
    this.chunkIds.clear();
    this.termCache.clear();
    this.names.clear();
    const known = cache.known;
    const cacheProblem = cache.problem;
    const chunkDocs: LexicalDoc[] = [];
    const noteDocs: LexicalDoc[] = [];
    let n = 0;
    for (const record of records) {
      const docs = lexicalDocsOf(record);
      this.chunkIds.set(record.path, docs.map((d) => d.id));
      this.names.set(record.path, record.meta.title, record.meta.aliases);
      chunkDocs.push(...docs);
      const noteDoc = this.noteDocOf(record, docs);
      if (noteDoc) noteDocs.push(noteDoc);
      if (++n % RECORDS_BETWEEN_PAUSES === 0) await pause();
    }
    const used = new Set<number>();
    const lookup = known
      ? (print: number) => {
          const terms = known.get(print);
          if (terms) used.add(print);
          return terms;
        }
      : undefined;
    const analysed = (await this.chunks.load(chunkDocs, pause, lookup)) + (await this.notes.load(noteDocs, pause, lookup));
    this.version++;
    return {
      documents: chunkDocs.length + noteDocs.length,
      analysed,
      // Otherwise worth writing again: it lacked documents, or holds ones no longer indexed.
      cacheExact: analysed === 0 && used.size === known?.size,
      ...(cacheProblem ? { cacheProblem } : {}),
    };
  }

  /** Changes whenever documents are added or removed, so a term cache can tell it is behind. */
  get termsVersion(): number {
    return this.version;
  }

  /** The term cache's bytes for everything indexed now. */
  encodeTermCache(pause: Yielder): Promise<Uint8Array> {
    return encodeTermCache(this.indexedTerms(), this.dictionary, this.signature(), FIELDS.length, pause);
  }

  private signature(): string {
    return analyzerSignature(this.tuning.analyzer, FIELDS);
  }

  private *indexedTerms(): IterableIterator<IndexedTerms> {
    yield* this.chunks.allTerms();
    yield* this.notes.allTerms();
  }

  /** The term ids both indexes share. */
  private get dictionary(): TermDictionary {
    return this.chunks.dictionary;
  }

  /** The whole note as one document, when whole-note scores are on. */
  private noteDocOf(record: NoteRecord, docs: LexicalDoc[]): LexicalDoc | null {
    if (this.tuning.noteContext <= 0 || docs.length === 0) return null;
    const headings = new Set<string>();
    for (const d of docs) for (const h of d.headingPath) headings.add(h);
    return {
      id: record.path,
      path: record.path,
      title: record.meta.title,
      aliases: record.meta.aliases,
      headingPath: [...headings],
      text: docs.map((d) => d.text).join('\n\n'),
    };
  }

  remove(path: string): void {
    if (this.chunkIds.has(path)) this.version++;
    for (const id of this.chunkIds.get(path) ?? []) {
      this.chunks.remove(id);
      this.termCache.delete(id);
    }
    this.chunkIds.delete(path);
    this.names.remove(path);
    this.notes.remove(path);
  }

  /** The notes whose own name (title or alias) the question is or contains; none when that signal is off. */
  namedIn(query: string): NamedNote[] {
    if (!this.tuning.ownName) return [];
    const found = this.names.findIn(query);
    if (found.length === 0) return found;
    const q = this.tuning.questionWords ? stripQuestionWords(query) : query;
    const asked = questionTerms(q, query, this.tuning.analyzer, 0);
    const all = new Set(asked.own).size;
    return found.filter((n) => {
      const named = new Set(analyzeIn(n.name, asked.language, this.tuning.analyzer)).size;
      // A name of stop words only ("The Office") counts when it is the whole question.
      return all === 0 || named / all >= this.tuning.ownNameShare || nameKey(q) === n.name;
    });
  }

  /** The note's chunk that best matches the question (its first allowed one when none matches), or null. */
  bestChunkOf(path: string, query: string, allow?: (id: string) => boolean): LexicalHit | null {
    const ids = (this.chunkIds.get(path) ?? []).filter((id) => !allow || allow(id));
    if (ids.length === 0) return null;
    const mine = new Set(ids);
    const q = this.tuning.questionWords ? stripQuestionWords(query) : query;
    const asked = questionTerms(q, query, this.tuning.analyzer, this.tuning.crossLanguage);
    const [hit] = this.chunks.search(asked.terms, 1, (id) => mine.has(id), asked.other.size > 0 ? (t) => asked.other.get(t) ?? 1 : undefined);
    return hit ?? { id: ids[0], score: 0, terms: [] };
  }

  /** A note's text as a bounded query: its top terms by tf·idf over the chunks (lexical/more-like-this.ts). */
  likeThis(text: string): QuestionTerms {
    return likeThisTerms(text, this.tuning.analyzer, { documents: this.chunks.size, documentFrequency: (t) => this.chunks.documentFrequency(t) });
  }

  /** `terms`, when given, are the query's reading already made (likeThis), instead of reading `query` as a question. */
  search(
    query: string,
    k: number,
    pathOf: (chunkId: string) => string | undefined,
    allow?: (id: string) => boolean,
    textOf?: (chunkId: string) => string | undefined,
    terms?: QuestionTerms,
  ): LexicalHit[] {
    const asked = terms ?? this.questionReading(query);
    const w = this.tuning.noteContext;
    const px = textOf ? this.tuning.proximity : 0;
    const expanded = textOf && this.tuning.prfTerms > 0 ? this.feedback(asked.terms, asked.other, allow, textOf) : null;
    const weightOf = (extra: ReadonlyMap<string, number>) => (extra.size > 0 ? (t: string) => extra.get(t) ?? 1 : undefined);
    const search = (n: number) => (expanded ? this.chunks.search(expanded.terms, n, allow, weightOf(expanded.weights)) : this.chunks.search(asked.terms, n, allow, weightOf(asked.other)));
    if (w <= 0 && px <= 0) return search(k);
    // Rerank a wider pool: the note score and word pairs can lift a chunk BM25 alone put lower.
    const pool = search(Math.max(k * 4, 50));
    if (pool.length === 0) return pool;
    let noteScore = new Map<string, number>();
    if (w > 0) {
      const noteHits = this.notes.search(asked.terms, 200, undefined, weightOf(asked.other));
      const maxNote = noteHits[0]?.score ?? 1;
      noteScore = new Map(noteHits.map((h) => [h.id, h.score / maxNote]));
    }
    const pairs = px > 0 ? wordPairs(asked.own) : new Set<string>();
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

  private questionReading(query: string): QuestionTerms {
    const q = this.tuning.questionWords ? stripQuestionWords(query) : query;
    return questionTerms(q, query, this.tuning.analyzer, this.tuning.crossLanguage);
  }

  /**
   * Terms that most of the first passages share and the question lacks: the vocabulary of its
   * likely answer. They join the query with a lower weight.
   */
  private feedback(terms: string[], other: ReadonlyMap<string, number>, allow: ((id: string) => boolean) | undefined, textOf: (chunkId: string) => string | undefined) {
    const first = this.chunks.search(terms, this.tuning.prfDocs, allow, other.size > 0 ? (t) => other.get(t) ?? 1 : undefined);
    if (first.length < 2) return null;
    const queryTerms = new Set(terms);
    const docsWith = new Map<string, number>();
    for (const h of first) for (const t of new Set(this.termsOf(h.id, textOf))) if (!queryTerms.has(t) && t.length > 2) docsWith.set(t, (docsWith.get(t) ?? 0) + 1);
    const added = [...docsWith]
      .filter(([, n]) => n >= 2)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, this.tuning.prfTerms)
      .map(([t]) => t);
    if (added.length === 0) return null;
    const weights = new Map(other);
    for (const t of added) weights.set(t, this.tuning.prfWeight);
    return { terms: [...terms, ...added], weights };
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
/** Records turned into documents between two pauses (about 1 ms of work). */
const RECORDS_BETWEEN_PAUSES = 64;

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
