// Finds the period a question is about ("qu'ai-je écrit sur le RAG en décembre
// 2024 ?") so retrieval can keep journal entries of that period, and returns the
// question without it so the lexical search is not polluted by "décembre 2024".
//
// chrono-node finds the expression; which of its components are certain gives the
// period's size: a certain day is a day, a month without a day a whole month, and so
// on. Journals are about the past, so a date without a year is its most recent past
// occurrence ("le 26 décembre" asked in January is last December).

import type { ParsedComponents, ParsedResult } from 'chrono-node';
import { addDays, localTimestamp, startOfDay, startOfWeek } from './calendar';
import { foldName, localeNames } from './locale-names';
import { questionParsers } from './question-chrono';

export type TimeGranularity = 'day' | 'week' | 'month' | 'year' | 'range';

export interface TimeRange {
  /** Local timestamp of the first instant of the period. */
  start: number;
  /** Local timestamp just after the period (exclusive). */
  end: number;
  /** The time expression as written, with its leading preposition ("en décembre 2024"). */
  text: string;
  /** The question without the time expression. */
  rest: string;
  granularity: TimeGranularity;
}

/** Start used for open-ended "before X" periods: the earliest time a Date can hold. */
export const BEGINNING_OF_TIME = -8.64e15;

interface Period {
  start: Date;
  end: Date;
  granularity: Exclude<TimeGranularity, 'range'>;
  /** Which components the user wrote: an implied year may still be shifted to fit a range. */
  yearCertain: boolean;
}

// Words that may stand before a time expression; removed with it from `rest`. A phrase
// comes before its own prefix ("la semaine du" before "la") so the longer one wins.
const LEADS = [
  'la semaine du', 'la semaine de', 'semaine du', 'semaine de', 'the week of', 'week of',
  'le mois de', 'au mois de', 'mois de', 'the month of', "l'année", "l’année", 'année', 'the year', 'year',
  'à partir du', 'à partir de', "à partir d'", "à partir d’", 'au cours du', 'au cours de', 'dans le courant de', 'courant',
  "jusqu'au", "jusqu'à", "jusqu'en", 'jusqu’au', 'jusqu’à', 'jusqu’en', 'depuis', 'entre', 'pendant', 'durant', 'avant', 'après', 'apres',
  'en', 'le', 'la', 'du', 'de', "d'", 'd’', 'au',
  'since', 'between', 'during', 'from', 'before', 'after', 'until', 'till', 'in', 'on', 'of', 'the', 'over',
];
const LEAD_AT_END = new RegExp(`(^|[^\\p{L}])(${LEADS.map((l) => l.replace(/'/g, "['’]")).join('|')})\\s*$`, 'iu');
// "from" is left out: "notes from last week" means of last week; "from X to Y" is a range of its own.
const SINCE = /^(?:depuis|à partir d|since|after|après|apres)/iu;
const UNTIL = /^(?:avant|jusqu|before|until|till)/iu;
const RANGE_OPENER = /^(?:entre|between|de|du|d['’]|from)$/iu;
const RANGE_JOINER = /^\s*(?:et|and|à|a|au|to|until|till|jusqu['’](?:à|au|en)|-|–|—)\s*$/iu;
const LIST_JOINER = /^\s*(?:et|and|ou|or|,)\s*$/iu;
const WEEK_WORD = /(?:^|[^\p{L}])(?:semaines?|weeks?)(?:[^\p{L}]|$)/iu;
const WEEK_LEAD = /(?:semaine|week)/iu;
const JOINER_AT_END = /(?:^|[^\p{L}])(?:et|and|à|au|to|until|till)\s*$|[-–—]\s*$/iu;

/**
 * The first period named in `question`, or null. `now` anchors relative expressions
 * ("hier", "last week"); `lang` picks which of chrono's French and English parsers is
 * tried first (French by default).
 */
export function parseTimeRange(question: string, now: Date, lang: 'fr' | 'en' = 'fr'): TimeRange | null {
  if (typeof question !== 'string' || !question.trim() || Number.isNaN(now.getTime())) return null;
  const text = question.normalize('NFC');
  const parsers = questionParsers();
  for (const chrono of lang === 'en' ? [parsers.en, parsers.fr] : [parsers.fr, parsers.en]) {
    const found = firstRange(text, chrono.parse(text, now), now);
    if (found) return found;
  }
  return null;
}

function firstRange(question: string, results: ParsedResult[], now: Date): TimeRange | null {
  const usable = results.filter((r) => isUsable(r, question, now));
  for (let i = 0; i < usable.length; i++) {
    const r = usable[i];
    if (!r) break;
    const lead = leadBefore(question, r.index);
    const from = r.index - lead.text.length;
    const next = usable[i + 1];
    const joiner = next ? question.slice(r.index + r.text.length, next.index - leadBefore(question, next.index).text.length) : '';

    // "entre octobre et décembre 2024", "between October and December 2024", and the
    // span of a list: "en octobre et novembre 2024", "en 2024 et en 2025".
    if (next && ((RANGE_JOINER.test(joiner) && lead.words.some((w) => RANGE_OPENER.test(w))) || LIST_JOINER.test(joiner))) {
      const range = spanning(r.start, next.start, now);
      if (range) return finish(question, from, next.index + next.text.length, range.start, range.end, 'range');
    }
    // chrono's own ranges: "du 10 au 15 décembre", "October to December 2024"
    if (r.end) {
      const range = spanning(r.start, r.end, now);
      if (range) return finish(question, from, r.index + r.text.length, range.start, range.end, 'range');
    }
    const isWeek = WEEK_WORD.test(r.text) || lead.words.some((w) => WEEK_LEAD.test(w));
    const period = periodOf(r.start, now, isWeek);
    if (!period) continue;
    const first = lead.words[0] ?? '';
    if (SINCE.test(first)) return finish(question, from, r.index + r.text.length, period.start, addDays(now, 1), 'range');
    if (UNTIL.test(first)) return finish(question, from, r.index + r.text.length, new Date(BEGINNING_OF_TIME), period.start, 'range');
    return finish(question, from, r.index + r.text.length, period.start, period.end, period.granularity);
  }
  return null;
}

/** Drops what chrono finds in ordinary words: times alone, "jeu"/"sam"/"mon" as weekdays, "3/4", "sept personnes". */
function isUsable(r: ParsedResult, question: string, now: Date): boolean {
  const c = r.start;
  const tags = r.tags();
  if (tags.has('result/relativeDateAndTime')) return false;
  if (!(['year', 'month', 'day', 'weekday'] as const).some((k) => c.isCertain(k)) && !WEEK_WORD.test(r.text)) return false;
  // Journals are in the past: "dans 3 jours" cannot select any.
  if (tags.has('result/relativeDate') && c.date().getTime() > now.getTime()) return false;
  if (onlyWeekday(c) && !hasFullWeekdayName(r.text)) return false;
  if (tags.has('parser/SlashDateFormatParser') && !c.isCertain('year')) return false;
  // A bare month name needs a preposition before it ("en mai", "in May"), or must end a range ("octobre et décembre").
  if (c.isCertain('month') && !c.isCertain('day') && !c.isCertain('year')) {
    const lead = leadBefore(question, r.index);
    if (lead.words.length === 0 && !JOINER_AT_END.test(question.slice(0, r.index))) return false;
  }
  return true;
}

function onlyWeekday(c: ParsedComponents): boolean {
  return c.isCertain('weekday') && !c.isCertain('day') && !c.isCertain('month') && !c.isCertain('year');
}

let weekdayNames: Set<string> | null = null;
function hasFullWeekdayName(text: string): boolean {
  const names = (weekdayNames ??= new Set(['fr', 'en'].flatMap((l) => localeNames(l, 'weekday').map(foldName))));
  return (text.match(/\p{L}+/gu) ?? []).some((w) => names.has(foldName(w)));
}

/** The lead words just before `index` ("entre", "la semaine du", "depuis le"), outermost first. */
function leadBefore(question: string, index: number): { text: string; words: string[] } {
  let before = question.slice(0, index);
  const words: string[] = [];
  for (let m = LEAD_AT_END.exec(before); m; m = LEAD_AT_END.exec(before)) {
    words.unshift((m[2] ?? '').toLowerCase());
    before = before.slice(0, m.index + (m[1]?.length ?? 0));
  }
  return { text: question.slice(before.length, index), words };
}

/** The calendar period a chrono component stands for, with missing years resolved into the past. */
function periodOf(c: ParsedComponents, now: Date, isWeek: boolean): Period | null {
  const year = c.get('year');
  const month = c.get('month');
  const yearCertain = c.isCertain('year');
  if (isWeek) {
    const base = c.isCertain('day') ? dayOf(c, now) : now;
    if (!base) return null;
    const start = startOfWeek(base);
    return { start, end: addDays(start, 7), granularity: 'week', yearCertain: true };
  }
  if (c.isCertain('day') || c.isCertain('weekday')) {
    const day = dayOf(c, now);
    return day ? { start: day, end: addDays(day, 1), granularity: 'day', yearCertain } : null;
  }
  if (c.isCertain('month') && month !== null) {
    let y = yearCertain && year !== null ? year : now.getFullYear();
    if (!yearCertain && new Date(y, month - 1, 1) > now) y -= 1;
    return { start: new Date(y, month - 1, 1), end: new Date(y, month, 1), granularity: 'month', yearCertain };
  }
  if (yearCertain && year !== null) {
    return { start: new Date(year, 0, 1), end: new Date(year + 1, 0, 1), granularity: 'year', yearCertain };
  }
  return null;
}

/** The local day a component designates; an unwritten year or week is the latest one not after today. */
function dayOf(c: ParsedComponents, now: Date): Date | null {
  const today = startOfDay(now);
  if (onlyWeekday(c)) {
    const d = startOfDay(c.date());
    return d > today ? addDays(d, -7) : d;
  }
  const month = c.get('month');
  const day = c.get('day');
  if (month === null || day === null) return null;
  if (c.isCertain('year')) {
    const ts = localTimestamp(c.get('year') ?? NaN, month, day);
    return ts === null ? null : new Date(ts);
  }
  for (let y = now.getFullYear(); y > now.getFullYear() - 8; y--) {
    // 29 February may need to go back to the previous leap year.
    const ts = localTimestamp(y, month, day);
    if (ts !== null && ts <= today.getTime()) return new Date(ts);
  }
  return null;
}

/** From the start of `a`'s period to the end of `b`'s; `a` borrows `b`'s year when it has none. */
function spanning(a: ParsedComponents, b: ParsedComponents, now: Date): { start: Date; end: Date } | null {
  const last = periodOf(b, now, false);
  let first = periodOf(a, now, false);
  if (!first || !last) return null;
  if (!first.yearCertain) {
    const shift = last.start.getFullYear() - first.start.getFullYear();
    first = shiftYears(first, shift);
    if (first.start > last.start) first = shiftYears(first, -1);
  }
  return first.start < last.end ? { start: first.start, end: last.end } : null;
}

function shiftYears(p: Period, years: number): Period {
  const move = (d: Date) => new Date(d.getFullYear() + years, d.getMonth(), d.getDate());
  return { ...p, start: move(p.start), end: move(p.end) };
}

function finish(question: string, from: number, until: number, start: Date, end: Date, granularity: TimeGranularity): TimeRange {
  let to = until;
  while (to > from && /\s/u.test(question[to - 1] ?? '')) to--;
  const left = question.slice(0, from).trimEnd();
  const right = question.slice(to);
  // Keep the spacing the user put before the punctuation ("2024 ?" in French, "March?" in English).
  const joined = /^\s*[,.;:!?)]/u.test(right) || !left ? left + right : `${left} ${right.trimStart()}`;
  const rest = joined.replace(/\s+/gu, ' ').replace(/^[\s,;:.]+/u, '').trim();
  return { start: start.getTime(), end: end.getTime(), text: question.slice(from, to).trim(), rest, granularity };
}
