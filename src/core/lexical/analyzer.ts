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

/** Normalises one raw token into its index term, or null when it carries no meaning. */
export function analyzeToken(token: string, opts: AnalyzerOptions = DEFAULT_ANALYZER): string | null {
  let t = token.toLowerCase();
  if (opts.elision) t = t.replace(ELISION_RE, '');
  // Remaining apostrophes (aujourd'hui) are part of the word; unify the typographic one.
  t = t.replace(/’/g, "'");
  if (!t) return null;
  if (opts.stopWords && STOP_LISTS[opts.stopList].has(t)) return null;
  if (opts.stemmer !== 'none' && !/^\p{N}+$/u.test(t)) t = stemmerFor(opts.stemmer).stem(t);
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
