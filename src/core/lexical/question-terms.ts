// A question's terms. It is read in its own language (its stop list, stemmer, contractions); then
// its names are read in the other language too, at a lower weight: a French question names
// « Kosta » or « Lightroom » as an English note does, but the French stemmer would cut them
// otherwise than the English one did when it indexed the note. Only names (words written with a
// capital): reading every word of a French question as English too cost PIAF 0.8 points of
// passage recall@5 (0.5 at a weight of 0.2), as English stems of French words meet other French terms.
import { analyzeIn, languageOf, type AnalyzerOptions, type Language } from './analyzer';

export interface QuestionTerms {
  /** The question's terms in its own language, in order (duplicates kept, as they count twice), then the other reading's. */
  terms: string[];
  /** Weight of each term of the other reading (others weigh 1). */
  other: Map<string, number>;
  /** The question's own-language terms in order, for word pairs. */
  own: string[];
  language: Language;
}

/**
 * `text` is what is searched (question words taken out); `whole` is the question as asked,
 * whose function words tell its language better. `otherWeight` 0 reads it in one language only.
 */
export function questionTerms(text: string, whole: string, opts: AnalyzerOptions, otherWeight: number): QuestionTerms {
  if (opts.languages === 'union') {
    const own = analyzeIn(text, 'fr', opts);
    return { terms: own, other: new Map(), own, language: languageOf(whole) };
  }
  const language = languageOf(whole);
  const own = analyzeIn(text, language, opts);
  const other = new Map<string, number>();
  if (otherWeight > 0) {
    const seen = new Set(own);
    // A capital on a function word ("Qui", "The") only starts the sentence.
    const names = namesIn(text).filter((w) => analyzeIn(w, language, opts).length > 0);
    for (const t of analyzeIn(names.join(' '), language === 'fr' ? 'en' : 'fr', opts)) if (!seen.has(t)) other.set(t, otherWeight);
  }
  return { terms: [...own, ...other.keys()], other, own, language };
}

const NAME_RE = /\p{Lu}[\p{L}\p{M}\p{N}]*(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

/** The words of `text` written with a capital: names, brands, acronyms. */
function namesIn(text: string): string[] {
  return text.normalize('NFC').match(NAME_RE) ?? [];
}
