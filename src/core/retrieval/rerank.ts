// The optional rerank step, after fusion and before journal expansion: a cross-encoder (or a
// rerank endpoint) reads the query with each of the top N passages and orders them by its own
// relevance score. It can only reorder what fusion found, and a failure keeps the fused order:
// reranking never costs the answer.

import type { SearchResult } from '../types';
import type { CoreNotice } from '../notices';
import { errorLine } from '../util/error-line';

/** Scores documents against a query; higher is more relevant. One score per document, in order. */
export interface Reranker {
  /** Shown in notices and `--json` (`endpoint:bge-reranker-v2-m3`). */
  readonly name: string;
  score(query: string, documents: string[], signal?: AbortSignal): Promise<number[]>;
}

export const DEFAULT_RERANK_CANDIDATES = 30;

export interface RerankReport {
  /** The reranker's name. */
  model: string;
  /** Wall time of the step, ms. */
  ms: number;
  /** Passages reordered (the top N of the fused list). */
  candidates: number;
  /** False when the reranker failed and the fused order was kept. */
  applied: boolean;
}

export interface RerankOutcome {
  results: SearchResult[];
  report: RerankReport;
  notice?: CoreNotice;
}

/**
 * The top `candidates` of `fused` in the reranker's order (ties keep the fused order), then the
 * rest as they were. Each reordered result says "reranked" in its `why`.
 */
export async function rerankResults(
  reranker: Reranker,
  query: string,
  fused: SearchResult[],
  candidates: number,
  opts: { signal?: AbortSignal; now?: () => number } = {},
): Promise<RerankOutcome> {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const head = fused.slice(0, Math.max(0, candidates));
  const report = (applied: boolean): RerankReport => ({ model: reranker.name, ms: Math.round((now() - started) * 10) / 10, candidates: head.length, applied });
  if (head.length < 2) return { results: fused, report: report(false) };
  let scores: number[];
  try {
    scores = await reranker.score(query, head.map(documentText), opts.signal);
    if (scores.length !== head.length || !scores.every(Number.isFinite)) {
      throw new Error(`returned ${scores.length} scores for ${head.length} passages`);
    }
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    const reason = errorLine(err);
    return { results: fused, report: report(false), notice: { code: 'rerank-failed', reranker: reranker.name, detail: reason } };
  }
  const order = head.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const reranked = order.map((i): SearchResult => ({ ...head[i], why: `${head[i].why}, reranked`, reranked: true }));
  return { results: [...reranked, ...fused.slice(head.length)], report: report(true) };
}

/** The passage as the cross-encoder reads it: where it sits in the note, then its text. */
function documentText(r: SearchResult): string {
  const where = [r.title, ...r.headingPath].filter(Boolean).join(' > ');
  return where ? `${where}\n${r.text}` : r.text;
}
