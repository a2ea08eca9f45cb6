// An in-memory stand-in for app.vault: markdown files as TFile objects (the stub's class, so
// `instanceof TFile` holds) with their bytes.
import { TFile, TFolder, type TAbstractFile } from 'obsidian';

export class MemoryVault {
  configDir = '.obsidian';
  private readonly files = new Map<string, { file: TFile; bytes: Uint8Array }>();
  private readonly config: Record<string, unknown> = {};
  readonly reads: string[] = [];

  add(path: string, content: string | Uint8Array, mtime = 1_700_000_000_000): TFile {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const file = new TFile();
    file.path = path;
    file.name = path.split('/').pop()!;
    file.extension = file.name.includes('.') ? file.name.split('.').pop()! : '';
    file.basename = file.name.replace(/\.[^.]*$/, '');
    file.stat = { ctime: mtime, mtime, size: bytes.byteLength };
    this.files.set(path, { file, bytes });
    return file;
  }

  setConfig(key: string, value: unknown): void {
    this.config[key] = value;
  }

  getConfig(key: string): unknown {
    return this.config[key];
  }

  getMarkdownFiles(): TFile[] {
    return [...this.files.values()].map((f) => f.file).filter((f) => f.extension === 'md');
  }

  getAbstractFileByPath(path: string): TAbstractFile | null {
    if (this.files.has(path)) return this.files.get(path)!.file;
    const folder = [...this.files.keys()].some((p) => p.startsWith(`${path}/`));
    if (!folder) return null;
    const f = new TFolder();
    f.path = path;
    return f;
  }

  async readBinary(file: TFile): Promise<ArrayBuffer> {
    const entry = this.files.get(file.path);
    if (!entry) throw new Error(`ENOENT: ${file.path}`);
    this.reads.push(file.path);
    return entry.bytes.slice().buffer;
  }
}
