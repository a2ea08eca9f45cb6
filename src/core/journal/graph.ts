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
  private readonly resolved = new Map<string, (string | null)[]>();
  /** target → source → indexes of the source's links that resolve to target. */
  private readonly inbound = new Map<string, Map<string, number[]>>();
  private allStale = false;
  private readonly staleSources = new Set<string>();

  constructor(entries: Iterable<GraphEntry>, private readonly resolve: ResolveLink) {
    for (const e of entries) this.entries.set(e.path, copyEntry(e));
    this.allStale = true;
  }

  /** Adds or replaces a note's entry (after an edit, or after `rename` when the date came from the name). */
  upsert(entry: GraphEntry): void {
    const existed = this.entries.has(entry.path);
    this.entries.set(entry.path, copyEntry(entry));
    if (existed) this.staleSources.add(entry.path);
    else this.allStale = true;
  }

  remove(path: string): void {
    if (!this.entries.delete(path)) return;
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

  private link(source: string): void {
    const entry = this.entries.get(source);
    if (!entry) return;
    const targets = entry.links.map((l) => (l.target.trim() === '' ? null : this.safeResolve(l.target, source)));
    this.resolved.set(source, targets);
    targets.forEach((target, i) => {
      if (target === null) return;
      let bySource = this.inbound.get(target);
      if (!bySource) {
        bySource = new Map<string, number[]>();
        this.inbound.set(target, bySource);
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
