// Opens a source or a citation: only a note that exists, as a TFile, at its heading or line.
// `openLinkText` would create a missing note, and read `#`, `|` and `^` in a raw path as link
// syntax; a path that comes from an index or a saved conversation is data, not a link.
import { normalizePath, Notice, TFile, type App, type PaneType } from 'obsidian';
import { linkSafeHeading } from '../../core/answer/citation-link';
import { t } from '../i18n';

export interface SourceTarget {
  /** Vault path, with `.md`. */
  path: string;
  heading?: string;
  /** 0-based line of the passage. */
  line?: number;
}

/** The note at `path`, or null when there is none (a folder, a deleted or never-existing file). */
export function existingNote(app: App, path: string): TFile | null {
  const file = app.vault.getAbstractFileByPath(normalizePath(path));
  return file instanceof TFile ? file : null;
}

/** Opens the note; a missing one gets a notice and nothing is created. */
export async function openSource(app: App, target: SourceTarget, newLeaf: PaneType | boolean = false): Promise<boolean> {
  const file = existingNote(app, target.path);
  if (!file) {
    new Notice(t('notice.source-missing', { path: target.path }));
    return false;
  }
  const eState: Record<string, unknown> = {};
  if (target.line !== undefined && Number.isInteger(target.line) && target.line >= 0) eState.line = target.line;
  else if (target.heading) eState.subpath = `#${linkSafeHeading(target.heading)}`;
  await app.workspace.getLeaf(newLeaf).openFile(file, { eState });
  return true;
}

/** Sources read back from a saved conversation, kept only when their note still exists. */
export function existingSources<T extends { path: string }>(app: App, sources: readonly T[]): T[] {
  return sources.filter((s) => existingNote(app, s.path) !== null);
}
