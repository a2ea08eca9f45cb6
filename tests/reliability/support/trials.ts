// Each guarantee counts its trials and prints them; with RELIABILITY_RESULTS set (the report
// script sets it) the counts are also appended there, one JSON line per guarantee, so
// RELIABILITY.md's table is built from a real run rather than typed by hand.
import { appendFileSync } from 'node:fs';

export interface TrialCount {
  /** Short name of the guarantee, as in RELIABILITY.md. */
  guarantee: string;
  trials: number;
  /** The faults injected, in a few words. */
  faults: string;
  /** What was lost; the assertions make sure this is "nothing" before it is recorded. */
  lost: string;
  /** The test file that checks it. */
  file: string;
  /** Extra figures (durations, memory), shown beside the counts. */
  notes?: string;
}

export function recordTrials(count: TrialCount): void {
  const line = `[reliability] ${count.guarantee}: ${count.trials} trials; faults: ${count.faults}; lost: ${count.lost}${count.notes ? `; ${count.notes}` : ''}`;
  // Printed through stdout so that it shows in vitest's output beside the test.
  process.stdout.write(`${line}\n`);
  const out = process.env.RELIABILITY_RESULTS;
  if (out) appendFileSync(out, `${JSON.stringify(count)}\n`);
}

/** Runs `job` over `items` with at most `lanes` at a time (RELIABILITY_LANES, default 2: the machine's cores). */
export async function inLanes<T>(items: readonly T[], job: (item: T, index: number) => Promise<void>, lanes = Number(process.env.RELIABILITY_LANES || 2)): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await job(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
}
