// The French- and English-aware analyser shared by the lexical ranker, the extractive answer and
// the query processor. Each text (a chunk, a question) is analysed in its own language, with that
// language's stop list, stemmer, elision and contractions. Each step is a switch so the evaluation
// can measure it as an ablation.
import stopwordsIso from 'stopwords-iso';
import { fra, eng } from 'stopword';
import snowball from 'snowball-stemmers';
import { tokenize, tokenizeKeepingAcronyms } from './tokens';
import { detectLanguage, type Language } from './language';

export { tokenize, tokenizeKeepingAcronyms } from './tokens';
export type { Language } from './language';

export interface AnalyzerOptions {
  /** Fold accents after stemming (é → e), so "modele" finds "modèle". */
  foldAccents: boolean;
  /** Strip French elisions: l', d', qu', j', n', s', t', m', c', jusqu', lorsqu', puisqu'. */
  elision: boolean;
  /** Drop stop words (the text's language's, or both languages' with `languages: 'union'`). */
  stopWords: boolean;
  /** 'snowball': the short Snowball lists (function words only); 'iso': the long stopwords-iso lists. */
  stopList: 'snowball' | 'iso';
  /**
   * Snowball stemming: 'by-language' for the text's language; 'french' or 'english' for every
   * text; 'none' to switch it off. (Named `stemmer` before analysis by language, when it held
   * 'french': a new name, so that settings saved then take the new default instead.)
   */
  stemming: 'by-language' | 'french' | 'english' | 'none';
  /**
   * 'detect': each text in its own language, French or English (language.ts). 'union': every
   * text alike, as before analysis by language: both stop lists, French elision, and the French
   * stemmer under `stemming: 'by-language'`.
   */
  languages: 'detect' | 'union';
  /** English possessives and contractions: Ritu's → ritu, don't → do, we're → we (English text and 'union'). */
  possessives: boolean;
  /** A word in capitals (AI, IT, US, RAG) is an acronym: kept whatever the stop lists say, unstemmed. */
  acronyms: boolean;
}

export const DEFAULT_ANALYZER: AnalyzerOptions = {
  foldAccents: true,
  elision: true,
  stopWords: true,
  stopList: 'snowball',
  stemming: 'by-language',
  languages: 'detect',
  possessives: true,
  acronyms: true,
};

/** The analysis a token gets: French, English, or the language-blind 'union' one. */
type Mode = 'fr' | 'en' | 'union';

const ELISION_RE = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/u;
// Clitics English glues to a word; "n't" is handled apart (can't → can, not ca).
const CONTRACTION_RE = /'(?:s|m|re|ve|ll|d)$/u;
const NEGATIONS: Record<string, string> = { "can't": 'can', "won't": 'will', "shan't": 'shall', "ain't": 'am' };
const COMBINING_RE = /\p{M}+/gu;
const NUMBER_RE = /^\p{N}+$/u;
const UPPER_RE = /\p{Lu}/u;
const ACRONYM_PLURAL_RE = /(\p{Lu})(?:['’]?s)$/u;

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
const STOP_WORDS: Record<AnalyzerOptions['stopList'], Record<Mode, () => string[]>> = {
  snowball: { fr: () => fra, en: () => eng, union: () => [...fra, ...eng] },
  iso: { fr: () => stopwordsIso.fr, en: () => stopwordsIso.en, union: () => [...stopwordsIso.fr, ...stopwordsIso.en] },
};
// Built on first use, not at load (they cost ~3 ms of the plugin's start; most are never used).
const STOP_SETS: Record<AnalyzerOptions['stopList'], Partial<Record<Mode, ReadonlySet<string>>>> = { snowball: {}, iso: {} };
function stopSet(list: AnalyzerOptions['stopList'], mode: Mode): ReadonlySet<string> {
  return (STOP_SETS[list][mode] ??= wordSet(STOP_WORDS[list][mode]()));
}

export function foldAccents(s: string): string {
  return s.normalize('NFD').replace(COMBINING_RE, '').normalize('NFC');
}

function modeOf(opts: AnalyzerOptions, lang: Language): Mode {
  return opts.languages === 'union' ? 'union' : lang;
}

/** The language a text is analysed in: its own, French when nothing tells (the product's first language). */
export function languageOf(text: string): Language {
  return detectLanguage(text, 'fr');
}

/**
 * Terms already computed, per set of options and language. Stemming (Snowball, transpiled
 * Java) and accent folding cost microseconds a token, and a vault repeats the same few thousand
 * words millions of times: memoised, opening an index of 25k chunks (the lexical index is
 * rebuilt) went from 24 s to 6 s of CPU. Each memo is cleared when full, so memory stays bounded.
 */
const MEMO_LIMIT = 200_000;
const memos = new Map<number, Map<string, string | null>>();

/** The options and mode as a small integer, read afresh on each call so a changed options object is never served stale terms. */
function optionsKey(o: AnalyzerOptions, mode: Mode): number {
  const stemmer = o.stemming === 'french' ? 1 : o.stemming === 'english' ? 2 : o.stemming === 'by-language' ? 3 : 0;
  const m = mode === 'fr' ? 0 : mode === 'en' ? 1 : 2;
  return (
    (o.foldAccents ? 1 : 0) | (o.elision ? 2 : 0) | (o.stopWords ? 4 : 0) | (o.stopList === 'iso' ? 8 : 0) | (stemmer << 4) |
    (o.possessives ? 64 : 0) | (o.acronyms ? 128 : 0) | (m << 8)
  );
}

function memoFor(opts: AnalyzerOptions, mode: Mode): Map<string, string | null> {
  const key = optionsKey(opts, mode);
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
export function rememberToken(token: string, term: string | null, opts: AnalyzerOptions = DEFAULT_ANALYZER, lang: Language = 'fr'): void {
  const memo = memoFor(opts, modeOf(opts, lang));
  if (memo.size < MEMO_LIMIT && !memo.has(token)) memo.set(token, term);
}

/**
 * Normalises one raw token (from tokenizeKeepingAcronyms, or lowercase from tokenize) of a text
 * in `lang` into its index term, or null when it carries no meaning.
 */
export function analyzeToken(token: string, opts: AnalyzerOptions = DEFAULT_ANALYZER, lang: Language = 'fr'): string | null {
  const mode = modeOf(opts, lang);
  const memo = memoFor(opts, mode);
  let term = memo.get(token);
  if (term === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    term = analyzeUncached(token, opts, mode);
    memo.set(token, term);
  }
  return term;
}

function analyzeUncached(token: string, opts: AnalyzerOptions, mode: Mode): string | null {
  if (opts.acronyms && UPPER_RE.test(token)) return acronymTerm(token, opts);
  // Remaining apostrophes (aujourd'hui) are part of the word; unify the typographic one.
  let t = token.toLowerCase().replace(/’/g, "'");
  if (opts.elision && mode !== 'en') t = t.replace(ELISION_RE, '');
  if (opts.possessives && mode !== 'fr') t = NEGATIONS[t] ?? t.replace(/n't$/u, '').replace(CONTRACTION_RE, '');
  if (!t) return null;
  if (opts.stopWords && stopSet(opts.stopList, mode).has(t)) return null;
  const stemmer = opts.stemming === 'by-language' ? (mode === 'en' ? 'english' : 'french') : opts.stemming;
  if (stemmer !== 'none' && !NUMBER_RE.test(t)) t = stemmerFor(stemmer).stem(t);
  if (opts.foldAccents) t = foldAccents(t);
  return t || null;
}

/** An acronym's term: the letters in lowercase, without article, plural or possessive (l'IA → ia, OKRs → okr), unstemmed. */
function acronymTerm(token: string, opts: AnalyzerOptions): string | null {
  let t = token.replace(/’/g, "'").replace(/^\p{L}{1,7}'(?=\p{Lu})/u, '');
  t = t.replace(ACRONYM_PLURAL_RE, '$1').toLowerCase();
  if (opts.foldAccents) t = foldAccents(t);
  return t || null;
}

/** The raw tokens the analyser takes: acronyms keep their capitals when they count as such. */
export function tokensFor(text: string, opts: AnalyzerOptions): string[] {
  return opts.acronyms ? tokenizeKeepingAcronyms(text) : tokenize(text);
}

/** Text in a known language → index terms, in order (duplicates kept). */
export function analyzeIn(text: string, lang: Language, opts: AnalyzerOptions = DEFAULT_ANALYZER): string[] {
  const out: string[] = [];
  for (const tok of tokensFor(text, opts)) {
    const t = analyzeToken(tok, opts, lang);
    if (t) out.push(t);
  }
  return out;
}

/** Text → index terms in its own language (languageOf), in order (duplicates kept). */
export function analyze(text: string, opts: AnalyzerOptions = DEFAULT_ANALYZER): string[] {
  return analyzeIn(text, opts.languages === 'union' ? 'fr' : languageOf(text), opts);
}
