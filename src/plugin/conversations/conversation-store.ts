// Saves conversations as notes in the conversation folder, and lists and reads them back.
// A conversation's first answer creates its note; later turns are appended, so edits the user
// made to the note in between are kept.
import { normalizePath, TFile, TFolder, type Vault } from 'obsidian';
import { safeFileWords } from './file-name';
import { formatConversationHeader, formatTurn, parseConversation, type ConversationMeta, type ConversationTurn, type NoteLabels, type SavedConversation } from './conversation-note';

export type ConversationVault = Pick<Vault, 'getAbstractFileByPath' | 'create' | 'createFolder' | 'append' | 'read'>;

const MAX_NAME_CHARS = 60;

export class ConversationStore {
  constructor(
    private readonly vault: ConversationVault,
    /** The folder from the settings, read at each save (it may change). */
    private readonly folder: () => string,
    private readonly labels: () => NoteLabels,
  ) {}

  /** Appends `turn` to `file`, or creates the conversation's note when `file` is null or gone. */
  async save(file: TFile | null, meta: ConversationMeta, turn: ConversationTurn): Promise<TFile> {
    const text = formatTurn(turn, this.labels());
    if (file && this.vault.getAbstractFileByPath(file.path) instanceof TFile) {
      await this.vault.append(file, text);
      return file;
    }
    const folder = this.folderPath();
    await this.ensureFolder(folder);
    return this.vault.create(this.freePath(folder, meta.date, turn.question), formatConversationHeader(meta) + text);
  }

  /** Saved conversations, newest first. */
  list(): TFile[] {
    const folder = this.vault.getAbstractFileByPath(this.folderPath());
    if (!(folder instanceof TFolder)) return [];
    const files: TFile[] = [];
    const walk = (f: TFolder) => {
      for (const child of f.children) {
        if (child instanceof TFolder) walk(child);
        else if (child instanceof TFile && child.extension === 'md') files.push(child);
      }
    };
    walk(folder);
    return files.sort((a, b) => b.stat.mtime - a.stat.mtime);
  }

  /** The conversation in `file`; null when the note is not a saved conversation. */
  async load(file: TFile): Promise<SavedConversation | null> {
    return parseConversation(await this.vault.read(file));
  }

  private folderPath(): string {
    return normalizePath(this.folder().trim() || 'Ask Vault');
  }

  private async ensureFolder(folder: string): Promise<void> {
    if (folder === '/' || this.vault.getAbstractFileByPath(folder)) return;
    const parts = folder.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const partial = parts.slice(0, i).join('/');
      if (!this.vault.getAbstractFileByPath(partial)) await this.vault.createFolder(partial);
    }
  }

  /** `<folder>/2025-01-03 14.05 Question words.md`, numbered when taken. */
  private freePath(folder: string, isoDate: string, question: string): string {
    const date = new Date(isoDate);
    const pad = (n: number) => String(n).padStart(2, '0');
    const stamp = Number.isNaN(date.getTime())
      ? ''
      : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}.${pad(date.getMinutes())}`;
    const words = safeFileWords(question, MAX_NAME_CHARS);
    const base = [stamp, words].filter(Boolean).join(' ') || 'Conversation';
    const prefix = folder === '/' ? '' : `${folder}/`;
    for (let n = 1; ; n++) {
      const path = normalizePath(`${prefix}${base}${n > 1 ? ` ${n}` : ''}.md`);
      if (!this.vault.getAbstractFileByPath(path)) return path;
    }
  }
}
