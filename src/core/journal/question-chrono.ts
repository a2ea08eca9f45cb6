// chrono-node, taught the period expressions that questions about journals use and
// its French locale lacks: a month on its own ("en décembre 2024", "depuis
// septembre"), the current period ("cette semaine", "ce mois-ci", "cette année"),
// "l'an dernier", "avant-hier", and (in both languages) a bare year after a
// preposition ("en 2024", "in 2024"). They are chrono parsers and refiners, so
// chrono's own overlap and range refiners still apply ("d'octobre à décembre").

import type { Chrono, Parser, ParsingComponents, ParsingContext, ParsingResult, Refiner } from 'chrono-node';
import * as chronoEn from 'chrono-node/en';
import * as chronoFr from 'chrono-node/fr';
import { localeNames, namePattern, nameVariants, foldName } from './locale-names';
import type { Yielder } from '../util/yield';

const YEAR = '((?:19|20|21)\\d{2})';
// A word boundary that knows accents; captured rather than looked behind, since
// lookbehind is missing on older iOS WebViews where Obsidian mobile runs.
const BOUNDARY_BEFORE = '(^|[^\\p{L}\\p{N}])';
const NOT_LETTER_AFTER = '(?![\\p{L}\\p{N}])';

type Groups = (string | undefined)[];

/** A chrono parser for `body` as whole words; `build` gets the body's capture groups. */
function wordParser(body: string, tag: string, build: (context: ParsingContext, groups: Groups) => ParsingComponents | null): Parser {
  const pattern = new RegExp(`${BOUNDARY_BEFORE}(?:${body})${NOT_LETTER_AFTER}`, 'iu');
  return {
    pattern: () => pattern,
    extract(context: ParsingContext, match: RegExpMatchArray) {
      const skip = match[1]?.length ?? 0;
      const start = build(context, match.slice(2));
      if (!start) return null;
      start.addTag(tag);
      return context.createParsingResult((match.index ?? 0) + skip, match[0].slice(skip), start);
    },
  };
}

/** "décembre", "décembre 2024", "déc. 2024": short names only with a year ("sept personnes" is not September). */
function frenchMonthParser(): Parser {
  const months = nameVariants('month', ['fr']);
  const longNames = new Set(localeNames('fr', 'month').map(foldName));
  return wordParser(`(${namePattern('month', ['fr'])})(?:\\s+${YEAR})?`, 'askvault/monthName', (context, [name = '', year]) => {
    const folded = foldName(name);
    const month = months.get(folded);
    if (month === undefined || (!year && !longNames.has(folded))) return null;
    const start = context.createParsingComponents({ month });
    start.imply('day', 1);
    if (year) start.assign('year', Number(year));
    else start.imply('year', context.refDate.getFullYear());
    return start;
  });
}

/** "cette semaine", "ce mois-ci", "cette année", "cette année-ci", "l'année en cours". */
function frenchCurrentPeriodParser(): Parser {
  const body = "(?:cette|cet|ce)\\s+(semaine|mois|année|annee|an)(?:[-\\s]ci)?|(?:la|le|l['’])\\s*(semaine|mois|année|annee)\\s+en\\s+cours";
  return wordParser(body, 'askvault/currentPeriod', (context, [a, b]) => {
    const unit = (a ?? b ?? '').toLowerCase();
    const ref = context.refDate;
    const start = context.createParsingComponents({ year: ref.getFullYear() });
    if (unit === 'semaine' || unit === 'mois') start.assign('month', ref.getMonth() + 1);
    else start.imply('month', 1);
    if (unit === 'semaine') start.assign('day', ref.getDate());
    else start.imply('day', 1);
    return start;
  });
}

/** "l'an dernier", "l'an passé", "l'année passée" (chrono reads only "l'année dernière"). */
function frenchLastYearParser(): Parser {
  const body = "l['’]\\s*(?:an|année|annee)\\s+(?:dernier|dernière|derniere|passé|passée|passe|passee)";
  return wordParser(body, 'askvault/lastYear', (context) => {
    const start = context.createParsingComponents({ year: context.refDate.getFullYear() - 1 });
    start.imply('month', 1);
    start.imply('day', 1);
    return start;
  });
}

/** "avant-hier" (chrono's French locale reads only its "hier"). */
function frenchDayBeforeYesterdayParser(): Parser {
  return wordParser('avant[-\\s]hier', 'askvault/dayBeforeYesterday', (context) => {
    const ref = context.refDate;
    const d = new Date(ref.getFullYear(), ref.getMonth(), ref.getDate() - 2);
    return context.createParsingComponents({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() });
  });
}

/**
 * A season, as the months meteorologists give it: spring March–May, summer June–August, autumn
 * September–November, winter December–February. "l'hiver 2025" is the winter whose January and
 * February are in 2025 (December 2024 to February 2025). Without a year, the latest one that has
 * begun. Read as a range of months, so chrono's range handling gives its start and end.
 */
const SEASONS: Record<string, number> = {
  printemps: 3, ete: 6, été: 6, automne: 9, hiver: 12,
  spring: 3, summer: 6, autumn: 9, fall: 9, winter: 12,
};

// « été » is also the past participle of être (« ont été écrites »): as a season it needs an
// article or a lead (« l'été », « cet été », « en été ») or a year (« été 2025 »).
const PARTICIPLE_SAFE_LEAD = /(?:^|[^\p{L}])(?:en|pendant|durant|depuis|tout|avant|après|apres)\s+$/iu;

function seasonParser(lang: 'fr' | 'en'): Parser {
  const names = lang === 'fr' ? '(printemps|été|ete|automne|hiver)' : '(spring|summer|autumn|fall|winter)';
  const lead = lang === 'fr' ? "(l['’]\\s*|cet\\s+|ce\\s+)?" : '()';
  const yearPart = lang === 'fr' ? `(?:\\s+(?:de\\s+|d['’]\\s*)?${YEAR})?` : `(?:\\s+(?:of\\s+)?${YEAR})?`;
  const pattern = new RegExp(`${BOUNDARY_BEFORE}${lead}${names}${yearPart}${NOT_LETTER_AFTER}`, 'iu');
  return {
    pattern: () => pattern,
    extract(context: ParsingContext, match: RegExpMatchArray) {
      const skip = match[1]?.length ?? 0;
      const name = (match[3] ?? '').toLowerCase();
      const first = SEASONS[name];
      if (first === undefined) return null;
      const written = match[4];
      if ((name === 'été' || name === 'ete') && !match[2] && !written && !PARTICIPLE_SAFE_LEAD.test(context.text.slice(0, (match.index ?? 0) + skip))) return null;
      const ref = context.refDate;
      // The winter of year Y starts in December of Y - 1.
      let year = written ? Number(written) - (first === 12 ? 1 : 0) : ref.getFullYear();
      if (!written && new Date(year, first - 1, 1) > ref) year -= 1;
      const end = new Date(year, first - 1 + 2, 1);
      const start = context.createParsingComponents({ year, month: first });
      start.imply('day', 1);
      const last = context.createParsingComponents({ year: end.getFullYear(), month: end.getMonth() + 1 });
      last.imply('day', 1);
      start.addTag('askvault/season');
      return context.createParsingResult((match.index ?? 0) + skip, match[0].slice(skip), start, last);
    },
  };
}

/**
 * "en 2024", "in 2024", "l'année 2023", "entre 2022 et 2024": a year alone counts only
 * after such a word. Added as the last refiner because chrono's final filter drops
 * every result whose text is only digits.
 */
const YEAR_LEADS = {
  fr: "en|durant|pendant|depuis|de|entre|et|à|au|jusqu['’]en|avant|après|courant|(?:l['’]\\s*)?ann[ée]e",
  en: 'in|during|since|of|from|between|and|to|until|before|after|(?:the\\s+)?year',
};

function yearRefiner(lang: keyof typeof YEAR_LEADS): Refiner {
  const lead = `(?:${YEAR_LEADS[lang]})`;
  const pattern = new RegExp(`${BOUNDARY_BEFORE}(${lead}\\s+)${YEAR}${NOT_LETTER_AFTER}`, 'giu');
  return {
    refine(context: ParsingContext, results: ParsingResult[]) {
      let out = results;
      for (const match of context.text.matchAll(pattern)) {
        const index = (match.index ?? 0) + (match[1]?.length ?? 0) + (match[2]?.length ?? 0);
        const text = match[3] ?? '';
        const overlapping = out.filter((r) => index < r.index + r.text.length && r.index < index + text.length);
        // "à 2024" reads as 20:24 to chrono; a year is the likelier meaning in a question.
        if (overlapping.some((r) => !isTimeOnly(r))) continue;
        const start = context.createParsingComponents({ year: Number(text) });
        start.imply('month', 1);
        start.imply('day', 1);
        start.addTag('askvault/year');
        out = [...out.filter((r) => !overlapping.includes(r)), context.createParsingResult(index, text, start)];
      }
      return out === results ? results : out.sort((x, y) => x.index - y.index);
    },
  };
}

function isTimeOnly(r: ParsingResult): boolean {
  return !(['year', 'month', 'day', 'weekday'] as const).some((c) => r.start.isCertain(c));
}

let cached: { fr: Chrono; en: Chrono } | null = null;

/** chrono's casual French and English parsers with the period parsers above (built once). */
export function questionParsers(): { fr: Chrono; en: Chrono } {
  if (cached) return cached;
  const fr = chronoFr.casual.clone();
  fr.parsers.push(frenchMonthParser(), frenchCurrentPeriodParser(), frenchLastYearParser(), frenchDayBeforeYesterdayParser(), seasonParser('fr'));
  fr.refiners.push(yearRefiner('fr'));
  const en = chronoEn.casual.clone();
  en.parsers.push(seasonParser('en'));
  en.refiners.push(yearRefiner('en'));
  cached = { fr, en };
  return cached;
}

/**
 * chrono compiles each parser's pattern on its first use, and V8 each pattern on its first runs:
 * the first question paid ~15–30 ms for it in one task. Run ahead, one parse per slice, after an
 * indexing pass (issue 16). The parsers keep nothing from a parse but those compiled patterns.
 */
export async function warmQuestionParsers(pause: Yielder): Promise<void> {
  const { fr, en } = questionParsers();
  const now = new Date();
  const samples: [Chrono, string][] = [
    [fr, "Qu'ai-je noté la semaine dernière, le 3 mars 2025 à 10h et cet été ?"],
    [en, 'What did I write last week, on March 3, 2025 at 10 am and this summer?'],
  ];
  for (const [chrono, text] of samples) {
    for (let i = 0; i < 2; i++) {
      chrono.parse(text, now);
      await pause();
    }
  }
}
