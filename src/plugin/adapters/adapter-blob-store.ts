// The BlobStore port over Obsidian's DataAdapter, in the plugin's folder under the vault's
// config folder (never a hardcoded ".obsidian": users can rename it).
//
// Atomic write without an atomic replace: DataAdapter.rename refuses to overwrite, so a write is
//   1. write `x.tmp`            (crash: x intact, the partial x.tmp is ignored and overwritten next time)
//   2. rename x → `x.bak`       (crash: x missing, x.bak holds the old content: read() returns it)
//   3. rename x.tmp → x         (crash: x new; the stale x.bak is ignored)
//   4. remove x.bak
// So a reader sees the old content or the new, before and after a crash at any step; the only
// window is between 2 and 3, where read() falls back to x.bak. Reads and writes of one path go
// through a per-path queue, so within the plugin a read never lands inside that window either.
import { normalizePath, type App, type DataAdapter } from 'obsidian';
import type { BlobStore } from '../../core/ports';
import type { LinkCheck } from './link-check';

const TMP = '.tmp';
const BAK = '.bak';

type Adapter = Pick<DataAdapter, 'exists' | 'stat' | 'list' | 'read' | 'readBinary' | 'write' | 'writeBinary' | 'mkdir' | 'remove' | 'rename'>;

/** `<configDir>/plugins/<plugin folder>/index`; pass the manifest's `dir` when known (the folder may differ from the id). */
export function indexFolder(app: App, pluginDir?: string): string {
  return normalizePath(`${pluginDir ?? `${app.vault.configDir}/plugins/ask-vault`}/index`);
}

export class AdapterBlobStore implements BlobStore {
  private readonly root: string;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly knownFolders = new Set<string>();

  /** `isLink`: adapterLinkCheck(adapter); without it (mobile) links are not looked for. */
  constructor(private readonly adapter: Adapter, root: string, private readonly isLink: LinkCheck | null = null) {
    this.root = normalizePath(root);
  }

  async read(path: string): Promise<Uint8Array | null> {
    const target = await this.resolveSafe(path);
    return this.serialized(target, async () => {
      for (const candidate of [target, target + BAK]) {
        try {
          if (!(await this.adapter.exists(candidate))) continue;
          return new Uint8Array(await this.adapter.readBinary(candidate));
        } catch (err) {
          // Removed between exists() and readBinary() by something outside the plugin.
          if (await this.adapter.exists(candidate)) throw err;
        }
      }
      return null;
    });
  }

  async write(path: string, data: Uint8Array | string): Promise<void> {
    const target = await this.resolveSafe(path);
    return this.serialized(target, async () => {
      await this.ensureFolder(target.slice(0, target.lastIndexOf('/')));
      const tmp = target + TMP;
      const bak = target + BAK;
      if (typeof data === 'string') await this.adapter.write(tmp, data);
      else await this.adapter.writeBinary(tmp, exactBuffer(data));
      if (await this.adapter.exists(target)) {
        if (await this.adapter.exists(bak)) await this.adapter.remove(bak);
        await this.adapter.rename(target, bak);
      }
      await this.adapter.rename(tmp, target);
      if (await this.adapter.exists(bak)) await this.adapter.remove(bak);
    });
  }

  async delete(path: string): Promise<void> {
    const target = await this.resolveSafe(path);
    return this.serialized(target, async () => {
      for (const file of [target, target + BAK, target + TMP]) {
        if (await this.adapter.exists(file)) await this.adapter.remove(file);
      }
    });
  }

  async list(prefix: string): Promise<string[]> {
    // Walk only the deepest folder the prefix names, then filter by the full prefix.
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const files = new Set<string>();
    const backups: string[] = [];
    await this.walk(folder === '' ? await this.checkedRoot() : await this.resolveSafe(folder.slice(0, -1)), (rel) => {
      if (rel.endsWith(TMP)) return;
      if (rel.endsWith(BAK)) backups.push(rel.slice(0, -BAK.length));
      else files.add(rel);
    });
    // A backup without its file is a write interrupted at step 2: the backup is the content.
    for (const rel of backups) files.add(rel);
    return [...files].filter((p) => p.startsWith(prefix)).sort();
  }

  async size(): Promise<number> {
    let total = 0;
    await this.walk(await this.checkedRoot(), () => undefined, (size) => (total += size));
    return total;
  }

  /** Calls `onFile` with root-relative paths; `onSize` with each file's size (extra stat calls). */
  private async walk(folder: string, onFile: (rel: string) => void, onSize?: (bytes: number) => void): Promise<void> {
    if (!(await this.adapter.exists(folder))) return;
    const listed = await this.adapter.list(folder);
    for (const file of listed.files) {
      const full = normalizePath(file);
      onFile(full.slice(this.root.length + 1));
      if (onSize) onSize((await this.adapter.stat(full))?.size ?? 0);
    }
    for (const sub of listed.folders) {
      // A linked folder is not walked into: its files are not the index's.
      if (this.isLink && (await this.isLink(normalizePath(sub)))) continue;
      await this.walk(normalizePath(sub), onFile, onSize);
    }
  }

  /** `path` under the root, once neither the root nor anything on the way to it is a link. */
  private async resolveSafe(path: string): Promise<string> {
    const target = this.resolve(path);
    if (!this.isLink) return target;
    let current = await this.checkedRoot();
    for (const part of path.split('/')) {
      current = `${current}/${part}`;
      for (const candidate of current === target ? [target, target + TMP, target + BAK] : [current]) await this.refuseLink(candidate);
    }
    return target;
  }

  private async checkedRoot(): Promise<string> {
    await this.refuseLink(this.root);
    return this.root;
  }

  private async refuseLink(path: string): Promise<void> {
    if (this.isLink && (await this.isLink(path))) {
      throw new Error(`${path} is a symbolic link or junction: the index never reads, writes or deletes through a link. Remove the link.`);
    }
  }

  private async ensureFolder(folder: string): Promise<void> {
    if (this.knownFolders.has(folder)) return;
    // One level at a time: not every adapter's mkdir creates missing parents.
    const parts = folder.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const partial = parts.slice(0, i).join('/');
      if (this.knownFolders.has(partial)) continue;
      if (!(await this.adapter.exists(partial))) await this.adapter.mkdir(partial);
      this.knownFolders.add(partial);
    }
  }

  private serialized<T>(key: string, job: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(job, job);
    const settled = run.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return run;
  }

  /** Paths come from the index (and so from disk): refuse anything that could leave the root. */
  private resolve(path: string): string {
    const parts = path.split('/');
    const reserved = path.endsWith(TMP) || path.endsWith(BAK); // the names of the write protocol's own files
    if (path === '' || reserved || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes(':'))) {
      throw new Error(`Invalid index file path: ${JSON.stringify(path)}`);
    }
    return normalizePath(`${this.root}/${path}`);
  }
}

/** The bytes as an ArrayBuffer of exactly their length (a view may share a larger buffer). */
function exactBuffer(data: Uint8Array): ArrayBuffer {
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer) return data.buffer;
  return data.slice().buffer;
}
