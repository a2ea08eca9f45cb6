// The intent table's patterns are large case-insensitive Unicode expressions: building them
// (intentTable(), about 45 ms in Node) and V8 compiling each the first time it runs (about 55 ms
// more, 26 rows) fell in the first question's task. Run once ahead while the index opens (its
// reads leave the thread idle), the first question finds them compiled. The build is still one
// task (intent-table.ts makes every row at once); the compilation is one row per task.
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
