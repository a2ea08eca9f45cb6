// Month and weekday names come from the platform's Intl data (present in Node,
// Electron and workers) instead of a hand-kept list, so they match what moment and
// the user's OS print.

export type NameKind = 'month' | 'monthShort' | 'weekday' | 'weekdayShort';

export const DEFAULT_LOCALES: readonly string[] = ['fr', 'en'];

const cache = new Map<string, string[]>();

/** Names in calendar order: months January first, weekdays Sunday first (Date#getDay order). */
export function localeNames(locale: string, kind: NameKind): string[] {
  const key = `${locale}:${kind}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const isMonth = kind === 'month' || kind === 'monthShort';
  const style = kind === 'month' || kind === 'weekday' ? 'long' : 'short';
  const fmt = new Intl.DateTimeFormat(locale, isMonth ? { month: style, timeZone: 'UTC' } : { weekday: style, timeZone: 'UTC' });
  // 2024-01-07 is a Sunday.
  const out = isMonth
    ? Array.from({ length: 12 }, (_, m) => fmt.format(new Date(Date.UTC(2024, m, 1))))
    : Array.from({ length: 7 }, (_, d) => fmt.format(new Date(Date.UTC(2024, 0, 7 + d))));
  cache.set(key, out);
  return out;
}

/** Lower case, no diacritics, no trailing dot: "Déc." → "dec". */
export function foldName(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\.$/, '');
}

/** Folded, with every run of non-letters and non-digits one space: how names are matched as whole words. */
export function foldWords(s: string): string {
  return foldName(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Every spelling accepted for each month (or weekday): long, short, with and without accents and dot. */
export function nameVariants(kind: 'month' | 'weekday', locales: readonly string[] = DEFAULT_LOCALES): Map<string, number> {
  const byFolded = new Map<string, number>();
  for (const locale of locales) {
    for (const k of kind === 'month' ? (['month', 'monthShort'] as const) : (['weekday', 'weekdayShort'] as const)) {
      localeNames(locale, k).forEach((name, i) => {
        const folded = foldName(name);
        if (!byFolded.has(folded)) byFolded.set(folded, kind === 'month' ? i + 1 : i);
      });
    }
  }
  return byFolded;
}

/** A regex alternation matching any spelling of `kind` (longest first so "sept." beats "sep"). */
export function namePattern(kind: 'month' | 'weekday', locales: readonly string[] = DEFAULT_LOCALES): string {
  const spellings = new Set<string>();
  for (const locale of locales) {
    for (const k of kind === 'month' ? (['month', 'monthShort'] as const) : (['weekday', 'weekdayShort'] as const)) {
      for (const name of localeNames(locale, k)) {
        const bare = name.replace(/\.$/, '');
        const plain = bare.normalize('NFD').replace(/\p{M}/gu, '');
        for (const v of [bare, plain]) {
          spellings.add(`${escapeRegExp(v)}\\.?`);
        }
      }
    }
  }
  return [...spellings].sort((a, b) => b.length - a.length).join('|');
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
