// Whether a vault path is a symbolic link or junction, for the index store (adapter-blob-store.ts),
// which never reads, writes or deletes through one. Obsidian's DataAdapter has no lstat: on the
// desktop, FileSystemAdapter's `fsPromises` (not public API) has it, beside the public
// `getFullPath`. Mobile adapters have neither, and an app's sandbox there holds no links.
import type { DataAdapter } from 'obsidian';
import { privateApiFailed } from './private-api';

/** True when `vaultPath` is a link; false when it is not, or does not exist. */
export type LinkCheck = (vaultPath: string) => Promise<boolean>;

interface DesktopAdapter {
  getFullPath?: (path: string) => string;
  fsPromises?: { lstat?: (path: string) => Promise<{ isSymbolicLink(): boolean }> };
}

export function adapterLinkCheck(adapter: DataAdapter | object): LinkCheck | null {
  const desktop = adapter as DesktopAdapter;
  if (typeof desktop.getFullPath !== 'function') return null;
  const lstat = desktop.fsPromises?.lstat;
  if (typeof lstat !== 'function') {
    // A desktop adapter that cannot tell: every path counts as a link (the index refuses it).
    return () => {
      privateApiFailed('FileSystemAdapter.fsPromises.lstat');
      return Promise.resolve(true);
    };
  }
  return async (vaultPath) => {
    try {
      return (await lstat.call(desktop.fsPromises, desktop.getFullPath!.call(adapter, vaultPath))).isSymbolicLink();
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return false;
      throw err;
    }
  };
}
