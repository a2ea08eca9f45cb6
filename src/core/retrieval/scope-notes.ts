// Notes the user chose by name go to the model whole when they fit the budget, in reading order,
// so "summarise [[this note]]" sees all of it. A note too long for that gives its best passages,
// the ones retrieval ranked first, within its share of the budget.
import type { NoteRecord, SearchResult } from '../types';
import { toResult } from './retriever';

export function chosenNoteResults(
  notes: readonly NoteRecord[],
  ranked: readonly SearchResult[],
  budgetTokens: number,
): SearchResult[] {
  if (notes.length === 0) return [...ranked];
  const share = Math.floor(budgetTokens / notes.length);
  const chosen = new Set(notes.map((n) => n.path));
  const out: SearchResult[] = [];
  for (const rec of notes) {
    const total = rec.chunks.reduce((n, c) => n + c.tokens, 0);
    if (total <= share) {
      rec.chunks.forEach((c, i) => out.push(toResult(rec, c, 1 - i / (rec.chunks.length + 1), 'lexical', 'chosen note, whole')));
      continue;
    }
    let room = share;
    const best = ranked.filter((r) => r.path === rec.path);
    const pool = best.length ? best : rec.chunks.map((c, i) => toResult(rec, c, 1 - i / (rec.chunks.length + 1), 'lexical', 'chosen note'));
    for (const r of pool) {
      const tokens = rec.chunks.find((c) => c.id === r.chunkId)?.tokens ?? 0;
      if (tokens > room && out.some((o) => o.path === rec.path)) break;
      out.push({ ...r, why: `${r.why}; chosen note, best passages` });
      room -= tokens;
    }
  }
  // Other results (from chosen folders or tags) follow the chosen notes.
  for (const r of ranked) if (!chosen.has(r.path)) out.push(r);
  return out;
}
