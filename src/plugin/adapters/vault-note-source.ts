// The NoteSource port over Obsidian's vault: its markdown files, minus what the host excludes
// before reading (Obsidian's "Excluded files", the conversation folder). Bytes are read raw
// (readBinary, not cachedRead) because the core hashes them and reports invalid UTF-8 itself.
import { TFile, type Vault } from 'obsidian';
import type { NoteFile, NoteSource } from '../../core/ports';

export type PathPredicate = (path: string) => boolean;

/**
 * The indexer parses and chunks on the main thread between reads. A read from an in-memory or
 * cached file resolves as a microtask, which lets no frame render: every YIELD_AFTER_MS of work,
 * a read first gives the event loop a turn, so indexing never holds the UI for long.
 */
const YIELD_AFTER_MS = 8;

export class VaultNoteSource implements NoteSource {
  /** NFC path → file, from the last list(): on macOS the vault's own paths may be NFD. */
  private files = new Map<string, TFile>();
  private lastYield = performance.now();

  constructor(
    private readonly vault: Pick<Vault, 'getMarkdownFiles' | 'getAbstractFileByPath' | 'readBinary'>,
    private readonly exclude: PathPredicate = () => false,
  ) {}

  list(): Promise<NoteFile[]> {
    const out: NoteFile[] = [];
    const files = new Map<string, TFile>();
    for (const file of this.vault.getMarkdownFiles()) {
      const path = file.path.normalize('NFC');
      if (this.exclude(path)) continue;
      files.set(path, file);
      out.push({ path, mtime: file.stat.mtime, size: file.stat.size });
    }
    this.files = files;
    out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return Promise.resolve(out);
  }

  async read(path: string): Promise<Uint8Array> {
    if (performance.now() - this.lastYield > YIELD_AFTER_MS) {
      await nextTask();
      this.lastYield = performance.now();
    }
    const known = this.files.get(path);
    const found = known ?? this.vault.getAbstractFileByPath(path);
    if (!(found instanceof TFile)) throw new Error(`note not found in the vault: ${path}`);
    return new Uint8Array(await this.vault.readBinary(found));
  }
}

/** Resolves in a new task (a MessageChannel message: no 4 ms clamp, unlike nested timeouts). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
