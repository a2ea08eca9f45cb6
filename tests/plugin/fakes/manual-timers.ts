// Timers driven by the test: `advance(ms)` runs what falls due, in order, and lets the promise
// jobs they start run between timers. Also a Clock on the same time line.
import type { Timers } from '../../../src/plugin/indexer/timers';

export class ManualTimers implements Timers {
  now = 0;
  private nextId = 1;
  private readonly tasks = new Map<number, { at: number; fn: () => void }>();

  setTimeout(fn: () => void, ms: number): number {
    const id = this.nextId++;
    this.tasks.set(id, { at: this.now + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(id: number): void {
    this.tasks.delete(id);
  }

  get pending(): number {
    return this.tasks.size;
  }

  readonly clock = { now: () => this.now };

  /** Moves time forward by `ms`, running each timer that falls due. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.tasks].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.tasks.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.now = end;
  }
}
