// The French- and English-aware analyser shared by the lexical ranker, the extractive answer and
// the query processor. Each step is a switch so the evaluation can measure it as an ablation.
import stopwordsIso from 'stopwords-iso';
import { fra, eng } from 'stopword';
import snowball from 'snowball-stemmers';

export interface AnalyzerOptions {
  /** Fold accents after stemming (é → e), so "modele" finds "modèle". */
  foldAccents: boolean;
  /** Strip French elisions: l', d', qu', j', n', s', t', m', c', jusqu', lorsqu', puisqu'. */
  elision: boolean;
  /** Drop French and English stop words. */
  stopWords: boolean;
  /** 'snowball': the short Snowball lists (function words only); 'iso': the long stopwords-iso lists. */
  stopList: 'snowball' | 'iso';
  /** Snowball stemming: 'french' for a French vault; 'none' to switch it off. */
  stemmer: 'french' | 'english' | 'none';
}

export const DEFAULT_ANALYZER: AnalyzerOptions = {
  foldAccents: true,
  elision: true,
  stopWords: true,
  stopList: 'snowball',
  stemmer: 'french',
};

// Letters (with their combining marks) and digits; apostrophes stay inside a token so elision can see them.
const TOKEN_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;
const ELISION_RE = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/u;
const COMBINING_RE = /\p{M}+/gu;
const NUMBER_RE = /^\p{N}+$/u;

type Stemmer = { stem(word: string): string };
const stemmers = new Map<string, Stemmer>();
function stemmerFor(lang: 'french' | 'english'): Stemmer {
  let s = stemmers.get(lang);
  if (!s) {
    s = snowball.newStemmer(lang);
    stemmers.set(lang, s);
  }
  return s;
}

function wordSet(words: string[]): ReadonlySet<string> {
  return new Set(words.map((w) => w.normalize('NFC').toLowerCase().replace(/’/g, "'")));
}
const STOP_LISTS: Record<AnalyzerOptions['stopList'], ReadonlySet<string>> = {
  snowball: wordSet([...fra, ...eng]),
  iso: wordSet([...stopwordsIso.fr, ...stopwordsIso.en]),
};

export function foldAccents(s: string): string {
  return s.normalize('NFD').replace(COMBINING_RE, '').normalize('NFC');
}

/** Splits text into raw lowercase word tokens (no filtering). */
export function tokenize(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(TOKEN_RE) ?? [];
}

/**
 * Terms already computed, per set of options. Stemming (Snowball, transpiled Java) and accent
 * folding cost microseconds a token, and a vault repeats the same few thousand words millions
 * of times: memoised, opening an index of 25k chunks (the lexical index is rebuilt) went from
 * 24 s to 6 s of CPU. Each memo is cleared when full, so memory stays bounded.
 */
const MEMO_LIMIT = 200_000;
const memos = new Map<number, Map<string, string | null>>();

/** The options as a small integer, read afresh on each call so a changed options object is never served stale terms. */
function optionsKey(o: AnalyzerOptions): number {
  const stemmer = o.stemmer === 'french' ? 1 : o.stemmer === 'english' ? 2 : 0;
  return (o.foldAccents ? 1 : 0) | (o.elision ? 2 : 0) | (o.stopWords ? 4 : 0) | (o.stopList === 'iso' ? 8 : 0) | (stemmer << 4);
}

function memoFor(opts: AnalyzerOptions): Map<string, string | null> {
  const key = optionsKey(opts);
  let memo = memos.get(key);
  if (!memo) {
    memo = new Map();
    memos.set(key, memo);
  }
  return memo;
}

/**
 * Teaches the memo a token's term computed earlier by this same analyser (the term cache
 * proves it by its signature), so the first questions after an opening do not stem cold.
 */
export function rememberToken(token: string, term: string | null, opts: AnalyzerOptions = DEFAULT_ANALYZER): void {
  const memo = memoFor(opts);
  if (memo.size < MEMO_LIMIT && !memo.has(token)) memo.set(token, term);
}

/** Normalises one raw token into its index term, or null when it carries no meaning. */
export function analyzeToken(token: string, opts: AnalyzerOptions = DEFAULT_ANALYZER): string | null {
  const memo = memoFor(opts);
  let term = memo.get(token);
  if (term === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    term = analyzeUncached(token, opts);
    memo.set(token, term);
  }
  return term;
}

function analyzeUncached(token: string, opts: AnalyzerOptions): string | null {
  let t = token.toLowerCase();
  if (opts.elision) t = t.replace(ELISION_RE, '');
  // Remaining apostrophes (aujourd'hui) are part of the word; unify the typographic one.
  t = t.replace(/’/g, "'");
  if (!t) return null;
  if (opts.stopWords && STOP_LISTS[opts.stopList].has(t)) return null;
  if (opts.stemmer !== 'none' && !NUMBER_RE.test(t)) t = stemmerFor(opts.stemmer).stem(t);
  if (opts.foldAccents) t = foldAccents(t);
  return t || null;
}

/** Text → index terms, in order (duplicates kept). */
export function analyze(text: string, opts: AnalyzerOptions = DEFAULT_ANALYZER): string[] {
  const out: string[] = [];
  for (const tok of tokenize(text)) {
    const t = analyzeToken(tok, opts);
    if (t) out.push(t);
  }
  return out;
}
