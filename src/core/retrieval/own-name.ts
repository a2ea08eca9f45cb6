// A note's own name wins: when the question is, or contains, a note's title or alias, that note
// comes first, by its best chunk. A signal of its own rather than a heavier title weight, which
// would upset every ranking where a title word merely occurs. Among named notes, the longer name
// goes first; notes named alike (a title two notes share) keep the order the rest of the
// question gave them.
import type { SearchResult } from '../types';
import type { NamedNote } from '../lexical/note-names';

/**
 * `results` ranked best first; `fetch` gives a named note's best chunk when none of its chunks
 * is among them (null when it has none the question may see). Named notes' results get scores
 * above every other, so later steps that sort by score keep them first.
 */
export function ownNameFirst(results: SearchResult[], named: readonly NamedNote[], fetch: (path: string) => SearchResult | null): SearchResult[] {
  if (named.length === 0) return results;
  const rankOf = new Map<string, number>();
  results.forEach((r, i) => {
    if (!rankOf.has(r.path)) rankOf.set(r.path, i);
  });
  const picked: SearchResult[] = [];
  const order = [...named].sort((a, b) => b.words - a.words || (rankOf.get(a.path) ?? Infinity) - (rankOf.get(b.path) ?? Infinity) || a.path.localeCompare(b.path));
  for (const n of order) {
    const at = rankOf.get(n.path);
    const best = at !== undefined ? results[at] : fetch(n.path);
    if (best) picked.push(best);
  }
  if (picked.length === 0) return results;
  const chosen = new Set(picked.map((r) => r.chunkId));
  const top = Math.max(0, ...results.map((r) => r.score));
  const step = Math.max(top, 1) * 1e-3;
  const first = picked.map((r, i) => ({ ...r, score: top + (picked.length - i) * step }));
  return [...first, ...results.filter((r) => !chosen.has(r.chunkId))];
}
