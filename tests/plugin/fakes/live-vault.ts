// An in-memory vault that behaves like Obsidian's where the plugin can observe it: files are the
// stub's TFile/TFolder objects (so `instanceof` holds), and create/modify/rename/delete fire the
// vault's events, as Obsidian does after each change. Also a metadata cache and a workspace that
// record what the plugin asks of them.
import { Events, TFile, TFolder, WorkspaceLeaf, type TAbstractFile } from 'obsidian';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class LiveVault extends Events {
  configDir = '.obsidian';
  private readonly entries = new Map<string, { file: TFile; bytes: Uint8Array }>();
  private readonly folders = new Map<string, TFolder>();
  private readonly config: Record<string, unknown> = {};
  private clock = 1_700_000_000_000;
  readonly reads: string[] = [];

  constructor(initial: Record<string, string> = {}) {
    super();
    const root = new TFolder();
    root.path = '/';
    this.folders.set('/', root);
    for (const [path, text] of Object.entries(initial)) this.put(path, text);
  }

  // ---- test helpers (no events) ----

  /** Adds or replaces a file without firing events (the vault as it was when Obsidian started). */
  put(path: string, text: string | Uint8Array, mtime?: number): TFile {
    const existing = this.entries.get(path);
    const file = existing?.file ?? this.makeFile(path);
    const bytes = typeof text === 'string' ? encoder.encode(text) : text;
    file.stat = { ctime: file.stat.ctime || this.tick(), mtime: mtime ?? this.tick(), size: bytes.byteLength };
    this.entries.set(path, { file, bytes });
    return file;
  }

  file(path: string): TFile {
    const entry = this.entries.get(path);
    if (!entry) throw new Error(`no such file: ${path}`);
    return entry.file;
  }

  text(path: string): string {
    return decoder.decode(this.entries.get(path)!.bytes);
  }

  paths(): string[] {
    return [...this.entries.keys()].sort();
  }

  setConfig(key: string, value: unknown): void {
    this.config[key] = value;
  }

  // ---- the Vault API the plugin uses ----

  getConfig(key: string): unknown {
    return this.config[key];
  }

  getMarkdownFiles(): TFile[] {
    return [...this.entries.values()].map((e) => e.file).filter((f) => f.extension === 'md');
  }

  getAbstractFileByPath(path: string): TAbstractFile | null {
    return this.entries.get(path)?.file ?? this.folders.get(path) ?? null;
  }

  async readBinary(file: TFile): Promise<ArrayBuffer> {
    const entry = this.entries.get(file.path);
    if (!entry) throw new Error(`ENOENT: ${file.path}`);
    this.reads.push(file.path);
    return entry.bytes.slice().buffer;
  }

  async read(file: TFile): Promise<string> {
    return decoder.decode(new Uint8Array(await this.readBinary(file)));
  }

  cachedRead(file: TFile): Promise<string> {
    return this.read(file);
  }

  async create(path: string, text: string): Promise<TFile> {
    if (this.entries.has(path)) throw new Error('File already exists.');
    const file = this.put(path, text);
    this.trigger('create', file);
    return file;
  }

  async modify(file: TFile, text: string): Promise<void> {
    this.put(file.path, text);
    this.trigger('modify', file);
  }

  async append(file: TFile, text: string): Promise<void> {
    await this.modify(file, this.text(file.path) + text);
  }

  async createFolder(path: string): Promise<TFolder> {
    return this.ensureFolder(path);
  }

  async rename(file: TAbstractFile, newPath: string): Promise<void> {
    if (!(file instanceof TFile)) throw new Error('folder renames are not modelled');
    const entry = this.entries.get(file.path)!;
    const oldPath = file.path;
    this.entries.delete(oldPath);
    this.detach(file);
    // Obsidian keeps the file object and its mtime across a rename.
    this.place(file, newPath);
    this.entries.set(newPath, entry);
    this.trigger('rename', file, oldPath);
  }

  async delete(file: TAbstractFile): Promise<void> {
    if (!(file instanceof TFile)) throw new Error('folder deletes are not modelled');
    this.entries.delete(file.path);
    this.detach(file);
    this.trigger('delete', file);
  }

  // ---- internals ----

  private tick(): number {
    this.clock += 1000;
    return this.clock;
  }

  private makeFile(path: string): TFile {
    const file = new TFile();
    file.stat = { ctime: 0, mtime: 0, size: 0 };
    this.place(file, path);
    return file;
  }

  private place(file: TFile, path: string): void {
    file.path = path;
    file.name = path.split('/').pop()!;
    file.extension = file.name.includes('.') ? file.name.split('.').pop()! : '';
    file.basename = file.name.replace(/\.[^.]*$/, '');
    const parent = this.ensureFolder(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '/');
    file.parent = parent;
    parent.children.push(file);
  }

  private detach(file: TFile): void {
    if (file.parent) file.parent.children = file.parent.children.filter((c) => c !== file);
  }

  private ensureFolder(path: string): TFolder {
    const existing = this.folders.get(path);
    if (existing) return existing;
    const folder = new TFolder();
    folder.path = path;
    folder.name = path.split('/').pop()!;
    const parent = this.ensureFolder(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '/');
    folder.parent = parent;
    parent.children.push(folder);
    this.folders.set(path, folder);
    return folder;
  }
}

/** The metadata cache's events and link text, as the plugin uses them. */
export class LiveMetadataCache extends Events {
  constructor(private readonly vault: LiveVault) {
    super();
  }

  /** Obsidian's shortest form: the base name when unique in the vault, else the path. */
  fileToLinktext(file: TFile, _sourcePath: string, omitMdExtension = true): string {
    const sameName = this.vault.getMarkdownFiles().filter((f) => f.basename === file.basename);
    const name = sameName.length === 1 ? file.basename : file.path.replace(/\.md$/, '');
    return omitMdExtension || file.extension !== 'md' ? name : `${name}.md`;
  }
}

export interface OpenedLink {
  linktext: string;
  sourcePath: string;
  newLeaf: unknown;
  state?: unknown;
}

/** Records links opened and hover events; `activeView` is what getActiveViewOfType returns. */
export class LiveWorkspace extends Events {
  readonly opened: OpenedLink[] = [];
  readonly hovers: Record<string, unknown>[] = [];
  activeView: unknown = null;
  activeFile: unknown = null;
  /** Leaves of the right sidebar, created on demand (each needs the app: set by liveApp). */
  readonly rightLeaves: { view: { getViewType(): string } | null }[] = [];
  createLeaf: () => { view: { getViewType(): string } | null } = () => ({ view: null });
  private layoutReady: (() => unknown)[] | null = [];

  onLayoutReady(callback: () => unknown): void {
    if (this.layoutReady) this.layoutReady.push(callback);
    else callback();
  }

  /** Test helper: the workspace has finished loading. */
  finishLayout(): void {
    const callbacks = this.layoutReady ?? [];
    this.layoutReady = null;
    for (const callback of callbacks) callback();
  }

  getRightLeaf(_split: boolean): unknown {
    const leaf = this.createLeaf();
    this.rightLeaves.push(leaf);
    return leaf;
  }

  getLeavesOfType(type: string): unknown[] {
    return this.rightLeaves.filter((l) => l.view?.getViewType() === type);
  }

  async revealLeaf(_leaf: unknown): Promise<void> {}

  getActiveFile(): unknown {
    return this.activeFile;
  }

  async openLinkText(linktext: string, sourcePath: string, newLeaf?: unknown, state?: unknown): Promise<void> {
    this.opened.push({ linktext, sourcePath, newLeaf, ...(state ? { state } : {}) });
  }

  /** A leaf whose openFile records the note opened (as its link text, heading subpath included). */
  getLeaf(newLeaf?: unknown): { openFile(file: { path: string }, state?: { eState?: { subpath?: string } }): Promise<void> } {
    return {
      openFile: async (file, state) => {
        const linktext = `${file.path.replace(/\.md$/, '')}${state?.eState?.subpath ?? ''}`;
        this.opened.push({ linktext, sourcePath: '', newLeaf: newLeaf ?? false, ...(state ? { state } : {}) });
      },
    };
  }

  override trigger(name: string, ...data: unknown[]): void {
    if (name === 'hover-link') this.hovers.push(data[0] as Record<string, unknown>);
    super.trigger(name, ...data);
  }

  getActiveViewOfType(type: abstract new (...args: never[]) => unknown): unknown {
    return this.activeView instanceof type ? this.activeView : null;
  }

  getMostRecentLeaf(): { view: unknown } | null {
    return this.activeView ? { view: this.activeView } : null;
  }
}

export function liveApp(vault: LiveVault = new LiveVault()) {
  const metadataCache = new LiveMetadataCache(vault);
  const workspace = new LiveWorkspace();
  const app = { vault, metadataCache, workspace };
  workspace.createLeaf = () => new (WorkspaceLeaf as unknown as new (app: unknown) => { view: { getViewType(): string } | null })(app);
  return app;
}
