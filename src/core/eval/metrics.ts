// Retrieval metrics as the evaluation data defines them (see ../shared/eval/piaf/README.md):
// a note-level hit is a result from a gold note; a passage-level hit is a result from a gold note
// whose text contains an answer span, case-insensitively.

export interface EvalQuestion {
  id: string;
  question: string;
  gold: string[];
  /** Answer spans; empty when the line gives none (note-level gold only: no passage-level figure). */
  answers: string[];
  kind?: string;
  range?: { start: string; end: string };
}

export interface LevelMetrics {
  'recall@1': number;
  'recall@5': number;
  'recall@10': number;
  /** Only meaningful when more than 10 results were asked for: how much a reranker could still find. */
  'recall@50': number;
  'mrr@10': number;
}

export interface RankedPassage {
  path: string;
  text: string;
}

/** 0-based rank of the first hit, or -1. Note level ranks distinct notes, so one note's many chunks count once. */
export function firstHit(results: RankedPassage[], q: EvalQuestion, level: 'note' | 'passage'): number {
  const gold = new Set(q.gold.map((g) => g.normalize('NFC')));
  if (level === 'note') {
    const seen: string[] = [];
    for (const r of results) {
      const p = r.path.normalize('NFC');
      if (seen.includes(p)) continue;
      seen.push(p);
      if (gold.has(p)) return seen.length - 1;
    }
    return -1;
  }
  const spans = q.answers.map((a) => a.toLowerCase());
  return results.findIndex((r) => gold.has(r.path.normalize('NFC')) && spans.some((s) => r.text.toLowerCase().includes(s)));
}

export class MetricsAccumulator {
  private n = 0;
  private readonly sums = { r1: 0, r5: 0, r10: 0, r50: 0, mrr: 0 };

  add(rank: number): void {
    this.n++;
    if (rank < 0) return;
    if (rank < 1) this.sums.r1++;
    if (rank < 5) this.sums.r5++;
    if (rank < 50) this.sums.r50++;
    if (rank < 10) {
      this.sums.r10++;
      this.sums.mrr += 1 / (rank + 1);
    }
  }

  get count(): number {
    return this.n;
  }

  result(): LevelMetrics {
    const d = Math.max(this.n, 1);
    const pct = (x: number) => Math.round((1000 * x) / d) / 10;
    return { 'recall@1': pct(this.sums.r1), 'recall@5': pct(this.sums.r5), 'recall@10': pct(this.sums.r10), 'recall@50': pct(this.sums.r50), 'mrr@10': pct(this.sums.mrr) };
  }
}

/** Parses questions.jsonl; a bad line is an error naming its line number, not a silent skip. */
export function parseQuestions(text: string): EvalQuestion[] {
  const out: EvalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let q: unknown;
    try {
      q = JSON.parse(line);
    } catch {
      throw new Error(`questions file, line ${i + 1}: not valid JSON`);
    }
    const o = q as Partial<EvalQuestion>;
    if (typeof o.question !== 'string' || !Array.isArray(o.gold)) {
      throw new Error(`questions file, line ${i + 1}: needs "question" and "gold" ("answers" is optional)`);
    }
    if (o.answers !== undefined && !(Array.isArray(o.answers) && o.answers.every((a) => typeof a === 'string'))) {
      throw new Error(`questions file, line ${i + 1}: "answers" must be a list of strings`);
    }
    out.push({ ...(o as EvalQuestion), answers: o.answers ?? [], id: String(o.id ?? i + 1) });
  });
  return out;
}
