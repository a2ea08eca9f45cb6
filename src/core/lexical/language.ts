// French or English, from function words: to phrase an answer, and to pick the analysis of a
// chunk or a question (its stop list, stemmer, elision). Questions are short, so a statistical
// identifier would guess; function words rarely do.
import { fra, eng } from 'stopword';
import { tokenize } from './tokens';

export type Language = 'fr' | 'en';

const FR = new Set(fra);
const EN = new Set(eng);
const FR_MARKS = /[àâçéèêëîïôûùüÿœ]|\b(?:qu|l|d|j|c|n)['’]/i;
/** Enough of a long text to tell its language; the rest would only cost time. */
const SAMPLE_CHARS = 2000;

export function detectLanguage(text: string, fallback: Language = 'fr'): Language {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  let fr = FR_MARKS.test(sample) ? 1 : 0;
  let en = 0;
  for (const t of tokenize(sample)) {
    if (FR.has(t)) fr++;
    if (EN.has(t)) en++;
  }
  if (fr === en) return fallback;
  return fr > en ? 'fr' : 'en';
}
