// The context the user chose (chips in the panel and the modal): notes, folders, tags and a date
// range. Retrieval keeps only what is inside; notes chosen by name are given whole when they fit
// (a long one gives its best passages). A chip may name a note deleted since it was chosen: it is
// dropped, and said so, rather than silently widening or emptying the search.
import type { NoteRecord } from '../types';

export interface RetrievalScope {
  /** Vault paths of notes chosen by name (`[[`, « Cette note »). */
  notes?: string[];
  /** Folders (`@`), vault-relative, without a trailing slash; '' or '/' is the whole vault. */
  folders?: string[];
  /** Tags (`@#`), with or without '#'; a tag also matches its nested tags (#projet matches #projet/rag). */
  tags?: string[];
  /** A period chosen or corrected by the user; it replaces any period the question names. */
  range?: { start: number; end: number; text: string };
}

export interface ScopeReport {
  /** What was applied, for the panel's "Searched in: …" line. */
  notes: string[];
  folders: string[];
  tags: string[];
  range?: { start: number; end: number; text: string };
  /** Chosen notes that are no longer in the index. */
  droppedNotes: string[];
}

export interface ScopeCheck {
  /** Whether a note is inside the chosen notes, folders and tags (the range is the retriever's). */
  allows(rec: NoteRecord): boolean;
  report: ScopeReport;
  /** False when nothing restricts by note, folder or tag. */
  restricts: boolean;
}

function normalTag(tag: string): string {
  return tag.trim().replace(/^#/, '').toLowerCase();
}

function normalFolder(folder: string): string {
  return folder.trim().replace(/^\/+|\/+$/g, '');
}

/**
 * The check for `scope`; `exists` says whether a chosen note is still indexed. Notes, folders and
 * tags add up (a note chosen by name is kept even outside the chosen folder): each chip widens
 * what the user pointed at, and the union is what they mean by "these".
 */
export function scopeCheck(scope: RetrievalScope | undefined, exists: (path: string) => boolean): ScopeCheck {
  const chosen = [...new Set(scope?.notes ?? [])];
  const notes = chosen.filter(exists);
  const droppedNotes = chosen.filter((p) => !exists(p));
  const folders = [...new Set((scope?.folders ?? []).map(normalFolder))];
  const tags = [...new Set((scope?.tags ?? []).map(normalTag).filter(Boolean))];
  const report: ScopeReport = { notes, folders, tags, droppedNotes, ...(scope?.range ? { range: scope.range } : {}) };
  const wholeVault = folders.includes('');
  const restricts = !wholeVault && (notes.length > 0 || folders.length > 0 || tags.length > 0);
  const noteSet = new Set(notes);
  const allows = (rec: NoteRecord): boolean => {
    if (!restricts) return true;
    if (noteSet.has(rec.path)) return true;
    if (folders.some((f) => rec.path.startsWith(`${f}/`))) return true;
    if (tags.length > 0) {
      const own = rec.meta.tags.map(normalTag);
      if (tags.some((t) => own.some((o) => o === t || o.startsWith(`${t}/`)))) return true;
    }
    return false;
  };
  return { allows, report, restricts };
}
