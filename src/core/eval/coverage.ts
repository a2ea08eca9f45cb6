// Gold coverage of the sources: for a question with several gold entries (a period, an
// evolution), the share of them that the model is handed, and whether it got all of them.
// Averaged per question, so a question with many gold entries weighs as much as one with two.

export interface CoverageRow {
  questions: number;
  /** Mean share of gold notes among the sources, in %. */
  coverage: number;
  /** Share of questions whose sources hold every gold note, in %. */
  complete: number;
}

export function goldCoverage(gold: readonly string[], sources: readonly string[]): number {
  if (gold.length === 0) return 1;
  const have = new Set(sources.map((s) => s.normalize('NFC')));
  return gold.filter((g) => have.has(g.normalize('NFC'))).length / gold.length;
}

export class CoverageAccumulator {
  private readonly kinds = new Map<string, { n: number; sum: number; complete: number }>();

  add(kind: string, gold: readonly string[], sources: readonly string[]): void {
    const share = goldCoverage(gold, sources);
    const k = this.kinds.get(kind) ?? { n: 0, sum: 0, complete: 0 };
    k.n++;
    k.sum += share;
    if (share === 1) k.complete++;
    this.kinds.set(kind, k);
  }

  result(): Record<string, CoverageRow> {
    const pct = (x: number, n: number) => Math.round((1000 * x) / Math.max(n, 1)) / 10;
    return Object.fromEntries([...this.kinds].map(([kind, k]) => [kind, { questions: k.n, coverage: pct(k.sum, k.n), complete: pct(k.complete, k.n) }]));
  }
}
