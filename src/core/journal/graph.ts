// The link graph seen from the journals: which dated entries talk about a note, and
// what they said. Built from what the index keeps (NoteMeta.links), so answering
// "what did I write about X, and when" needs no file reads.
//
// Resolution cost: a link's resolved target depends on which notes exist, so adding,
// removing or renaming a note may change the target of any link in the vault. Those
// operations therefore mark the whole graph stale, and the next query re-resolves
// every link once (O(total links) calls to `resolve`); a burst of structural changes,
// such as the first indexing pass, costs a single pass. Editing an existing note only
// re-resolves that note's own links. `resolve` must reflect the current vault when a
// query runs.

import type { JournalMention, LinkRef } from '../types';
import type { Yielder } from '../util/yield';

export type ResolveLink = (target: string, fromPath: string) => string | null;

export interface GraphEntry {
  path: string;
  /** Set when the note is a journal entry (ms since epoch, local time). */
  journalDate?: number;
  links: LinkRef[];
}

export class JournalGraph {
  private readonly entries = new Map<string, GraphEntry>();
  /** Per source: the resolved target of each of its links (same order), null when unresolved. */
  private resolved = new Map<string, (string | null)[]>();
  /** target → source → indexes of the source's links that resolve to target. */
  private inbound = new Map<string, Map<string, number[]>>();
  private allStale = false;
  /** Bumped by every change, so a sliced refresh knows when what it built is already out of date. */
  private changes = 0;
  private readonly staleSources = new Set<string>();

  constructor(entries: Iterable<GraphEntry>, private readonly resolve: ResolveLink) {
    for (const e of entries) this.entries.set(e.path, copyEntry(e));
    this.allStale = true;
  }

  /** Adds or replaces a note's entry (after an edit, or after `rename` when the date came from the name). */
  upsert(entry: GraphEntry): void {
    const existed = this.entries.has(entry.path);
    this.changes++;
    this.entries.set(entry.path, copyEntry(entry));
    if (existed) this.staleSources.add(entry.path);
    else this.allStale = true;
  }

  remove(path: string): void {
    if (!this.entries.delete(path)) return;
    this.changes++;
    this.unlink(path);
    this.allStale = true;
  }

  /**
   * Moves a note's entry; its links stay as written (Obsidian rewrites links in other
   * notes itself, which arrive as edits). The journal date is kept: call `upsert` if
   * it was read from the old name.
   */
  rename(from: string, to: string): void {
    const entry = this.entries.get(from);
    if (!entry || from === to) return;
    this.changes++;
    this.entries.delete(from);
    this.unlink(from);
    this.entries.set(to, { ...entry, path: to });
    this.allStale = true;
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  isJournal(path: string): boolean {
    return this.entries.get(path)?.journalDate !== undefined;
  }

  dateOf(path: string): number | undefined {
    return this.entries.get(path)?.journalDate;
  }

  /** Journal entries dated in [start, end), newest first. */
  journalsBetween(start: number, end: number): { path: string; date: number }[] {
    const out: { path: string; date: number }[] = [];
    for (const e of this.entries.values()) {
      if (e.journalDate !== undefined && e.journalDate >= start && e.journalDate < end) out.push({ path: e.path, date: e.journalDate });
    }
    return out.sort((a, b) => b.date - a.date || a.path.localeCompare(b.path));
  }

  /**
   * Journal paragraphs that link to `notePath`, newest first (then by journal path and
   * line). Several links in one paragraph give one mention. A note's links to itself
   * are not mentions.
   */
  mentionsOf(notePath: string): JournalMention[] {
    this.refresh();
    const out: JournalMention[] = [];
    for (const [source, indexes] of this.inbound.get(notePath) ?? []) {
      const entry = this.entries.get(source);
      if (!entry || entry.journalDate === undefined || source === notePath) continue;
      const seen = new Set<string>();
      for (const i of indexes) {
        const link = entry.links[i];
        if (!link) continue;
        const lines: [number, number] = link.excerptLines ? [link.excerptLines[0], link.excerptLines[1]] : [link.line, link.line];
        const key = `${lines[0]}:${lines[1]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ journal: source, date: entry.journalDate, target: notePath, excerpt: link.excerpt ?? '', lines });
      }
    }
    return out.sort((a, b) => b.date - a.date || a.journal.localeCompare(b.journal) || a.lines[0] - b.lines[0]);
  }

  /** Notes `path` links to, resolved, in order of first link; unresolved links are left out. */
  linkedFrom(path: string): string[] {
    this.refresh();
    const targets = this.resolved.get(path) ?? [];
    return [...new Set(targets.filter((t): t is string => t !== null && t !== path))];
  }

  /** Every note linking to `notePath` (journal or not), sorted by path. */
  backlinks(notePath: string): string[] {
    this.refresh();
    return [...(this.inbound.get(notePath)?.keys() ?? [])].filter((s) => s !== notePath).sort((a, b) => a.localeCompare(b));
  }

  private refresh(): void {
    if (this.allStale) {
      this.resolved.clear();
      this.inbound.clear();
      for (const path of this.entries.keys()) this.link(path);
      this.allStale = false;
      this.staleSources.clear();
      return;
    }
    for (const path of this.staleSources) {
      this.unlink(path);
      if (this.entries.has(path)) this.link(path);
    }
    this.staleSources.clear();
  }

  /**
   * The whole re-resolution that the first query after indexing would do (every link of the
   * vault: tens of milliseconds at 2,000 notes), done ahead in slices, off the question's path.
   * What it builds is dropped if the graph changes meanwhile: the next query then resolves as
   * before, so the result is the same either way.
   */
  async refreshSliced(pause: Yielder): Promise<void> {
    if (!this.allStale) return this.refresh();
    const start = this.changes;
    const resolved = new Map<string, (string | null)[]>();
    const inbound = new Map<string, Map<string, number[]>>();
    let n = 0;
    for (const path of [...this.entries.keys()]) {
      this.link(path, resolved, inbound);
      if (++n % 32 === 0) {
        await pause();
        if (this.changes !== start || !this.allStale) return;
      }
    }
    if (this.changes !== start || !this.allStale) return;
    this.resolved = resolved;
    this.inbound = inbound;
    this.allStale = false;
    this.staleSources.clear();
  }

  private link(source: string, resolved = this.resolved, inbound = this.inbound): void {
    const entry = this.entries.get(source);
    if (!entry) return;
    const targets = entry.links.map((l) => (l.target.trim() === '' ? null : this.safeResolve(l.target, source)));
    resolved.set(source, targets);
    targets.forEach((target, i) => {
      if (target === null) return;
      let bySource = inbound.get(target);
      if (!bySource) {
        bySource = new Map<string, number[]>();
        inbound.set(target, bySource);
      }
      const idx = bySource.get(source);
      if (idx) idx.push(i);
      else bySource.set(source, [i]);
    });
  }

  /** A resolver that throws on one odd link must not take the whole graph down: that link is unresolved. */
  private safeResolve(target: string, from: string): string | null {
    try {
      return this.resolve(target, from);
    } catch {
      return null;
    }
  }

  private unlink(source: string): void {
    for (const target of this.resolved.get(source) ?? []) {
      if (target === null) continue;
      const bySource = this.inbound.get(target);
      bySource?.delete(source);
      if (bySource?.size === 0) this.inbound.delete(target);
    }
    this.resolved.delete(source);
  }
}

function copyEntry(e: GraphEntry): GraphEntry {
  return { path: e.path, journalDate: e.journalDate, links: e.links.map((l) => ({ ...l })) };
}
