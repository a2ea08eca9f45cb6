// The index folder on disk. `write` is atomic and durable: the bytes go to a temporary file in
// the same folder, which is flushed, renamed over the target (rename is atomic within a file
// system), and the folder itself is flushed so the rename survives a power cut.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { platform } from 'node:process';
import type { BlobStore } from '../core/ports';

const isWindows = platform === 'win32';

/** A symbolic link or junction where the index keeps its files: nothing is read, written or deleted through it. */
export class IndexLinkError extends Error {}

export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async read(path: string): Promise<Uint8Array | null> {
    try {
      return await readFile(await this.resolveSafe(path));
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async write(path: string, data: Uint8Array | string): Promise<void> {
    const target = await this.resolveSafe(path);
    const dir = dirname(target);
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${target.slice(dir.length + 1)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await renameReplacing(temp, target);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await syncDir(dir);
  }

  async delete(path: string): Promise<void> {
    try {
      await unlink(await this.resolveSafe(path));
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    // Walk only the deepest folder the prefix names, then filter by the full prefix.
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const out: string[] = [];
    await this.walk(folder === '' ? await this.checkedRoot() : await this.resolveSafe(folder.slice(0, -1)), folder, out);
    return out.filter((p) => p.startsWith(prefix)).sort();
  }

  async size(): Promise<number> {
    let total = 0;
    for (const path of await this.list('')) {
      try {
        total += (await stat(this.resolve(path))).size;
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
    return total;
  }

  private async walk(dir: string, rel: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    // Links are neither followed nor listed (a Dirent describes the entry itself, not its target).
    for (const e of entries) {
      if (e.isDirectory()) await this.walk(join(dir, e.name), `${rel}${e.name}/`, out);
      else if (e.isFile()) out.push(`${rel}${e.name}`);
    }
  }

  /**
   * `path` under the root, after checking with lstat that neither the root nor any folder or file
   * on the way is a link: a cloned or synced vault can carry one, and deleting or writing through
   * it would touch files outside the index.
   */
  private async resolveSafe(path: string): Promise<string> {
    const target = this.resolve(path);
    let current = await this.checkedRoot();
    for (const part of path.split('/')) {
      current = join(current, part);
      if (!(await this.refuseLink(current))) break;
    }
    return target;
  }

  private async checkedRoot(): Promise<string> {
    await this.refuseLink(this.root);
    return this.root;
  }

  /** Throws on a link; returns false when `path` does not exist (nothing below it can be a link). */
  private async refuseLink(path: string): Promise<boolean> {
    try {
      const s = await lstat(path);
      if (s.isSymbolicLink()) throw new IndexLinkError(`${path} is a symbolic link or junction; the index never reads, writes or deletes through a link. Remove the link (or point --index-dir at a real folder).`);
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /** Paths come from the index (and so from disk): refuse anything that could leave the root. */
  private resolve(path: string): string {
    const parts = path.split('/');
    if (path === '' || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes(':'))) {
      throw new Error(`Invalid index file path: ${JSON.stringify(path)}`);
    }
    return join(this.root, ...parts);
  }
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isMissing(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Windows refuses to replace a file another process (antivirus, indexer) holds open for a moment. */
async function renameReplacing(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (err) {
      const code = errorCode(err);
      if (!isWindows || attempt >= 5 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw err;
      await new Promise((resolve) => window.setTimeout(resolve, 20 * 2 ** attempt));
    }
  }
}

/** Makes the rename durable. Windows cannot open a folder for flushing; NTFS journals the rename. */
async function syncDir(dir: string): Promise<void> {
  if (isWindows) return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (err) {
    // Some file systems (certain network mounts) do not support flushing a folder.
    const code = errorCode(err);
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR') throw err;
  } finally {
    await handle.close();
  }
}
