// BM25 over chunks with MiniSearch, fielded so a note's title, aliases and headings weigh more than
// its body. MiniSearch supports add/discard, so a single edited note never rebuilds the index.
import MiniSearch from 'minisearch';
import { analyzeToken, tokenize, DEFAULT_ANALYZER, type AnalyzerOptions } from './analyzer';
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

const ANALYZE_BETWEEN_PAUSES = 16;

export class LexicalIndex {
  private readonly mini: MiniSearch<StoredDoc>;
  private readonly ids = new Set<string>();

  constructor(readonly options: LexicalOptions = DEFAULT_LEXICAL) {
    const analyzer = options.analyzer;
    this.mini = new MiniSearch<StoredDoc>({
      fields: ['title', 'aliases', 'headings', 'body'],
      storeFields: [],
      tokenize: (text) => tokenize(text),
      processTerm: (term) => analyzeToken(term, analyzer) ?? null,
      searchOptions: {
        boost: { title: options.boost.title, aliases: options.boost.aliases, headings: options.boost.headings, body: options.boost.body },
        combineWith: 'OR',
        prefix: false,
        fuzzy: options.fuzzy > 0 ? (term) => (term.length >= 6 ? options.fuzzy : false) : false,
        ...(options.bm25 ? { bm25: { ...options.bm25 } } : {}),
      },
    });
  }

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(doc: LexicalDoc): void {
    if (this.ids.has(doc.id)) this.remove(doc.id);
    this.mini.add({
      id: doc.id,
      title: doc.title,
      aliases: doc.aliases.join(' \n '),
      headings: doc.headingPath.join(' \n '),
      body: doc.text,
    });
    this.ids.add(doc.id);
  }

  /**
   * Analyses the document's words ahead of add(), awaiting `pause` between them. The analyser
   * memoises terms, so add() then finds them ready: Snowball's French stemmer (transpiled Java)
   * takes 50-200 µs for each word it has not met, which made the add of one chunk early in a
   * pass a task of 10-15 ms.
   */
  async analyzeAhead(doc: LexicalDoc, pause: Yielder): Promise<void> {
    let n = 0;
    for (const field of [doc.title, ...doc.aliases, ...doc.headingPath, doc.text]) {
      for (const token of tokenize(field)) {
        analyzeToken(token, this.options.analyzer);
        // Every few words: a few ms at most while cold, and the await itself is not free.
        if (++n % ANALYZE_BETWEEN_PAUSES === 0) await pause();
      }
    }
  }

  addAll(docs: Iterable<LexicalDoc>): void {
    for (const d of docs) this.add(d);
  }

  remove(id: string): void {
    if (!this.ids.has(id)) return;
    // discard() marks the document gone at once and lets MiniSearch vacuum lazily, so removal is O(1).
    this.mini.discard(id);
    this.ids.delete(id);
  }

  search(query: string, k: number, filter?: (id: string) => boolean, termWeight?: (term: string) => number): LexicalHit[] {
    if (!query.trim()) return [];
    const hits = this.mini.search(query, {
      ...(filter ? { filter: (r) => filter(r.id as string) } : {}),
      ...(termWeight ? { boostTerm: (term: string) => termWeight(term) } : {}),
    });
    return hits.slice(0, k).map((h) => ({ id: h.id as string, score: h.score, terms: h.terms }));
  }
}
