// The vault as a folder on disk. Hidden folders (.obsidian, .trash, .git, the index itself) and
// symbolic links are skipped, so indexing never leaves the vault.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { NoteFile, NoteSource } from '../core/ports';

export class FsNoteSource implements NoteSource {
  // Vault paths are NFC; file names on disk may be NFD (macOS), so keep the name as found.
  private readonly onDisk = new Map<string, string>();

  constructor(private readonly root: string) {}

  async list(): Promise<NoteFile[]> {
    const out: NoteFile[] = [];
    this.onDisk.clear();
    await this.walk(this.root, out);
    out.sort((a, b) => a.path.localeCompare(b.path));
    return out;
  }

  private async walk(dir: string, out: NoteFile[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) await this.walk(full, out);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.md')) {
        let st;
        try {
          st = await stat(full);
        } catch (err) {
          // Deleted or renamed since readdir: the vault moved on, and the next sync sees it.
          if ((err as { code?: string }).code === 'ENOENT') continue;
          // Listed anyway, so reading it fails and the note is reported with the reason.
          st = { mtimeMs: 0, size: 0 };
        }
        const path = this.toVaultPath(full);
        this.onDisk.set(path, full);
        out.push({ path, mtime: Math.floor(st.mtimeMs), size: st.size });
      }
    }
  }

  private toVaultPath(full: string): string {
    return relative(this.root, full).split(sep).join('/').normalize('NFC');
  }

  async read(path: string): Promise<Uint8Array> {
    if (path.split('/').some((part) => part === '..' || part === '')) throw new Error(`refusing to read outside the vault: ${path}`);
    return new Uint8Array(await readFile(this.onDisk.get(path) ?? join(this.root, ...path.split('/'))));
  }
}
