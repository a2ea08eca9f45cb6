// Fuzzy matching for the `[[` and `@` suggesters: Obsidian's own (prepareFuzzySearch, as its link
// suggester uses) when the app provides it, else an in-order subsequence match scored the same
// way (earlier, tighter matches first), so the suggesters still work where it is missing.
import * as obsidian from 'obsidian';

export type Matcher = (text: string) => number | null;

type Prepare = (query: string) => (text: string) => { score: number } | null;

export function fuzzyMatcher(query: string): Matcher {
  const q = query.trim();
  if (!q) return () => 0;
  const prepare = (obsidian as unknown as { prepareFuzzySearch?: Prepare }).prepareFuzzySearch;
  if (typeof prepare === 'function') {
    const search = prepare(q);
    return (text) => search(text)?.score ?? null;
  }
  return subsequence(q);
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function subsequence(query: string): Matcher {
  const q = fold(query).replace(/\s+/g, '');
  return (text) => {
    const t = fold(text);
    let at = 0;
    let gaps = 0;
    let first = -1;
    for (const ch of q) {
      const found = t.indexOf(ch, at);
      if (found < 0) return null;
      if (first < 0) first = found;
      gaps += found - at;
      at = found + 1;
    }
    // Obsidian's scores are negative, higher is better; this follows that scale.
    return -(first + gaps) / Math.max(1, t.length) - (t.startsWith(q) ? 0 : 0.5);
  };
}
