// The words of a timeline answer in the user's language: which intent was used, how many
// entries the period or topic had and how many are shown, and what an empty period's nearest
// entries are. Shared by the extractive answer, the CLI and the panel.
import { formatDateInWords } from '../util/format-date';
import type { QuestionIntent } from '../question/intent';
import type { TimelineInfo } from '../journal/timeline-types';

export type Lang = 'fr' | 'en';

const LOCALE: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

const INTENT_NAMES: Record<Lang, Record<QuestionIntent, string>> = {
  fr: { fact: 'fait', period: 'période', evolution: 'évolution', first: 'première mention', last: 'dernière mention' },
  en: { fact: 'fact', period: 'period', evolution: 'evolution', first: 'first mention', last: 'last mention' },
};

export function intentName(intent: QuestionIntent, lang: Lang): string {
  return INTENT_NAMES[lang][intent];
}

/** « 3 mars 2025 », "3 March 2025"; « 1er mars 2025 » in French. */
export function dayInWords(ms: number, lang: Lang): string {
  // The panel's date formatter (one cached format per language), without weekday or time.
  const text = formatDateInWords(ms, lang, { weekday: false, time: false });
  return lang === 'fr' && new Date(ms).getDate() === 1 ? text.replace(/^1(?=\s)/, '1er') : text;
}

const DAY = 86_400_000;

/** « entre le 1er et le 31 mars 2025 », "between 1 and 31 March 2025" (end is exclusive). */
export function periodInWords(start: number, end: number, lang: Lang): string {
  const last = new Date(end - 1);
  const lastDay = new Date(last.getFullYear(), last.getMonth(), last.getDate()).getTime();
  const a = new Date(start);
  if (lastDay - start < DAY) return lang === 'fr' ? `le ${dayInWords(start, lang)}` : `on ${dayInWords(start, lang)}`;
  const sameMonth = a.getFullYear() === last.getFullYear() && a.getMonth() === last.getMonth();
  const first = sameMonth ? (lang === 'fr' && a.getDate() === 1 ? '1er' : String(a.getDate())) : dayInWords(start, lang);
  return lang === 'fr' ? `entre le ${first} et le ${dayInWords(lastDay, lang)}` : `between ${first} and ${dayInWords(lastDay, lang)}`;
}

const plural = (n: number, lang: Lang, one: string, many: string) => `${n.toLocaleString(LOCALE[lang])} ${new Intl.PluralRules(LOCALE[lang]).select(n) === 'one' ? one : many}`;

/** « 42 entrées dans la période, 12 montrées », or the empty period with its nearest entries. */
export function timelineSummary(info: TimelineInfo, lang: Lang): string {
  if (info.total === 0) {
    const where = info.start !== undefined && info.end !== undefined ? ` ${periodInWords(info.start, info.end, lang)}` : '';
    const near = [
      info.before ? (lang === 'fr' ? `la plus proche avant : ${info.before.title} (${dayInWords(info.before.date, lang)})` : `nearest before: ${info.before.title} (${dayInWords(info.before.date, lang)})`) : '',
      info.after ? (lang === 'fr' ? `la plus proche après : ${info.after.title} (${dayInWords(info.after.date, lang)})` : `nearest after: ${info.after.title} (${dayInWords(info.after.date, lang)})`) : '',
    ].filter(Boolean);
    const head = info.intent === 'period' ? (lang === 'fr' ? `Aucune entrée de journal${where}` : `No journal entry${where}`) : lang === 'fr' ? 'Aucune entrée de journal sur ce sujet' : 'No journal entry about this topic';
    const sep = lang === 'fr' ? ' ; ' : '; ';
    return `${head}${near.map((n) => sep + n).join('')}.`;
  }
  const what = info.intent === 'period' ? (lang === 'fr' ? 'dans la période' : 'in the period') : lang === 'fr' ? 'sur ce sujet' : 'about this topic';
  const entries = plural(info.total, lang, lang === 'fr' ? 'entrée' : 'entry', lang === 'fr' ? 'entrées' : 'entries');
  const shown = plural(info.shown, lang, lang === 'fr' ? 'montrée' : 'shown', lang === 'fr' ? 'montrées' : 'shown');
  return `${entries} ${what}, ${shown}`;
}

/** One line for a sources header: "Intent: period (42 entries in the period, 12 shown)". */
export function intentHeader(intent: QuestionIntent | undefined, info: TimelineInfo | undefined, lang: Lang): string {
  const name = intentName(intent ?? 'fact', lang);
  const label = lang === 'fr' ? 'Intention : ' : 'Intent: ';
  return info ? `${label}${name} (${timelineSummary(info, lang).replace(/\.$/, '')})` : `${label}${name}`;
}
