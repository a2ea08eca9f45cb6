// The search tool's folder, tag and date filters as one scope over note paths (the engine's
// SearchOptions.scope). Dates filter journal entries by their date; a note without one is out.
import type { McpIndex } from './mcp-index';
import { dayAfter } from './journal-entries';
import { vaultFolder } from './vault-path';

export interface ScopeArgs {
  folder?: string | undefined;
  tag?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function searchScope(index: McpIndex, a: ScopeArgs): ((path: string) => boolean) | undefined {
  const tests: ((path: string) => boolean)[] = [];
  if (a.folder !== undefined) {
    const folder = vaultFolder(a.folder);
    if (folder) tests.push((path) => path.startsWith(`${folder}/`));
  }
  if (a.tag !== undefined) {
    const tag = normalTag(a.tag);
    if (tag) tests.push((path) => (index.note(path)?.meta.tags ?? []).some((t) => { const n = normalTag(t); return n === tag || n.startsWith(`${tag}/`); }));
  }
  if (a.from !== undefined || a.to !== undefined) {
    const start = a.from ? dayStart(a.from) : -Infinity;
    const end = a.to ? dayEnd(a.to) : Infinity;
    if (start >= end) throw new Error(`"from" (${a.from}) must not be after "to" (${a.to})`);
    tests.push((path) => {
      const date = index.note(path)?.meta.journalDate;
      return date !== undefined && date >= start && date < end;
    });
  }
  return tests.length ? (path) => tests.every((t) => t(path)) : undefined;
}

function normalTag(tag: string): string {
  return tag.normalize('NFC').trim().replace(/^#/, '').toLowerCase();
}

function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d) throw new Error(`"${iso}" is not a real date`);
  return [y, m, d];
}

function dayStart(iso: string): number {
  const [y, m, d] = parts(iso);
  return new Date(y, m - 1, d).getTime();
}

function dayEnd(iso: string): number {
  return dayAfter(...parts(iso));
}
