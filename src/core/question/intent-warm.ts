// The intent table's patterns are large case-insensitive Unicode expressions, and V8 compiles
// each the first time it runs: 70-85 ms for the first question a process classifies (26 rows),
// as one main-thread task. Run once ahead, one row per task, while the index opens (its reads
// leave the thread idle), the first question finds them compiled.
import { intentTable } from './intent-table';
import type { Yielder } from '../util/yield';

let warmed = false;

/** Runs every row's patterns once, awaiting `pause` after each row; only the first call does work. */
export async function warmIntentTable(pause: Yielder): Promise<void> {
  if (warmed) return;
  warmed = true;
  for (const row of intentTable()) {
    row.pattern.test('');
    row.unless?.test('');
    await pause();
  }
}
