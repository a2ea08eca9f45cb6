// Decides whether a note is a journal entry and when it was written.
//
// Topic notes often carry numbers and even dates in their titles ("Projet 20 - …",
// "1968 à Caen", "Attentats du 13 novembre 2015"), so outside the journal folders a
// name only counts when it is a full day-month-year date and nothing else but journal
// words ("Journal du …", "Daily …"), a weekday and a time. Dates are local wall-clock
// timestamps: 26 December 2024 is midnight of that day wherever the vault is opened.

import * as chronoEn from 'chrono-node/en';
import * as chronoFr from 'chrono-node/fr';
import type { JournalInfo } from '../types';
import { localTimestamp } from './calendar';
import { parseDailyNoteFormat, type DailyNoteMatcher } from './daily-note-format';
import { DEFAULT_LOCALES, foldName, localeNames } from './locale-names';

export interface JournalConfig {
  /** Vault folders whose notes are journal entries (e.g. `Journal`, `Daily/2024`). */
  folders: string[];
  /** Outside those folders, treat a note whose name is a date as a journal entry. */
  detectFileNameDate: boolean;
  /**
   * Outside those folders, treat a note with a date in its frontmatter as a journal
   * entry. Off by default: templates stamp `created:` on topic notes too.
   */
  detectFrontmatterDate: boolean;
  frontmatterKeys: string[];
  /** Daily notes formats (moment.js syntax, e.g. `YYYY-MM-DD`, `[Journal du] dddd D MMMM YYYY`); always honoured. */
  fileNameFormats?: string[];
}

export const DEFAULT_JOURNAL_CONFIG: Readonly<JournalConfig> = Object.freeze({
  folders: [],
  detectFileNameDate: true,
  detectFrontmatterDate: false,
  frontmatterKeys: ['date', 'created', 'day'],
  fileNameFormats: [],
});

export interface JournalCandidate {
  path: string;
  basename: string;
  frontmatter: Record<string, unknown>;
}

/**
 * Journal detection, in order:
 * 1. Under a configured folder: a journal whenever a date is found, in the name (any
 *    full date, whatever words surround it) or in the frontmatter (whatever
 *    `detectFrontmatterDate` says). A dated entry is what the rest of the pipeline
 *    needs, and the file's creation time is not a written date, so a folder note with
 *    no date anywhere is not a journal.
 * 2. A configured daily notes format that matches the name.
 * 3. `detectFileNameDate`: a name that is a date (see `dateInTitle`).
 * 4. `detectFrontmatterDate`: the first of `frontmatterKeys` holding a date.
 * The name wins over the frontmatter because it is what the user sees and links to.
 */
export function detectJournal(input: JournalCandidate, cfg: JournalConfig = DEFAULT_JOURNAL_CONFIG): JournalInfo | null {
  const { path, basename, frontmatter } = input;
  if (isUnderFolder(path, cfg.folders)) {
    const date = dateFromFormats(path, cfg.fileNameFormats) ?? dateInTitle(basename, { lenient: true }) ?? dateInFrontmatter(frontmatter, cfg.frontmatterKeys);
    return date === null ? null : { path, date, via: 'folder' };
  }
  const byName = dateFromFormats(path, cfg.fileNameFormats) ?? (cfg.detectFileNameDate ? dateInTitle(basename) : null);
  if (byName !== null) return { path, date: byName, via: 'filename' };
  if (cfg.detectFrontmatterDate) {
    const byFm = dateInFrontmatter(frontmatter, cfg.frontmatterKeys);
    if (byFm !== null) return { path, date: byFm, via: 'frontmatter' };
  }
  return null;
}

export function isUnderFolder(path: string, folders: readonly string[]): boolean {
  const p = path.normalize('NFC');
  return folders.some((f) => {
    const folder = f.normalize('NFC').trim().replace(/^\/+|\/+$/g, '');
    return folder !== '' && p.startsWith(`${folder}/`);
  });
}

// --- Names -----------------------------------------------------------------

// Journals are written in the present; a full date outside this window in a title is a history topic.
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

// A time after the date: "à 15:03", "15h03", "15-03", "15.03", "T15:03", "15h".
const TRAILING_TIME = /(?:^|[\s_T])(?:(?:à|a|at|@)\s+)?(\d{1,2})\s*(?:h\s*(\d{2})?|[:.-]\s*(\d{2}))(?:[:.-]\d{2})?\s*$/iu;
// Numeric dates chrono leaves alone, or that we want exact: compact and ISO-with-suffix.
// Built on first use, not when the module loads: building them names every month and weekday
// through Intl, a cost the plugin's start would otherwise pay on the main thread.
let builtin: DailyNoteMatcher[] | null = null;
function builtinFormats(): DailyNoteMatcher[] {
  builtin ??= [parseDailyNoteFormat('YYYYMMDD'), parseDailyNoteFormat('YYYY_MM_DD')];
  return builtin;
}
// A name that starts with an ISO date is a deliberately dated note ("2024-12-26 Réunion").
const ISO_PREFIX = /^(\d{4})-(\d{2})-(\d{2})(?=$|[\s_–—,:.(-])/u;
// The cheap gate before chrono: every full date has a four-digit year.
const HAS_YEAR = /(?:19|2[01])\d{2}/u;
const JOURNAL_WORDS = [
  'journal', 'journaux', 'jour', 'note', 'notes', 'entree', 'quotidien', 'quotidienne', 'du', 'de', 'des', 'le', 'la', 'l', 'd', 'a', 'au',
  'daily', 'diary', 'entry', 'log', 'day', 'of', 'the', 'on', 'for', 'at',
];
let fillerWords: Set<string> | null = null;

function isFillerWord(word: string): boolean {
  if (!fillerWords) {
    fillerWords = new Set(JOURNAL_WORDS);
    for (const locale of DEFAULT_LOCALES) {
      for (const kind of ['weekday', 'weekdayShort'] as const) {
        for (const name of localeNames(locale, kind)) fillerWords.add(foldName(name));
      }
    }
  }
  return fillerWords.has(foldName(word));
}

/** True when `text` holds only journal words, weekday names and punctuation. */
function onlyFillers(text: string): boolean {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.every((w) => !/\d/.test(w) && isFillerWord(w));
}

function plausibleYear(ts: number | null): number | null {
  if (ts === null) return null;
  const y = new Date(ts).getFullYear();
  return y >= MIN_YEAR && y <= MAX_YEAR ? ts : null;
}

function dateFromFormats(path: string, formats: readonly string[] | undefined): number | null {
  for (const matcher of compiledFormats(formats)) {
    const ts = matcher.match(path);
    if (ts !== null) return ts;
  }
  return null;
}

const formatCache = new Map<string, DailyNoteMatcher | null>();

function compiledFormats(formats: readonly string[] | undefined): DailyNoteMatcher[] {
  const out: DailyNoteMatcher[] = [];
  for (const f of formats ?? []) {
    if (!formatCache.has(f)) {
      // A bad format is reported where the user types it (settings call parseDailyNoteFormat); here it is skipped.
      try {
        formatCache.set(f, parseDailyNoteFormat(f));
      } catch {
        formatCache.set(f, null);
      }
    }
    const m = formatCache.get(f);
    if (m) out.push(m);
  }
  return out;
}

/**
 * The local timestamp of the date a title stands for, or null.
 * Strict (default): the title must be a full day-month-year date surrounded only by
 * journal words, a weekday and a time ("Journal du jeudi 26 décembre 2024 à 15:03",
 * "2024-12-26 15h03", "Thursday, December 26th, 2024"), or start with an ISO date.
 * Lenient (inside journal folders): any full date in the title.
 */
export function dateInTitle(title: string, opts: { lenient?: boolean } = {}): number | null {
  const text = title.normalize('NFC').trim();
  if (!text || !HAS_YEAR.test(text)) return null;
  const { core, hour, minute } = splitTrailingTime(text);

  for (const matcher of builtinFormats()) {
    const ts = matcher.match(core);
    if (ts !== null) return plausibleYear(withTime(ts, hour, minute));
  }
  const iso = ISO_PREFIX.exec(core);
  if (iso) {
    const ts = localTimestamp(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (ts !== null) return plausibleYear(withTime(ts, hour, minute));
  }
  for (const parser of [chronoFr.strict, chronoEn.strict]) {
    for (const r of parser.parse(core, new Date(2000, 0, 1))) {
      const s = r.start;
      if (!s.isCertain('day') || !s.isCertain('month') || !s.isCertain('year')) continue;
      // A range ("26 - 27 décembre 2024") is not one entry's date.
      if (r.end && !opts.lenient) continue;
      const rest = core.slice(0, r.index) + ' ' + core.slice(r.index + r.text.length);
      if (!opts.lenient && !onlyFillers(rest)) continue;
      const ts = localTimestamp(s.get('year') ?? NaN, s.get('month') ?? NaN, s.get('day') ?? NaN);
      if (ts === null) continue;
      return plausibleYear(withTime(ts, hour, minute));
    }
  }
  return null;
}

function splitTrailingTime(text: string): { core: string; hour?: number; minute?: number } {
  const m = TRAILING_TIME.exec(text);
  if (!m) return { core: text };
  const hour = Number(m[1]);
  const minute = Number(m[2] ?? m[3] ?? 0);
  if (hour > 23 || minute > 59) return { core: text };
  return { core: text.slice(0, m.index).trim(), hour, minute };
}

function withTime(ts: number, hour?: number, minute?: number): number {
  if (hour === undefined) return ts;
  const d = new Date(ts);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), hour, minute ?? 0).getTime();
}

// --- Frontmatter -------------------------------------------------------------

// YAML/ISO timestamp with optional time and zone, as Obsidian's properties write it.
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/iu;

/** The first of `keys` (case-insensitive) whose value reads as a date, as a local timestamp. */
export function dateInFrontmatter(frontmatter: Record<string, unknown> | null | undefined, keys: readonly string[]): number | null {
  if (!frontmatter || typeof frontmatter !== 'object') return null;
  const lowered = new Map(Object.entries(frontmatter).map(([k, v]) => [k.toLowerCase(), v] as const));
  for (const key of keys) {
    const ts = dateValue(lowered.get(key.toLowerCase()));
    if (ts !== null) return ts;
  }
  return null;
}

/** A frontmatter value as a date: a YAML Date, an ISO string, `[[2024-12-26]]`, a written date, or 20241226. */
export function dateValue(value: unknown): number | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    // YAML reads a zone-less timestamp as UTC, but the user wrote wall-clock time:
    // keep the written components. (An explicit offset is lost here; it is rare in notes.)
    return plausibleYear(localTimestamp(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate(), value.getUTCHours(), value.getUTCMinutes(), value.getUTCSeconds()));
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 10_000_000 && value <= 99_999_999 ? plausibleYear(builtinFormats()[0].match(String(value))) : null;
  }
  if (Array.isArray(value)) return value.length === 1 ? dateValue(value[0]) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().replace(/^\[\[([^\]|#]+)(?:[|#][^\]]*)?\]\]$/u, '$1').trim();
  const iso = ISO_DATETIME.exec(text);
  if (iso) {
    if (iso[7]) {
      const t = Date.parse(text.replace(' ', 'T'));
      return Number.isNaN(t) ? null : plausibleYear(t);
    }
    return plausibleYear(localTimestamp(Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4] ?? 0), Number(iso[5] ?? 0), Number(iso[6] ?? 0)));
  }
  return dateInTitle(text);
}
