// A DataAdapter over a real folder, with the semantics of Obsidian's FileSystemAdapter that the
// plugin relies on: vault-relative '/'-paths, list() returning full vault paths, a recursive
// mkdir, and a rename that refuses to overwrite an existing destination.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataAdapter } from 'obsidian';

export type AdapterOp = 'write' | 'writeBinary' | 'rename' | 'remove' | 'mkdir';

export class FsDataAdapter implements Pick<DataAdapter, 'exists' | 'stat' | 'list' | 'read' | 'readBinary' | 'write' | 'writeBinary' | 'mkdir' | 'remove' | 'rename'> {
  /** Every mutating call, in order, for tests that check the write protocol. */
  readonly ops: { op: AdapterOp; path: string; to?: string }[] = [];
  /** Throws (simulating a crash) when the n-th mutating call (1-based) starts. */
  crashAt: number | null = null;

  constructor(readonly basePath: string) {}

  private full(path: string): string {
    return join(this.basePath, ...path.split('/'));
  }

  private record(op: AdapterOp, path: string, to?: string): void {
    this.ops.push({ op, path, ...(to ? { to } : {}) });
    if (this.crashAt !== null && this.ops.length === this.crashAt) throw new Error(`simulated crash at ${op} ${path}`);
  }

  async exists(path: string): Promise<boolean> {
    return stat(this.full(path)).then(() => true, () => false);
  }

  async stat(path: string) {
    try {
      const s = await stat(this.full(path));
      return { type: s.isDirectory() ? 'folder' as const : 'file' as const, ctime: s.ctimeMs, mtime: s.mtimeMs, size: s.size };
    } catch {
      return null;
    }
  }

  async list(path: string) {
    const entries = await readdir(this.full(path), { withFileTypes: true });
    const prefix = path === '' || path === '/' ? '' : `${path}/`;
    return {
      files: entries.filter((e) => e.isFile()).map((e) => prefix + e.name),
      folders: entries.filter((e) => e.isDirectory()).map((e) => prefix + e.name),
    };
  }

  read(path: string): Promise<string> {
    return readFile(this.full(path), 'utf8');
  }

  async readBinary(path: string): Promise<ArrayBuffer> {
    const b = await readFile(this.full(path));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  async write(path: string, data: string): Promise<void> {
    this.record('write', path);
    await writeFile(this.full(path), data, 'utf8');
  }

  async writeBinary(path: string, data: ArrayBuffer): Promise<void> {
    this.record('writeBinary', path);
    await writeFile(this.full(path), new Uint8Array(data));
  }

  async mkdir(path: string): Promise<void> {
    this.record('mkdir', path);
    await mkdir(this.full(path), { recursive: true });
  }

  async remove(path: string): Promise<void> {
    this.record('remove', path);
    await rm(this.full(path));
  }

  async rename(from: string, to: string): Promise<void> {
    this.record('rename', from, to);
    if (await this.exists(to)) throw new Error('Destination file already exists!');
    await rename(this.full(from), this.full(to));
  }
}
