// The journals of one note, for the pane that follows the open note: the entries that link to it
// (and, on request, those that only name it), each with its date and the paragraph around it;
// for a journal entry, the notes it links to and the entries of the same day in earlier years.
// The live version of the hand-made « Journaux liées à cette note » list.
import type { NoteRecord } from '../types';
import type { Yielder } from '../util/yield';
import type { JournalGraph } from './graph';
import { foldWords } from './locale-names';

export interface NoteJournalsDeps {
  getNote(path: string): NoteRecord | undefined;
  notes(): Iterable<NoteRecord>;
  graph: JournalGraph;
  hidden?: (path: string) => boolean;
  /** Journal chunks that name one of `names` (folded): an index lookup, so mentions need no scan. */
  named?: (names: string[], pause: Yielder) => Promise<{ journal: string; chunk: NoteRecord['chunks'][number] }[]>;
}

export interface NoteJournalEntry {
  path: string;
  title: string;
  date: number;
  /** The paragraph around the link or the name, as written. */
  excerpt: string;
  /** 1-based inclusive lines of that paragraph, to open the entry there. */
  lines: [number, number];
  via: 'link' | 'mention';
}

export interface NoteJournals {
  path: string;
  /** Set when the note itself is a dated journal entry. */
  date?: number;
  entries: NoteJournalEntry[];
  /** For a journal entry: the notes it links to. */
  linksTo: { path: string; title: string }[];
  /** For a journal entry: entries of the same day in earlier years, newest first. */
  onThisDay: { path: string; title: string; date: number }[];
}

export interface NoteJournalsOptions {
  /** Also entries that name the note (title or alias) without linking to it. */
  mentions?: boolean;
  /** Newest first (default) or oldest first. */
  newestFirst?: boolean;
  limit?: number;
  pause?: Yielder;
}

const YEARS_BACK = 50;

export async function noteJournals(deps: NoteJournalsDeps, path: string, opts: NoteJournalsOptions = {}): Promise<NoteJournals> {
  const rec = deps.getNote(path);
  const out: NoteJournals = { path, entries: [], linksTo: [], onThisDay: [] };
  if (!rec || deps.hidden?.(path)) return out;
  const pause = opts.pause ?? (async () => {});
  const seen = new Set<string>();
  for (const m of deps.graph.mentionsOf(path)) {
    if (deps.hidden?.(m.journal) || seen.has(`${m.journal}:${m.lines[0]}`)) continue;
    seen.add(`${m.journal}:${m.lines[0]}`);
    out.entries.push({ path: m.journal, title: deps.getNote(m.journal)?.meta.title ?? m.journal, date: m.date, excerpt: m.excerpt, lines: m.lines, via: 'link' });
  }
  if (opts.mentions) await addMentions(deps, rec, out, pause);
  const dir = opts.newestFirst === false ? 1 : -1;
  out.entries.sort((a, b) => dir * (a.date - b.date) || a.path.localeCompare(b.path) || a.lines[0] - b.lines[0]);
  if (opts.limit !== undefined) out.entries = out.entries.slice(0, opts.limit);

  const date = rec.meta.journalDate;
  if (date !== undefined) {
    out.date = date;
    for (const target of deps.graph.linkedFrom(path)) {
      if (deps.hidden?.(target)) continue;
      out.linksTo.push({ path: target, title: deps.getNote(target)?.meta.title ?? target });
    }
    const d = new Date(date);
    for (let y = 1; y <= YEARS_BACK; y++) {
      const start = new Date(d.getFullYear() - y, d.getMonth(), d.getDate());
      // 29 February has no same day in most years: those years are skipped, not moved.
      if (start.getMonth() !== d.getMonth()) continue;
      const end = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1);
      for (const j of deps.graph.journalsBetween(start.getTime(), end.getTime())) {
        if (deps.hidden?.(j.path)) continue;
        out.onThisDay.push({ path: j.path, title: deps.getNote(j.path)?.meta.title ?? j.path, date: j.date });
      }
    }
  }
  return out;
}

/** Paragraphs of journal entries that name the note without linking to it. */
async function addMentions(deps: NoteJournalsDeps, rec: NoteRecord, out: NoteJournals, pause: Yielder): Promise<void> {
  const names = [rec.meta.title, ...rec.meta.aliases].map(foldWords).filter((n) => n.length >= 3);
  if (names.length === 0) return;
  const linked = new Set(out.entries.map((e) => e.path));
  const chunks = deps.named ? await deps.named(names, pause) : await scan(deps, pause);
  for (const { journal, chunk } of chunks) {
    const j = deps.getNote(journal);
    const date = j?.meta.journalDate;
    if (!j || date === undefined || j.path === rec.path || linked.has(j.path) || deps.hidden?.(j.path)) continue;
    linked.add(j.path);
    const at = paragraphNaming(chunk.text, chunk.lines[0], names);
    if (at) out.entries.push({ path: j.path, title: j.meta.title, date, excerpt: at.text, lines: at.lines, via: 'mention' });
  }
}

/** Without an index: every chunk of every journal entry. */
async function scan(deps: NoteJournalsDeps, pause: Yielder) {
  const out: { journal: string; chunk: NoteRecord['chunks'][number] }[] = [];
  for (const j of deps.notes()) {
    if (j.meta.journalDate === undefined) continue;
    await pause();
    for (const chunk of j.chunks) out.push({ journal: j.path, chunk });
  }
  return out;
}

function paragraphNaming(text: string, firstLine: number, names: string[]): { text: string; lines: [number, number] } | null {
  let line = firstLine;
  for (const p of text.split(/\n\s*\n/)) {
    const height = p.split('\n').length;
    const folded = ` ${foldWords(p)} `;
    if (!/^\s*#/.test(p) && names.some((n) => folded.includes(` ${n} `))) return { text: p.trim(), lines: [line, line + height - 1] };
    line += height + 1;
  }
  return null;
}
