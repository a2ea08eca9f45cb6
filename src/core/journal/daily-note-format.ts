// Obsidian's Daily notes core plugin names notes with a moment.js format
// (default `YYYY-MM-DD`, often `dddd D MMMM YYYY` in French vaults). Compiling that
// format into a regex lets us recognise the user's own daily notes exactly, without
// guessing and without shipping moment.

import { localTimestamp } from './calendar';
import { DEFAULT_LOCALES, foldName, namePattern, nameVariants } from './locale-names';

export interface DailyNoteMatcher {
  readonly format: string;
  /**
   * Local timestamp of the note's date when `pathOrName` (a vault path, with or
   * without `.md`, or a bare file name) follows the format, else null. A format
   * containing `/` (e.g. `YYYY/MM/YYYY-MM-DD`) is matched against the end of the path.
   */
  match(pathOrName: string): number | null;
}

type Field = 'year' | 'year2' | 'month' | 'monthName' | 'day' | 'hour' | 'hour12' | 'minute' | 'second' | 'meridiem' | 'ignore';

interface TokenSpec {
  pattern: string;
  field: Field;
}

// Longest tokens first: the tokenizer tries them in this order at each position.
const TOKENS: [string, (locales: readonly string[]) => TokenSpec][] = [
  ['YYYY', () => ({ pattern: '\\d{4}', field: 'year' })],
  ['YY', () => ({ pattern: '\\d{2}', field: 'year2' })],
  ['MMMM', (l) => ({ pattern: namePattern('month', l), field: 'monthName' })],
  ['MMM', (l) => ({ pattern: namePattern('month', l), field: 'monthName' })],
  ['MM', () => ({ pattern: '\\d{2}', field: 'month' })],
  ['Mo', () => ({ pattern: '\\d{1,2}(?:st|nd|rd|th|er|e)?', field: 'month' })],
  ['M', () => ({ pattern: '\\d{1,2}', field: 'month' })],
  ['DD', () => ({ pattern: '\\d{2}', field: 'day' })],
  ['Do', () => ({ pattern: '\\d{1,2}(?:st|nd|rd|th|er|e)?', field: 'day' })],
  ['D', () => ({ pattern: '\\d{1,2}', field: 'day' })],
  // Weekdays are redundant with the date; matched, then ignored (moment does the same).
  ['dddd', (l) => ({ pattern: namePattern('weekday', l), field: 'ignore' })],
  ['ddd', (l) => ({ pattern: namePattern('weekday', l), field: 'ignore' })],
  ['dd', () => ({ pattern: '\\p{L}{2}\\.?', field: 'ignore' })],
  ['do', () => ({ pattern: '\\d(?:st|nd|rd|th|er|e)?', field: 'ignore' })],
  ['d', () => ({ pattern: '\\d', field: 'ignore' })],
  ['E', () => ({ pattern: '\\d', field: 'ignore' })],
  ['e', () => ({ pattern: '\\d', field: 'ignore' })],
  ['HH', () => ({ pattern: '\\d{2}', field: 'hour' })],
  ['H', () => ({ pattern: '\\d{1,2}', field: 'hour' })],
  ['kk', () => ({ pattern: '\\d{2}', field: 'hour' })],
  ['k', () => ({ pattern: '\\d{1,2}', field: 'hour' })],
  ['hh', () => ({ pattern: '\\d{2}', field: 'hour12' })],
  ['h', () => ({ pattern: '\\d{1,2}', field: 'hour12' })],
  ['mm', () => ({ pattern: '\\d{2}', field: 'minute' })],
  ['m', () => ({ pattern: '\\d{1,2}', field: 'minute' })],
  ['ss', () => ({ pattern: '\\d{2}', field: 'second' })],
  ['s', () => ({ pattern: '\\d{1,2}', field: 'second' })],
  ['SSS', () => ({ pattern: '\\d{3}', field: 'ignore' })],
  ['A', () => ({ pattern: '[AaPp]\\.?[Mm]\\.?', field: 'meridiem' })],
  ['a', () => ({ pattern: '[AaPp]\\.?[Mm]\\.?', field: 'meridiem' })],
];

// Moment tokens that need calendar logic we do not carry (ISO weeks, quarters, day of year, epochs).
const UNSUPPORTED = /^(?:GGGG|gggg|WW|ww|Wo|wo|W|w|Qo|Q|DDDD|DDDo|DDD|X|x|ZZ|Z|zz|z|N+|y+)/;

/**
 * Compiles a moment.js date format into a matcher. Throws an Error with a one-line
 * message when the format is empty, lacks a year, month or day, or uses a token this
 * matcher cannot read (ISO weeks, quarters, day of year, time zones).
 */
export function parseDailyNoteFormat(momentFormat: string, locales: readonly string[] = DEFAULT_LOCALES): DailyNoteMatcher {
  const format = momentFormat.trim();
  if (!format) throw new Error('Daily note format is empty.');
  const fields: Field[] = [];
  let source = '';
  let i = 0;
  outer: while (i < format.length) {
    const rest = format.slice(i);
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close < 0) throw new Error(`Daily note format "${format}" has an unclosed "[".`);
      source += escapeLiteral(rest.slice(1, close));
      i += close + 1;
      continue;
    }
    const unsupported = UNSUPPORTED.exec(rest);
    if (unsupported) throw new Error(`Daily note format "${format}" uses "${unsupported[0]}", which is not supported (use year, month, day and time tokens).`);
    for (const [token, spec] of TOKENS) {
      if (rest.startsWith(token)) {
        const { pattern, field } = spec(locales);
        source += `(${pattern})`;
        fields.push(field);
        i += token.length;
        continue outer;
      }
    }
    source += escapeLiteral(rest[0] ?? '');
    i += 1;
  }
  const has = (...f: Field[]) => fields.some((x) => f.includes(x));
  if (!has('year', 'year2') || !has('month', 'monthName') || !has('day')) {
    throw new Error(`Daily note format "${format}" must contain a year, a month and a day.`);
  }
  const byPath = format.includes('/');
  const regex = new RegExp(`${byPath ? '(?:^|/)' : '^'}${source}$`, 'iu');
  const months = nameVariants('month', locales);

  return {
    format,
    match(pathOrName: string): number | null {
      const name = pathOrName.normalize('NFC').replace(/\.md$/i, '');
      const m = regex.exec(byPath ? name : name.slice(name.lastIndexOf('/') + 1));
      if (!m) return null;
      let year = NaN, month = NaN, day = NaN, hour = 0, minute = 0, second = 0;
      let pm: boolean | null = null;
      fields.forEach((field, k) => {
        const raw = m[k + 1] ?? '';
        const n = parseInt(raw, 10);
        switch (field) {
          case 'year': year = n; break;
          case 'year2': year = 2000 + n; break;
          case 'month': month = n; break;
          case 'monthName': month = months.get(foldName(raw)) ?? NaN; break;
          case 'day': day = n; break;
          case 'hour': case 'hour12': hour = n; break;
          case 'minute': minute = n; break;
          case 'second': second = n; break;
          case 'meridiem': pm = /^p/i.test(raw); break;
          case 'ignore': break;
        }
      });
      if (pm !== null && fields.includes('hour12')) {
        if (hour < 1 || hour > 12) return null;
        hour = (hour % 12) + (pm ? 12 : 0);
      }
      return localTimestamp(year, month, day, hour, minute, second);
    },
  };
}

function escapeLiteral(s: string): string {
  return s.normalize('NFC').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
