// An in-memory vault for the browser end-to-end test, shaped like Obsidian's three layers:
//   - MemoryAdapter (DataAdapter): bytes by path, folders, stat; every path, hidden ones included;
//   - MemoryVault (Vault): TFile/TFolder objects for the visible files (no segment starting with
//     '.', as Obsidian hides dot-folders such as the config dir), and its create/modify/delete/
//     rename events, fired for changes made through the vault or the adapter alike;
//   - MemoryMetadataCache: after a markdown file changes, `changed` then `resolved`, as Obsidian
//     fires them once it has parsed the file.
import { Events, TFile, TFolder, normalizePath, type TAbstractFile } from '../obsidian-shim';

interface Entry {
  bytes: Uint8Array;
  ctime: number;
  mtime: number;
}

export interface VaultFile {
  path: string;
  /** UTF-8 text, or… */
  text?: string;
  /** …bytes in base64. */
  base64?: string;
}

interface Stat {
  type: 'file' | 'folder';
  ctime: number;
  mtime: number;
  size: number;
}

type DiskChange =
  | { kind: 'write' | 'remove' | 'mkdir' | 'rmdir'; path: string }
  | { kind: 'rename'; path: string; from: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const isHidden = (path: string) => path.split('/').some((part) => part.startsWith('.'));
const parentOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '/');
const key = (path: string) => normalizePath(path);

function enoent(op: string, path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, ${op} '${path}'`), { code: 'ENOENT' });
}

export class MemoryAdapter {
  private readonly files = new Map<string, Entry>();
  private readonly folders = new Map<string, { ctime: number; mtime: number }>([['/', { ctime: 0, mtime: 0 }]]);
  /** The vault listens here, so changes through the adapter reach it as on disk. */
  onChange: (change: DiskChange) => void = () => undefined;

  getName(): string {
    return 'memory';
  }

  getResourcePath(path: string): string {
    return `app://memory/${encodeURI(key(path))}`;
  }

  async exists(path: string): Promise<boolean> {
    const p = key(path);
    return this.files.has(p) || this.folders.has(p);
  }

  async stat(path: string): Promise<Stat | null> {
    return this.statNow(path);
  }

  /** stat() without the wait, for the vault's own bookkeeping (Obsidian's TFile.stat is current when events fire). */
  statNow(path: string): Stat | null {
    const p = key(path);
    const file = this.files.get(p);
    if (file) return { type: 'file', ctime: file.ctime, mtime: file.mtime, size: file.bytes.byteLength };
    const folder = this.folders.get(p);
    return folder ? { type: 'folder', ...folder, size: 0 } : null;
  }

  async list(path: string): Promise<{ files: string[]; folders: string[] }> {
    const p = key(path);
    if (!this.folders.has(p)) throw enoent('scandir', p);
    const direct = (candidate: string) => candidate !== '/' && parentOf(candidate) === p;
    return { files: [...this.files.keys()].filter(direct).sort(), folders: [...this.folders.keys()].filter(direct).sort() };
  }

  async read(path: string): Promise<string> {
    return decoder.decode(this.entry(path, 'open').bytes);
  }

  async readBinary(path: string): Promise<ArrayBuffer> {
    return this.entry(path, 'open').bytes.slice().buffer;
  }

  async write(path: string, data: string): Promise<void> {
    this.put(path, encoder.encode(data));
  }

  async writeBinary(path: string, data: ArrayBuffer): Promise<void> {
    this.put(path, new Uint8Array(data.slice(0)));
  }

  async append(path: string, data: string): Promise<void> {
    const p = key(path);
    const before = this.files.get(p)?.bytes ?? new Uint8Array();
    const added = encoder.encode(data);
    const bytes = new Uint8Array(before.byteLength + added.byteLength);
    bytes.set(before);
    bytes.set(added, before.byteLength);
    this.put(p, bytes);
  }

  async process(path: string, fn: (data: string) => string): Promise<string> {
    const next = fn(await this.read(path));
    await this.write(path, next);
    return next;
  }

  async mkdir(path: string): Promise<void> {
    this.ensureFolder(key(path));
  }

  async remove(path: string): Promise<void> {
    const p = key(path);
    if (!this.files.delete(p)) throw enoent('unlink', p);
    this.onChange({ kind: 'remove', path: p });
  }

  async trashSystem(path: string): Promise<boolean> {
    await this.remove(path);
    return true;
  }

  async trashLocal(path: string): Promise<void> {
    await this.remove(path);
  }

  async rmdir(path: string, recursive: boolean): Promise<void> {
    const p = key(path);
    if (!this.folders.has(p)) throw enoent('rmdir', p);
    const inside = (q: string) => q.startsWith(`${p}/`);
    if (!recursive && ([...this.files.keys()].some(inside) || [...this.folders.keys()].some(inside))) {
      throw new Error(`ENOTEMPTY: directory not empty, rmdir '${p}'`);
    }
    for (const file of [...this.files.keys()].filter(inside)) await this.remove(file);
    for (const folder of [...this.folders.keys()].filter(inside).sort().reverse()) this.folders.delete(folder);
    this.folders.delete(p);
    this.onChange({ kind: 'rmdir', path: p });
  }

  /** Refuses to overwrite, like Obsidian's adapters. */
  async rename(from: string, to: string): Promise<void> {
    const src = key(from);
    const dst = key(to);
    if (await this.exists(dst)) throw new Error(`Destination file already exists: ${dst}`);
    const file = this.files.get(src);
    if (file) {
      this.ensureFolder(parentOf(dst));
      this.files.delete(src);
      this.files.set(dst, file);
    } else if (this.folders.has(src)) {
      this.ensureFolder(parentOf(dst));
      const moved = (q: string) => (q === src ? dst : `${dst}${q.slice(src.length)}`);
      const inside = (q: string) => q === src || q.startsWith(`${src}/`);
      for (const [q, meta] of [...this.folders].filter(([q]) => inside(q))) {
        this.folders.delete(q);
        this.folders.set(moved(q), meta);
      }
      for (const [q, entry] of [...this.files].filter(([q]) => inside(q))) {
        this.files.delete(q);
        this.files.set(moved(q), entry);
      }
    } else {
      throw enoent('rename', src);
    }
    this.onChange({ kind: 'rename', from: src, path: dst });
  }

  async copy(from: string, to: string): Promise<void> {
    const dst = key(to);
    if (await this.exists(dst)) throw new Error(`Destination file already exists: ${dst}`);
    this.put(dst, this.entry(from, 'copyfile').bytes.slice());
  }

  /** Files as the vault was on disk when the app started: no events. */
  seed(path: string, bytes: Uint8Array, mtime: number): void {
    this.ensureFolder(parentOf(key(path)), false);
    this.files.set(key(path), { bytes, ctime: mtime, mtime });
  }

  allFiles(): string[] {
    return [...this.files.keys()];
  }

  allFolders(): string[] {
    return [...this.folders.keys()];
  }

  private entry(path: string, op: string): Entry {
    const p = key(path);
    const entry = this.files.get(p);
    if (!entry) throw enoent(op, p);
    return entry;
  }

  private put(path: string, bytes: Uint8Array): void {
    const p = key(path);
    if (this.folders.has(p)) throw new Error(`EISDIR: illegal operation on a directory, open '${p}'`);
    this.ensureFolder(parentOf(p));
    const now = Date.now();
    const existing = this.files.get(p);
    this.files.set(p, { bytes, ctime: existing?.ctime ?? now, mtime: Math.max(now, (existing?.mtime ?? 0) + 1) });
    this.onChange({ kind: 'write', path: p });
  }

  private ensureFolder(path: string, notify = true): void {
    if (this.folders.has(path)) return;
    if (this.files.has(path)) throw new Error(`EEXIST: a file is in the way, mkdir '${path}'`);
    this.ensureFolder(parentOf(path), notify);
    const now = Date.now();
    this.folders.set(path, { ctime: now, mtime: now });
    if (notify) this.onChange({ kind: 'mkdir', path });
  }
}

export class MemoryMetadataCache extends Events {
  resolvedLinks: Record<string, Record<string, number>> = {};
  unresolvedLinks: Record<string, Record<string, number>> = {};

  constructor(private readonly vault: MemoryVault) {
    super();
  }

  /** Obsidian's shortest link text: the base name when it is unique, else the path. */
  fileToLinktext(file: TFile, _sourcePath: string, omitMdExtension = true): string {
    const unique = this.vault.getFiles().filter((f) => f.basename === file.basename).length === 1;
    const name = unique ? file.basename : file.path.replace(/\.md$/, '');
    return omitMdExtension || file.extension !== 'md' ? name : `${name}.md`;
  }

  /** Resolves `[[linkpath]]` as Obsidian does: a path (with or without .md), else a base name. */
  getFirstLinkpathDest(linkpath: string, _sourcePath: string): TFile | null {
    const target = normalizePath(linkpath.split('#')[0] ?? '');
    const files = this.vault.getFiles();
    return (
      files.find((f) => f.path === target || f.path === `${target}.md`) ??
      files.find((f) => f.basename === target || f.name === target) ??
      null
    );
  }

  getFileCache(_file: TFile): null {
    return null;
  }

  /** After a change, Obsidian parses the file, fires `changed`, then `resolved` once links are resolved. */
  fileChanged(file: TFile): void {
    if (file.extension !== 'md') return;
    window.setTimeout(() => {
      void this.vault.cachedRead(file).then(
        (text) => {
          this.trigger('changed', file, text, {});
          this.trigger('resolved');
        },
        () => undefined,
      );
    }, 0);
  }
}

export class MemoryVault extends Events {
  readonly configDir = '.obsidian';
  readonly adapter = new MemoryAdapter();
  readonly metadataCache: MemoryMetadataCache;
  private readonly tree = new Map<string, TAbstractFile>();
  private readonly root: TFolder;
  private readonly config: Record<string, unknown> = { userIgnoreFilters: [] };

  constructor(private readonly name = 'Vault') {
    super();
    this.metadataCache = new MemoryMetadataCache(this);
    this.root = new TFolder();
    this.root.path = '/';
    this.root.vault = this;
    this.tree.set('/', this.root);
    this.adapter.onChange = (change) => this.reconcile(change);
  }

  /** Puts the vault's files in place before the app starts, without events. */
  seed(files: VaultFile[], mtime = Date.now()): void {
    for (const file of files) {
      const bytes = file.base64 !== undefined ? Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0)) : encoder.encode(file.text ?? '');
      this.adapter.seed(file.path, bytes, mtime);
      if (!isHidden(file.path)) this.attachFile(key(file.path), false);
    }
  }

  getName(): string {
    return this.name;
  }

  getConfig(name: string): unknown {
    return this.config[name];
  }

  setConfig(name: string, value: unknown): void {
    this.config[name] = value;
  }

  getRoot(): TFolder {
    return this.root;
  }

  getAbstractFileByPath(path: string): TAbstractFile | null {
    return this.tree.get(key(path)) ?? null;
  }

  getFileByPath(path: string): TFile | null {
    const found = this.getAbstractFileByPath(path);
    return found instanceof TFile ? found : null;
  }

  getFolderByPath(path: string): TFolder | null {
    const found = this.getAbstractFileByPath(path);
    return found instanceof TFolder ? found : null;
  }

  getAllLoadedFiles(): TAbstractFile[] {
    return [...this.tree.values()];
  }

  getFiles(): TFile[] {
    return [...this.tree.values()].filter((f): f is TFile => f instanceof TFile);
  }

  getMarkdownFiles(): TFile[] {
    return this.getFiles().filter((f) => f.extension === 'md');
  }

  read(file: TFile): Promise<string> {
    return this.adapter.read(file.path);
  }

  cachedRead(file: TFile): Promise<string> {
    return this.adapter.read(file.path);
  }

  readBinary(file: TFile): Promise<ArrayBuffer> {
    return this.adapter.readBinary(file.path);
  }

  async create(path: string, data: string): Promise<TFile> {
    const p = key(path);
    if (await this.adapter.exists(p)) throw new Error('File already exists.');
    await this.adapter.write(p, data);
    return this.getFileByPath(p)!;
  }

  async createBinary(path: string, data: ArrayBuffer): Promise<TFile> {
    const p = key(path);
    if (await this.adapter.exists(p)) throw new Error('File already exists.');
    await this.adapter.writeBinary(p, data);
    return this.getFileByPath(p)!;
  }

  async createFolder(path: string): Promise<TFolder> {
    const p = key(path);
    if (await this.adapter.exists(p)) throw new Error('Folder already exists.');
    await this.adapter.mkdir(p);
    return this.getFolderByPath(p)!;
  }

  async modify(file: TFile, data: string): Promise<void> {
    await this.adapter.write(file.path, data);
  }

  async modifyBinary(file: TFile, data: ArrayBuffer): Promise<void> {
    await this.adapter.writeBinary(file.path, data);
  }

  async append(file: TFile, data: string): Promise<void> {
    await this.adapter.append(file.path, data);
  }

  async process(file: TFile, fn: (data: string) => string): Promise<string> {
    return this.adapter.process(file.path, fn);
  }

  async delete(file: TAbstractFile, force = false): Promise<void> {
    if (file instanceof TFile) await this.adapter.remove(file.path);
    else await this.adapter.rmdir(file.path, force);
  }

  async trash(file: TAbstractFile, _system: boolean): Promise<void> {
    await this.delete(file, true);
  }

  async rename(file: TAbstractFile, newPath: string): Promise<void> {
    await this.adapter.rename(file.path, newPath);
  }

  /** Brings the TFile/TFolder tree in line with a change on "disk" and fires the vault's events. */
  private reconcile(change: DiskChange): void {
    if (change.kind === 'rename') {
      if (isHidden(change.from) && isHidden(change.path)) return;
      this.move(change.from, change.path);
      return;
    }
    if (isHidden(change.path)) return;
    const existing = this.tree.get(change.path);
    switch (change.kind) {
      case 'write':
        if (existing instanceof TFile) {
          this.updateStat(existing);
          this.trigger('modify', existing);
          this.metadataCache.fileChanged(existing);
        } else {
          this.attachFile(change.path, true);
        }
        return;
      case 'mkdir':
        this.attachFolder(change.path, true);
        return;
      case 'remove':
      case 'rmdir':
        if (existing) this.detach(existing);
        return;
    }
  }

  private move(from: string, to: string): void {
    const item = this.tree.get(from);
    if (!item) {
      // Moved from a hidden folder into view.
      if (this.adapter.statNow(to)?.type === 'folder') this.attachFolder(to, true);
      else this.attachFile(to, true);
      return;
    }
    if (isHidden(to)) {
      this.detach(item);
      return;
    }
    const descendants = [...this.tree.entries()].filter(([p]) => p.startsWith(`${from}/`));
    this.unlink(item);
    this.place(item, to);
    this.trigger('rename', item, from);
    for (const [oldPath, child] of descendants) {
      this.tree.delete(oldPath);
      const newPath = `${to}${oldPath.slice(from.length)}`;
      child.path = newPath;
      this.tree.set(newPath, child);
      this.trigger('rename', child, oldPath);
    }
    if (item instanceof TFile) this.metadataCache.fileChanged(item);
  }

  private attachFile(path: string, notify: boolean): TFile {
    const file = new TFile();
    file.vault = this;
    this.place(file, path, notify);
    this.updateStat(file);
    if (notify) {
      this.trigger('create', file);
      this.metadataCache.fileChanged(file);
    }
    return file;
  }

  private attachFolder(path: string, notify: boolean): TFolder {
    const existing = this.tree.get(path);
    if (existing instanceof TFolder) return existing;
    const folder = new TFolder();
    folder.vault = this;
    this.place(folder, path, notify);
    if (notify) this.trigger('create', folder);
    return folder;
  }

  private place(item: TAbstractFile, path: string, notify = false): void {
    item.path = path;
    item.name = path.slice(path.lastIndexOf('/') + 1);
    if (item instanceof TFile) {
      const dot = item.name.lastIndexOf('.');
      item.extension = dot > 0 ? item.name.slice(dot + 1) : '';
      item.basename = dot > 0 ? item.name.slice(0, dot) : item.name;
    }
    const parent = parentOf(path) === '/' ? this.root : this.attachFolder(parentOf(path), notify);
    item.parent = parent;
    parent.children.push(item);
    this.tree.set(path, item);
  }

  private unlink(item: TAbstractFile): void {
    this.tree.delete(item.path);
    if (item.parent) item.parent.children = item.parent.children.filter((c) => c !== item);
  }

  private detach(item: TAbstractFile): void {
    for (const [p, child] of [...this.tree.entries()].filter(([p]) => p.startsWith(`${item.path}/`))) {
      this.tree.delete(p);
      this.trigger('delete', child);
    }
    this.unlink(item);
    this.trigger('delete', item);
  }

  private updateStat(file: TFile): void {
    const s = this.adapter.statNow(file.path);
    if (s) file.stat = { ctime: s.ctime, mtime: s.mtime, size: s.size };
  }
}
