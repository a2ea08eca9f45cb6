// vectra's FileStorage over our BlobStore port. Writes and deletes are held in memory until
// `flush()`, so the index store decides when bytes reach disk and in which order (segments
// first, manifest last). That also spares the empty file vectra's createIndex writes before
// the real content: only the final bytes of each file are flushed.
import type { FileDetails, FileStorage, ListFilesFilter } from 'vectra';
import type { BlobStore } from '../ports';

/** Node's Buffer, as vectra's types name it; see vector-codec.ts for why plain Uint8Arrays do. */
type Bytes = Awaited<ReturnType<FileStorage['readFile']>>;
const encoder = new TextEncoder();

export class StagedFileStorage implements FileStorage {
  private readonly staged = new Map<string, Uint8Array>();
  private readonly deleted = new Set<string>();
  /** Bytes the caller already read (to check their size), served to vectra without a second read. */
  private readonly preloaded = new Map<string, Uint8Array>();
  /** Per-folder listings of the store, fetched once: this adapter lives for one load or one commit. */
  private readonly listings = new Map<string, Promise<Set<string>>>();

  constructor(private readonly store: BlobStore) {}

  async createFile(filePath: string, content: Bytes | string): Promise<void> {
    if (await this.pathExists(filePath)) throw new Error(`File already exists: ${normalize(filePath)}`);
    await this.upsertFile(filePath, content);
  }

  async createFolder(): Promise<void> {
    // Blob stores have no folders: a folder exists while a file lives under it.
  }

  async deleteFile(filePath: string): Promise<void> {
    const key = normalize(filePath);
    this.staged.delete(key);
    this.deleted.add(key);
  }

  async deleteFolder(folderPath: string): Promise<void> {
    const prefix = folderPrefix(folderPath);
    for (const key of [...this.staged.keys()]) if (key.startsWith(prefix)) this.staged.delete(key);
    for (const key of await this.store.list(prefix)) this.deleted.add(key);
  }

  async getDetails(fileOrFolderPath: string): Promise<FileDetails> {
    const key = normalize(fileOrFolderPath);
    if (await this.fileExists(key)) return details(key, false);
    if (await this.folderExists(key)) return details(key, true);
    throw new Error(`Path not found: ${key}`);
  }

  async listFiles(folderPath: string, filter: ListFilesFilter = 'all'): Promise<FileDetails[]> {
    const prefix = folderPrefix(folderPath);
    const files = new Set<string>();
    const folders = new Set<string>();
    for (const key of await this.visibleUnder(prefix)) {
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) files.add(key);
      else folders.add(prefix + rest.slice(0, slash));
    }
    const out: FileDetails[] = [];
    if (filter !== 'folders') for (const f of files) out.push(details(f, false));
    if (filter !== 'files') for (const f of folders) out.push(details(f, true));
    return out;
  }

  async pathExists(fileOrFolderPath: string): Promise<boolean> {
    const key = normalize(fileOrFolderPath);
    return (await this.fileExists(key)) || (await this.folderExists(key));
  }

  async readFile(filePath: string): Promise<Bytes> {
    const key = normalize(filePath);
    const staged = this.staged.get(key);
    if (staged) return staged as unknown as Bytes;
    const preloaded = this.deleted.has(key) ? undefined : this.preloaded.get(key);
    if (preloaded) {
      this.preloaded.delete(key);
      return preloaded as unknown as Bytes;
    }
    const data = this.deleted.has(key) ? null : await this.store.read(key);
    if (!data) throw new Error(`File not found: ${key}`);
    return data as unknown as Bytes;
  }

  async upsertFile(filePath: string, content: Bytes | string): Promise<void> {
    this.stage(filePath, typeof content === 'string' ? encoder.encode(content) : content);
  }

  /** Stages our own bytes (what vectra's upsertFile does, without its Buffer type). */
  stage(filePath: string, data: Uint8Array): void {
    const key = normalize(filePath);
    this.deleted.delete(key);
    this.staged.set(key, data);
  }

  /** Makes the next `readFile` of a stored file serve these bytes (once, to free them early); not a write. */
  preload(filePath: string, data: Uint8Array): void {
    this.preloaded.set(normalize(filePath), data);
  }

  /** Paths written since construction (or the last flush), in the order they were first staged. */
  stagedPaths(): string[] {
    return [...this.staged.keys()];
  }

  /** Writes staged files one by one (each write is atomic), then applies staged deletions. */
  async flush(): Promise<void> {
    for (const [key, data] of this.staged) await this.store.write(key, data);
    for (const key of this.deleted) await this.store.delete(key);
    this.staged.clear();
    this.deleted.clear();
    this.listings.clear();
  }

  private async fileExists(key: string): Promise<boolean> {
    if (this.staged.has(key)) return true;
    if (this.deleted.has(key)) return false;
    if (this.preloaded.has(key)) return true;
    return (await this.listing(parentOf(key))).has(key);
  }

  private async folderExists(key: string): Promise<boolean> {
    if (key === '') return true;
    return (await this.visibleUnder(folderPrefix(key))).length > 0;
  }

  private async visibleUnder(prefix: string): Promise<string[]> {
    const keys = new Set<string>();
    for (const key of await this.store.list(prefix)) if (!this.deleted.has(key)) keys.add(key);
    for (const key of this.staged.keys()) if (key.startsWith(prefix)) keys.add(key);
    return [...keys];
  }

  private listing(folder: string): Promise<Set<string>> {
    let cached = this.listings.get(folder);
    if (!cached) {
      cached = this.store.list(folderPrefix(folder)).then((keys) => new Set(keys));
      this.listings.set(folder, cached);
    }
    return cached;
  }
}

/** vectra joins paths with '/'; the store wants them relative, without './' or a trailing '/'. */
function normalize(path: string): string {
  return path
    .split(/[/\\]+/)
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

function folderPrefix(folder: string): string {
  const key = normalize(folder);
  return key === '' ? '' : `${key}/`;
}

function parentOf(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

function details(key: string, isFolder: boolean): FileDetails {
  return { name: key.slice(key.lastIndexOf('/') + 1), path: key, isFolder };
}
