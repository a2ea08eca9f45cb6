// "More like this" (as Lucene's MoreLikeThis): a note's text as a query is its few most telling
// terms, not all of them. The whole text of a note read as a question made a search of hundreds
// of terms, common ones with long postings among them: one synchronous task of 45-150 ms at
// 2,000 notes for the journal pane's related notes. Its top terms by tf·idf, capped, keep what
// sets the note apart, and bound the search whatever the note's length.
import { analyzeIn, languageOf, type AnalyzerOptions } from './analyzer';
import type { QuestionTerms } from './question-terms';

export interface LikeThisOptions {
  /** Terms kept (Lucene's maxQueryTerms is 25). */
  maxTerms: number;
  /** A term held by fewer documents than this finds nothing but the note itself. */
  minDocFreq: number;
  /**
   * A term held by more than this share of the documents is left out (1: none is, as Lucene's
   * default). Off by default: idf already ranks such terms last, and in a small vault the words
   * a note shares with every other one are all there is to match.
   */
  maxDocShare: number;
}

export const DEFAULT_LIKE_THIS: LikeThisOptions = { maxTerms: 25, minDocFreq: 2, maxDocShare: 1 };

export interface TermStats {
  /** Documents in the index. */
  documents: number;
  /** Documents holding an index term. */
  documentFrequency(term: string): number;
}

/**
 * The query terms of a text read in its own language: its top terms by tf × idf (BM25's idf),
 * each weighted by its count in the text, as the whole text would have counted it. Ties go to
 * the term met first. No word pairs: the terms are no longer a sentence.
 */
export function likeThisTerms(text: string, analyzer: AnalyzerOptions, stats: TermStats, opts: LikeThisOptions = DEFAULT_LIKE_THIS): QuestionTerms {
  const language = analyzer.languages === 'union' ? 'fr' : languageOf(text);
  const counts = new Map<string, number>();
  for (const t of analyzeIn(text, language, analyzer)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const n = stats.documents;
  const scored: { term: string; tf: number; score: number; order: number }[] = [];
  let order = 0;
  for (const [term, tf] of counts) {
    order++;
    const df = stats.documentFrequency(term);
    if (df < opts.minDocFreq || df > opts.maxDocShare * n) continue;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    scored.push({ term, tf, score: tf * idf, order });
  }
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  const kept = scored.slice(0, opts.maxTerms).sort((a, b) => a.order - b.order);
  const weights = new Map<string, number>();
  for (const k of kept) if (k.tf > 1) weights.set(k.term, k.tf);
  return { terms: kept.map((k) => k.term), other: weights, own: [], language };
}
