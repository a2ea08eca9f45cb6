// Paths the plugin keeps out of the index on top of the user's exclusion settings (which the
// core applies): Obsidian's own "Excluded files" and the folder of saved conversations.
import type { App } from 'obsidian';
import type { PathPredicate } from './vault-note-source';

/**
 * Obsidian's "Excluded files" filters (Settings → Files and links), read defensively: the
 * setting is not public API. Each is a path prefix, or a regular expression written `/…/`.
 */
export function readUserIgnoreFilters(app: App): string[] {
  try {
    const getConfig = (app.vault as unknown as { getConfig?: (key: string) => unknown }).getConfig;
    const value: unknown = typeof getConfig === 'function' ? getConfig.call(app.vault, 'userIgnoreFilters') : undefined;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
  } catch {
    return [];
  }
}

/** A predicate for Obsidian-style filters: `/regex/` or a path prefix. Invalid regexes are skipped. */
export function ignoreFilterPredicate(filters: string[]): PathPredicate {
  const regexes: RegExp[] = [];
  const prefixes: string[] = [];
  for (const raw of filters) {
    const filter = raw.trim();
    const asRegex = /^\/(.+)\/([a-z]*)$/.exec(filter);
    if (asRegex) {
      try {
        regexes.push(new RegExp(asRegex[1], asRegex[2]));
      } catch {
        // A typo in a filter must not stop indexing.
      }
    } else if (filter) {
      prefixes.push(filter.normalize('NFC').replace(/^\/+/, ''));
    }
  }
  return (path) => prefixes.some((p) => path.startsWith(p)) || regexes.some((r) => r.test(path));
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
  const isUserIgnored = (app.metadataCache as unknown as { isUserIgnored?: (path: string) => unknown } | undefined)?.isUserIgnored;
  const ignored: PathPredicate = typeof isUserIgnored === 'function'
    ? (path) => isUserIgnored.call(app.metadataCache, path) === true
    : ignoreFilterPredicate(readUserIgnoreFilters(app));
  const conversations = options.conversationFolder ?? null;
  return (path) => (conversations !== null && inFolder(path, conversations)) || ignored(path);
}
