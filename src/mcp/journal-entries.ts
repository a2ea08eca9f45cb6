// The `journal` tool's retrieval, in one function so that it can switch to the period and
// evolution retrieval of issue 11 ("Answers over time") when that lands: until then, the
// entries dated in the period (the journal graph's dates), or the entries a search for the
// topic finds or that link to the topic's note, in date order.
import { parseTimeRange } from '../core/journal';
import { localTimestamp } from '../core/journal/calendar';
import type { McpIndex } from './mcp-index';
import { localIso } from './results';

export interface JournalQuery {
  period?: string;
  topic?: string;
  k: number;
  now: Date;
}

export interface JournalEntry {
  path: string;
  date: string;
  title: string;
  excerpt: string;
  why: string;
}

export interface JournalAnswer {
  period: { start: string; end: string; text: string } | null;
  topic: string | null;
  entries: JournalEntry[];
}

const EXCERPT_CHARS = 400;

export class JournalQueryError extends Error {}

export async function journalEntries(index: McpIndex, q: JournalQuery): Promise<JournalAnswer> {
  const period = q.period?.trim() ? readPeriod(q.period.trim(), q.now) : null;
  const topic = q.topic?.trim() || null;
  if (!period && !topic) throw new JournalQueryError('give a period, a topic, or both (e.g. period "décembre 2024", topic "RAG")');
  const inPeriod = (date: number) => !period || (date >= period.start && date < period.end);
  const periodJson = period ? { start: localIso(period.start), end: localIso(period.end - 1), text: period.text } : null;

  if (!topic) {
    const entries = index.journalsBetween(period!.start, period!.end).slice(0, q.k).map((e) => entry(index, e.path, e.date, 'dated in the period'));
    return { period: periodJson, topic: null, entries };
  }

  const found = new Map<string, JournalEntry & { ms: number }>();
  // Journals out of the period are left out of the search; topic notes stay, so that the
  // journal entries linking to them are brought in.
  const res = await index.search(topic, {
    k: Math.min(100, q.k * 3),
    pathFilter: (path) => {
      const date = index.note(path)?.meta.journalDate;
      return date === undefined || inPeriod(date);
    },
  });
  for (const r of res.results) {
    if (r.date === undefined || found.has(r.path)) continue;
    found.set(r.path, { ...entry(index, r.path, r.date, r.why), excerpt: clip(r.text), ms: r.date });
  }
  const topicNote = noteTitled(index, topic);
  if (topicNote) {
    for (const m of index.mentionsOf(topicNote)) {
      if (!inPeriod(m.date) || found.has(m.journal)) continue;
      found.set(m.journal, { ...entry(index, m.journal, m.date, `links to [[${topicNote.replace(/\.md$/i, '')}]]`), excerpt: clip(m.excerpt), ms: m.date });
    }
  }
  const entries = [...found.values()]
    .sort((a, b) => a.ms - b.ms || a.path.localeCompare(b.path))
    .slice(0, q.k)
    .map(({ ms: _ms, ...e }) => e);
  return { period: periodJson, topic, entries };
}

/** "2024-12-01..2024-12-31" (both days included), or a period in words (FR or EN). */
function readPeriod(text: string, now: Date): { start: number; end: number; text: string } {
  const iso = /^(\d{4})-(\d{2})-(\d{2})\s*\.\.\s*(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) {
    const start = localTimestamp(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    const last = localTimestamp(Number(iso[4]), Number(iso[5]), Number(iso[6]));
    if (start === null || last === null || last < start) throw new JournalQueryError(`period "${text}" is not a valid range of dates`);
    return { start, end: dayAfter(Number(iso[4]), Number(iso[5]), Number(iso[6])), text };
  }
  const range = parseTimeRange(text, now);
  if (!range) throw new JournalQueryError(`no period found in "${text}": try "décembre 2024", "last week" or "2024-12-01..2024-12-31"`);
  return { start: range.start, end: range.end, text: range.text };
}

/** The local midnight after a day (not + 24 h, which a DST change would shift by an hour). */
export function dayAfter(year: number, month1: number, day: number): number {
  return new Date(year, month1 - 1, day + 1).getTime();
}

function entry(index: McpIndex, path: string, date: number, why: string): JournalEntry {
  const rec = index.note(path);
  return { path, date: localIso(date), title: rec?.meta.title ?? path, excerpt: clip(rec?.chunks[0]?.text ?? ''), why };
}

function noteTitled(index: McpIndex, topic: string): string | null {
  const wanted = topic.normalize('NFC').toLowerCase();
  for (const rec of index.notes()) {
    if (rec.meta.journalDate !== undefined) continue;
    if (rec.meta.title.toLowerCase() === wanted || rec.meta.aliases.some((a) => a.toLowerCase() === wanted)) return rec.path;
  }
  return null;
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}
