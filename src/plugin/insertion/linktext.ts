// How the vault itself would link to a note from `sourcePath`: the shortest unambiguous link text
// (Obsidian's "New link format" setting), falling back to the path without `.md`.
import { TFile, type App } from 'obsidian';
import { withoutMdExtension } from '../../core/answer/citation-link';
import type { LinktextFor } from './footnotes';

export function vaultLinktext(app: App, sourcePath: string): LinktextFor {
  return (path) => {
    const file = app.vault.getAbstractFileByPath(path);
    return file instanceof TFile ? app.metadataCache.fileToLinktext(file, sourcePath, true) : withoutMdExtension(path);
  };
}
