// An in-memory vault for engine tests: a real NoteSource whose files can be created, edited,
// renamed and deleted between passes, with mtimes that move like a file system's.
import type { NoteFile, NoteSource } from '../../src/core/ports';

export class MemoryVault implements NoteSource {
  private readonly files = new Map<string, { bytes: Uint8Array; mtime: number }>();
  private clock = 1_700_000_000_000;
  reads = 0;

  constructor(initial: Record<string, string> = {}) {
    for (const [p, t] of Object.entries(initial)) this.write(p, t);
  }

  write(path: string, text: string | Uint8Array): void {
    this.clock += 1000;
    this.files.set(path, { bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text, mtime: this.clock });
  }

  rename(from: string, to: string): void {
    const f = this.files.get(from);
    if (!f) throw new Error(`no such note: ${from}`);
    this.files.delete(from);
    // A rename keeps the content; on most file systems it keeps the mtime too.
    this.files.set(to, f);
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  text(path: string): string {
    return new TextDecoder().decode(this.files.get(path)!.bytes);
  }

  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  async list(): Promise<NoteFile[]> {
    return [...this.files].map(([path, f]) => ({ path, mtime: f.mtime, size: f.bytes.length })).sort((a, b) => a.path.localeCompare(b.path));
  }

  async read(path: string): Promise<Uint8Array> {
    const f = this.files.get(path);
    if (!f) throw new Error(`ENOENT: ${path}`);
    this.reads++;
    return f.bytes;
  }
}

/** Loads a folder of markdown from disk into a MemoryVault. */
export async function loadVaultFolder(root: string): Promise<MemoryVault> {
  const { readdir, readFile } = await import('node:fs/promises');
  const { join, relative, sep } = await import('node:path');
  const vault = new MemoryVault();
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.name.endsWith('.md')) vault.write(relative(root, full).split(sep).join('/').normalize('NFC'), new Uint8Array(await readFile(full)));
    }
  };
  await walk(root);
  return vault;
}
