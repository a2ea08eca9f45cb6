// What never enters the index: excluded folders and tags from the settings, plus whatever the host
// adds (Obsidian's own "Excluded files", the plugin's conversation folder).

export interface Exclusions {
  /** True when the path itself is excluded (checked before the note is read). */
  path(path: string): boolean;
  /** True when the note's tags exclude it (checked after parsing). */
  tags(tags: string[]): boolean;
}

function normFolder(f: string): string {
  return f.normalize('NFC').replace(/\\/g, '/').replace(/^\/+|\/+$/g, '').toLowerCase();
}

function normTag(t: string): string {
  return t.normalize('NFC').replace(/^#/, '').toLowerCase();
}

export function makeExclusions(cfg: { folders: string[]; tags: string[] }, extra?: (path: string) => boolean): Exclusions {
  const folders = cfg.folders.map(normFolder).filter(Boolean);
  const tags = new Set(cfg.tags.map(normTag).filter(Boolean));
  return {
    path(path) {
      const p = path.normalize('NFC').toLowerCase();
      if (folders.some((f) => p === f || p.startsWith(`${f}/`))) return true;
      return extra ? extra(path) : false;
    },
    tags(noteTags) {
      if (tags.size === 0) return false;
      // A tag excludes its nested tags too: excluding "private" excludes "private/health".
      return noteTags.some((t) => {
        const n = normTag(t);
        for (const x of tags) if (n === x || n.startsWith(`${x}/`)) return true;
        return false;
      });
    },
  };
}
