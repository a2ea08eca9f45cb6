// app.vault over a real folder, read-only by construction: the reads the plugin's VaultNoteSource
// uses work on the files on disk, and every method that would change a note records the attempt
// and throws, so a test can prove that indexing and answering never write to a user's note.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { TFile, TFolder, type TAbstractFile } from 'obsidian';

const WRITES = ['create', 'createBinary', 'createFolder', 'modify', 'modifyBinary', 'append', 'process', 'delete', 'trash', 'rename', 'copy'] as const;

export class GuardedDiskVault {
  configDir = '.obsidian';
  /** Every attempted write: method and first argument. */
  readonly attempts: string[] = [];

  constructor(private readonly root: string) {
    for (const method of WRITES) {
      (this as unknown as Record<string, unknown>)[method] = (target: unknown) => {
        const what = target instanceof TFile ? target.path : String(target);
        this.attempts.push(`${method} ${what}`);
        throw new Error(`GuardedDiskVault: ${method}(${what}) — indexing must not write to the vault`);
      };
    }
  }

  getMarkdownFiles(): TFile[] {
    const out: TFile[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.name.startsWith('.')) continue; // the config folder is not notes
        const full = join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.isFile() && e.name.endsWith('.md')) out.push(this.file(relative(this.root, full).split(sep).join('/')));
      }
    };
    walk(this.root);
    return out;
  }

  getAbstractFileByPath(path: string): TAbstractFile | null {
    try {
      const st = statSync(join(this.root, ...path.split('/')));
      if (st.isFile()) return this.file(path);
      const folder = new TFolder();
      folder.path = path;
      return folder;
    } catch {
      return null;
    }
  }

  async readBinary(file: TFile): Promise<ArrayBuffer> {
    const b = readFileSync(join(this.root, ...file.path.split('/')));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  private file(path: string): TFile {
    const st = statSync(join(this.root, ...path.split('/')));
    const f = new TFile();
    f.path = path;
    f.name = path.split('/').pop()!;
    f.extension = 'md';
    f.basename = f.name.slice(0, -3);
    f.stat = { ctime: st.ctimeMs, mtime: Math.floor(st.mtimeMs), size: st.size };
    return f;
  }
}
