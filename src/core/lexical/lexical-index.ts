// BM25 over chunks with MiniSearch, fielded so a note's title, aliases and headings weigh more than
// its body. MiniSearch supports add/discard, so a single edited note never rebuilds the index; a
// whole index is loaded at once from analysed documents (bulk-load.ts), which is what opening does.
import MiniSearch, { type Options } from 'minisearch';
import { analyze, analyzeToken, tokensFor, DEFAULT_ANALYZER, type AnalyzerOptions, type Language } from './analyzer';
import { bulkLoad, documentFrequency } from './bulk-load';
import { DocAnalyzer, TermDictionary, documentLanguage, fingerprint, type DocTerms } from './doc-terms';
import type { Yielder } from '../util/yield';

export interface LexicalDoc {
  id: string;
  path: string;
  title: string;
  aliases: string[];
  headingPath: string[];
  text: string;
}

export interface LexicalOptions {
  analyzer: AnalyzerOptions;
  boost: { title: number; aliases: number; headings: number; body: number };
  /** BM25 parameters (MiniSearch's defaults are k=1.2, b=0.7, d=0.5). */
  bm25?: { k: number; b: number; d: number };
  /** Relative edit distance allowed for fuzzy matches of long terms (0 = off). */
  fuzzy: number;
}

export const DEFAULT_LEXICAL: LexicalOptions = {
  analyzer: DEFAULT_ANALYZER,
  boost: { title: 2, aliases: 2, headings: 1.5, body: 1 },
  // MiniSearch's own defaults, spelled out so each can be an ablation.
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  fuzzy: 0,
};

const splitTerms = (s: string) => s.split(' ');

export interface LexicalHit {
  id: string;
  score: number;
  terms: string[];
}

interface StoredDoc {
  id: string;
  title: string;
  aliases: string;
  headings: string;
  body: string;
}

const DOCS_BETWEEN_PAUSES = 64;

export const FIELDS = ['title', 'aliases', 'headings', 'body'] as const;

/** The field values MiniSearch is given for a document, in the order of FIELDS. */
export function fieldValues(doc: LexicalDoc): string[] {
  return [doc.title, doc.aliases.join(' \n '), doc.headingPath.join(' \n '), doc.text];
}

/** Identifies the field values a document gives MiniSearch, for the term cache. */
export function fingerprintOf(doc: LexicalDoc): number {
  return fingerprint([doc.title, doc.aliases, doc.headingPath, doc.text]);
}

/** A document's terms and the fingerprint of the field values they came from. */
export interface IndexedTerms {
  fingerprint: number;
  terms: DocTerms;
}

export class LexicalIndex {
  private mini: MiniSearch<StoredDoc>;
  private readonly docs = new Map<string, IndexedTerms>();
  private readonly analyzer: DocAnalyzer;
  /** The language of the document MiniSearch's add() is analysing (add() is synchronous). */
  private adding: Language = 'fr';

  /** Indexes sharing a dictionary share term ids, and so can share a term cache. */
  constructor(
    readonly options: LexicalOptions = DEFAULT_LEXICAL,
    readonly dictionary: TermDictionary = new TermDictionary(options.analyzer),
  ) {
    this.analyzer = new DocAnalyzer(dictionary);
    this.mini = new MiniSearch<StoredDoc>(this.miniOptions());
  }

  private miniOptions(): Options<StoredDoc> {
    const options = this.options;
    const analyzer = options.analyzer;
    return {
      fields: [...FIELDS],
      storeFields: [],
      tokenize: (text) => tokensFor(text, analyzer),
      processTerm: (term) => analyzeToken(term, analyzer, this.adding) ?? null,
      searchOptions: {
        boost: { title: options.boost.title, aliases: options.boost.aliases, headings: options.boost.headings, body: options.boost.body },
        combineWith: 'OR',
        prefix: false,
        fuzzy: options.fuzzy > 0 ? (term) => (term.length >= 6 ? options.fuzzy : false) : false,
        ...(options.bm25 ? { bm25: { ...options.bm25 } } : {}),
      },
    };
  }

  get size(): number {
    return this.docs.size;
  }

  has(id: string): boolean {
    return this.docs.has(id);
  }

  /** The terms kept for a document, for the term cache. */
  termsOf(id: string): IndexedTerms | undefined {
    return this.docs.get(id);
  }

  /** Every document's terms, for the term cache. */
  allTerms(): IterableIterator<IndexedTerms> {
    return this.docs.values();
  }

  /** Adds (or replaces) a document; `terms` are its analysis if already made (see analyze). */
  add(doc: LexicalDoc, terms?: IndexedTerms): void {
    if (this.docs.has(doc.id)) this.remove(doc.id);
    const values = fieldValues(doc);
    this.adding = documentLanguage(values, this.options.analyzer);
    this.mini.add({ id: doc.id, title: values[0], aliases: values[1], headings: values[2], body: values[3] });
    this.docs.set(doc.id, terms ?? { fingerprint: fingerprintOf(doc), terms: this.analyzer.analyze(values) });
  }

  /**
   * Analyses the document's words ahead of add(), awaiting `pause` now and then: Snowball's
   * French stemmer (transpiled Java) takes 50-200 µs for each word it has not met, which made
   * the add of one chunk early in a pass a task of 10-15 ms. The analyser memoises terms, so
   * add() then finds them ready.
   */
  async analyze(doc: LexicalDoc, pause: Yielder): Promise<IndexedTerms> {
    return { fingerprint: fingerprintOf(doc), terms: await this.analyzer.analyzeSliced(fieldValues(doc), pause) };
  }

  /**
   * Replaces the whole index with `docs`, in this order, in the state adding them one by one to
   * an empty index gives. `known` returns terms already analysed (the term cache) by
   * fingerprint; the other documents are analysed here. Returns how many were analysed.
   */
  async load(docs: Iterable<LexicalDoc>, pause: Yielder, known?: (fingerprint: number) => DocTerms | undefined): Promise<number> {
    const list: LexicalDoc[] = [];
    const analysed: IndexedTerms[] = [];
    const ids = new Set<string>();
    let repeated = false;
    let fresh = 0;
    for (const doc of docs) {
      const print = fingerprintOf(doc);
      let terms = known?.(print);
      const cached = terms !== undefined;
      if (!terms) {
        terms = await this.analyzer.analyzeSliced(fieldValues(doc), pause);
        fresh++;
      }
      list.push(doc);
      analysed.push({ fingerprint: print, terms });
      if (ids.has(doc.id)) repeated = true;
      ids.add(doc.id);
      // An analysed document may have met new words since the analyser's last pause; a cached one costs a few µs.
      if (!cached || list.length % DOCS_BETWEEN_PAUSES === 0) await pause();
    }
    // bulkLoad takes unique ids; a repeated id replaces the earlier document, as add() does.
    const mini = repeated ? null : await bulkLoad(this.miniOptions(), list.map((d, i) => ({ id: d.id, terms: analysed[i].terms })), (id) => this.dictionary.term(id), pause);
    this.docs.clear();
    if (mini) {
      this.mini = mini;
      for (let i = 0; i < list.length; i++) {
        this.docs.set(list[i].id, analysed[i]);
        if (i % (16 * DOCS_BETWEEN_PAUSES) === 0) await pause();
      }
      return fresh;
    }
    this.mini = new MiniSearch<StoredDoc>(this.miniOptions());
    for (let i = 0; i < list.length; i++) {
      this.add(list[i], analysed[i]);
      await pause();
    }
    return fresh;
  }

  addAll(docs: Iterable<LexicalDoc>): void {
    for (const d of docs) this.add(d);
  }

  remove(id: string): void {
    if (!this.docs.has(id)) return;
    // discard() marks the document gone at once and lets MiniSearch vacuum lazily, so removal is O(1).
    this.mini.discard(id);
    this.docs.delete(id);
  }

  /** Documents that hold `term` (an index term), for idf; MiniSearch's own count when its internals are not the expected ones. */
  documentFrequency(term: string): number {
    return documentFrequency(this.mini as MiniSearch<unknown>, term) ?? this.mini.search(term, { tokenize: splitTerms, processTerm: (t) => t }).length;
  }

  /**
   * BM25 over a query: text, analysed in its own language, or terms already analysed (see
   * question-terms.ts), each counted once per time it is given.
   */
  search(query: string | readonly string[], k: number, filter?: (id: string) => boolean, termWeight?: (term: string) => number): LexicalHit[] {
    const terms = typeof query === 'string' ? analyze(query, this.options.analyzer) : query;
    if (terms.length === 0) return [];
    const hits = this.mini.search(terms.join(' '), {
      tokenize: splitTerms,
      processTerm: (t) => t,
      ...(filter ? { filter: (r) => filter(r.id as string) } : {}),
      ...(termWeight ? { boostTerm: (term: string) => termWeight(term) } : {}),
    });
    return hits.slice(0, k).map((h) => ({ id: h.id as string, score: h.score, terms: h.terms }));
  }
}
