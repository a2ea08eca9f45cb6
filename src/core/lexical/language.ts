// Enough language identification to phrase an answer: French or English, from function words.
// Questions are short, so a statistical identifier would guess; function words rarely do.
import { fra, eng } from 'stopword';
import { tokenize } from './analyzer';

const FR = new Set(fra);
const EN = new Set(eng);
const FR_MARKS = /[àâçéèêëîïôûùüÿœ]|\b(?:qu|l|d|j|c|n)['’]/i;

export function detectLanguage(text: string, fallback: 'fr' | 'en' = 'fr'): 'fr' | 'en' {
  let fr = FR_MARKS.test(text) ? 1 : 0;
  let en = 0;
  for (const t of tokenize(text)) {
    if (FR.has(t)) fr++;
    if (EN.has(t)) en++;
  }
  if (fr === en) return fallback;
  return fr > en ? 'fr' : 'en';
}
