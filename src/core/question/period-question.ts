// The period question the « Summarize my journal… » command asks, worded so that the question
// itself names its period (the sources header, a saved conversation and a re-run all read it
// the same way) and reads as a period question to the intent table.
import { dayInWords, type Lang } from '../answer/timeline-text';

export type PeriodChoice = 'this-week' | 'last-week' | 'this-month' | 'last-month' | 'range';

const WORDS: Record<Lang, Record<Exclude<PeriodChoice, 'range'>, string>> = {
  fr: {
    'this-week': 'Résume mon journal de cette semaine',
    'last-week': 'Résume mon journal de la semaine dernière',
    'this-month': 'Résume mon journal de ce mois-ci',
    'last-month': 'Résume mon journal du mois dernier',
  },
  en: {
    'this-week': 'Summarize my journal for this week',
    'last-week': 'Summarize my journal for last week',
    'this-month': 'Summarize my journal for this month',
    'last-month': 'Summarize my journal for last month',
  },
};

/** `range` needs `from` and `to` (local days, both included). */
export function periodQuestion(choice: PeriodChoice, lang: Lang, from?: Date, to?: Date): string {
  if (choice !== 'range') return WORDS[lang][choice];
  if (!from || !to || Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new RangeError('a date range needs two dates');
  const [a, b] = from <= to ? [from, to] : [to, from];
  return lang === 'fr'
    ? `Résume mon journal du ${dayInWords(a.getTime(), lang).replace(/^1er/, '1')} au ${dayInWords(b.getTime(), lang).replace(/^1er/, '1')}`
    : `Summarize my journal from ${dayInWords(a.getTime(), lang)} to ${dayInWords(b.getTime(), lang)}`;
}
