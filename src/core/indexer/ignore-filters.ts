// Obsidian's "Excluded files" filters (Settings → Files and links, `userIgnoreFilters` in the
// vault's app.json), interpreted as Obsidian documents them: a path prefix, or a regular
// expression written `/…/`. Shared by the plugin (when Obsidian's own check is unavailable) and
// the CLI (which reads app.json).

export function ignoreFilterPredicate(filters: readonly string[]): (path: string) => boolean {
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
  return (path) => {
    const p = path.normalize('NFC');
    return prefixes.some((x) => p.startsWith(x)) || regexes.some((r) => r.test(p));
  };
}
