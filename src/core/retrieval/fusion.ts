// Reciprocal rank fusion: robust to the different score scales of BM25 and cosine similarity,
// which is why it, and not a weighted sum of raw scores, combines the two rankers.

export interface RankedList {
  ids: string[];
  weight: number;
  source: 'lexical' | 'vector';
}

export interface Fused {
  id: string;
  score: number;
  sources: ('lexical' | 'vector')[];
}

export const RRF_K = 60;

export function reciprocalRankFusion(lists: RankedList[], k = RRF_K): Fused[] {
  const acc = new Map<string, Fused>();
  for (const list of lists) {
    if (list.weight <= 0) continue;
    list.ids.forEach((id, rank) => {
      let f = acc.get(id);
      if (!f) {
        f = { id, score: 0, sources: [] };
        acc.set(id, f);
      }
      f.score += list.weight / (k + rank + 1);
      if (!f.sources.includes(list.source)) f.sources.push(list.source);
    });
  }
  return [...acc.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
