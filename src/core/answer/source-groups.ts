// The sources of an answer as a reader wants them: by note, each note once, in the order its
// first passage was ranked. Every passage keeps its number (its place among the sources, the
// number `[n]` citations use), so grouping never changes what a citation points to.
import type { RetrievalSource, SearchResult } from '../types';
import { linkSafeHeading } from './citation-link';

export interface SourcePassage {
  /** 1-based place among the sources the answer was given. */
  number: number;
  result: SearchResult;
}

export interface SourceGroup {
  path: string;
  title: string;
  /** The journal date of the note, when it is a journal entry. */
  date?: number;
  /** Why the note is here: the reason of its first-ranked passage. */
  source: RetrievalSource;
  /** For journal entries and links: the note that brought it in. */
  via?: string;
  /** The best passage (highest score; the first ranked on a tie). */
  best: SourcePassage;
  /** The other passages of the note, in rank order. */
  others: SourcePassage[];
}

export function groupSourcesByNote(results: readonly SearchResult[]): SourceGroup[] {
  const byPath = new Map<string, SourcePassage[]>();
  results.forEach((result, i) => {
    const passages = byPath.get(result.path);
    if (passages) passages.push({ number: i + 1, result });
    else byPath.set(result.path, [{ number: i + 1, result }]);
  });
  return [...byPath.values()].map((passages) => {
    const first = passages[0].result;
    const best = passages.reduce((a, b) => (b.result.score > a.result.score ? b : a));
    const date = passages.find((p) => p.result.date !== undefined)?.result.date;
    const via = passages.find((p) => p.result.via)?.result.via;
    return {
      path: first.path,
      title: first.title,
      ...(date !== undefined ? { date } : {}),
      source: first.source,
      ...(via ? { via } : {}),
      best,
      others: passages.filter((p) => p !== best),
    };
  });
}

/**
 * The passage a checked citation points to: its numbered source when that is a passage of the
 * cited note under the cited heading; else the first passage of that note under that heading;
 * else the first passage of the note. 1-based; 0 when the note is not among the sources.
 */
export function citedPassage(citation: { path: string; heading?: string; source?: number }, results: readonly SearchResult[]): number {
  const wanted = citation.heading === undefined ? undefined : linkSafeHeading(citation.heading);
  const underHeading = (r: SearchResult) =>
    wanted === undefined || [...r.headingPath, ...(r.heading ? [r.heading] : [])].some((h) => linkSafeHeading(h) === wanted);
  const numbered = citation.source !== undefined ? results[citation.source - 1] : undefined;
  if (numbered && numbered.path === citation.path && underHeading(numbered)) return citation.source!;
  const exact = results.findIndex((r) => r.path === citation.path && underHeading(r));
  if (exact >= 0) return exact + 1;
  return results.findIndex((r) => r.path === citation.path) + 1;
}
