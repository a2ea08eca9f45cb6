// Paths the plugin keeps out of the index on top of the user's exclusion settings (which the
// core applies): Obsidian's own "Excluded files" and the folder of saved conversations.
import type { App } from 'obsidian';
import type { PathPredicate } from './vault-note-source';
import { ignoreFilterPredicate as coreIgnoreFilterPredicate } from '../../core/indexer/ignore-filters';
import { privateApiFailed } from './private-api';

/**
 * Obsidian's "Excluded files" filters (Settings → Files and links), read defensively: the
 * setting is not public API. Each is a path prefix, or a regular expression written `/…/`.
 */
export function readUserIgnoreFilters(app: App, rethrow = false): string[] {
  try {
    const getConfig = (app.vault as unknown as { getConfig?: (key: string) => unknown }).getConfig;
    const value: unknown = typeof getConfig === 'function' ? getConfig.call(app.vault, 'userIgnoreFilters') : undefined;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
  } catch (err) {
    if (rethrow) throw err;
    return [];
  }
}

/** A predicate for Obsidian-style filters: `/regex/` or a path prefix. Invalid regexes are skipped. */
export function ignoreFilterPredicate(filters: string[]): PathPredicate {
  return coreIgnoreFilterPredicate(filters);
}

/** True when `path` is `folder` itself or inside it (folder given with or without slashes). */
export function inFolder(path: string, folder: string): boolean {
  const f = folder.normalize('NFC').replace(/^\/+|\/+$/g, '');
  return f !== '' && (path === f || path.startsWith(`${f}/`));
}

export interface HostExclusionOptions {
  /** The folder of saved conversations, when it must stay out of the index. */
  conversationFolder?: string | null;
}

/**
 * The plugin's extra exclusions, for VaultNoteSource and for the core's makeExclusions(…, extra).
 * Obsidian's own check (`metadataCache.isUserIgnored`, not public) is preferred when present, as
 * it is exactly what the app applies; otherwise the filters are interpreted as documented.
 */
export function hostExclusions(app: App, options: HostExclusionOptions = {}): PathPredicate {
  const ignored = userIgnored(app);
  const conversations = options.conversationFolder ?? null;
  return (path) => (conversations !== null && inFolder(path, conversations)) || ignored(path);
}

/**
 * Obsidian's excluded files. The app's own check when it has one; else its filters; else, when
 * neither private API is there or one throws, every path is excluded (fail closed) and the user
 * is told once: indexing nothing is recoverable, sending an excluded note is not.
 */
function userIgnored(app: App): PathPredicate {
  const cache = app.metadataCache as unknown as { isUserIgnored?: (path: string) => unknown } | undefined;
  const isUserIgnored = cache?.isUserIgnored;
  if (typeof isUserIgnored === 'function') {
    return (path) => {
      try {
        return isUserIgnored.call(cache, path) === true;
      } catch (err) {
        privateApiFailed('metadataCache.isUserIgnored', err);
        return true;
      }
    };
  }
  const getConfig = (app.vault as unknown as { getConfig?: unknown }).getConfig;
  if (typeof getConfig !== 'function') {
    privateApiFailed('metadataCache.isUserIgnored');
    return () => true;
  }
  try {
    return ignoreFilterPredicate(readUserIgnoreFilters(app, true));
  } catch (err) {
    privateApiFailed('vault.getConfig', err);
    return () => true;
  }
}
