// The JSON a tool returns: what a model needs to read, cite and follow up, and nothing it would
// have to decode (dates as local ISO strings, scores rounded).
import type { AnswerResponse } from '../core/engine-types';
import type { SearchResult } from '../core/types';
import { citationLink } from '../core/answer/citation-link';

/** A local timestamp (journal dates are local) as "2024-12-26", or "2024-12-26T15:03" when it has a time. */
export function localIso(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return d.getHours() || d.getMinutes() ? `${day}T${pad(d.getHours())}:${pad(d.getMinutes())}` : day;
}

/** Passages with the link the answer checker accepts: by title, by path where two notes share one. */
export function passagesJson(results: SearchResult[]) {
  const paths = new Map<string, Set<string>>();
  for (const r of results) {
    const key = r.title.toLowerCase();
    paths.set(key, (paths.get(key) ?? new Set()).add(r.path));
  }
  return results.map((r) => passageJson(r, (paths.get(r.title.toLowerCase())?.size ?? 0) > 1));
}

export function passageJson(r: SearchResult, byPath = false) {
  return {
    path: r.path,
    title: r.title,
    heading: r.heading ?? null,
    lines: r.lines,
    date: r.date !== undefined ? localIso(r.date) : null,
    score: Math.round(r.score * 1e4) / 1e4,
    why: r.why,
    cite: citationLink(r, { byPath }),
    text: r.text,
  };
}

export type CitationJson =
  | { raw: string; verified: true; path: string; heading: string | null }
  | { raw: string; verified: false; reason: string };

export function answerJson(res: AnswerResponse) {
  return {
    answer: res.markdown,
    extractive: res.extractive,
    complete: res.complete,
    ...(res.error ? { error: res.error } : {}),
    citations: res.segments.flatMap((s): CitationJson[] => {
      if (s.kind === 'citation') return [{ raw: s.raw, verified: true, path: s.path, heading: s.heading ?? null }];
      if (s.kind === 'bad-citation') return [{ raw: s.raw, verified: false, reason: s.reason }];
      return [];
    }),
    sources: passagesJson(res.sources),
    notices: res.notices,
  };
}
