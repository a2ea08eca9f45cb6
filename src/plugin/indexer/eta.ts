// Time left for an indexing run, from the rate measured since it started. The engine's own
// estimate (from the time spent embedding) is preferred when it has one; this one covers the
// phases without embeddings, and smooths both so the status bar does not jump on every batch.
import type { IndexProgress } from '../../core/engine-types';

/** No estimate before this much work has been measured: early rates are mostly start-up cost. */
const MIN_ELAPSED_MS = 2_000;
/** Weight of a new estimate against the previous one. */
const SMOOTHING = 0.3;

export class EtaEstimator {
  private started: number | null = null;
  private smoothed: number | undefined;

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.started = null;
    this.smoothed = undefined;
  }

  /** Milliseconds left, or undefined while there is no rate to go by. */
  update(progress: IndexProgress): number | undefined {
    const now = this.now();
    this.started ??= now;
    const elapsed = now - this.started;
    let raw = progress.etaMs;
    if (raw === undefined && elapsed >= MIN_ELAPSED_MS && progress.notesDone > 0 && progress.notesTotal > progress.notesDone) {
      raw = (elapsed / progress.notesDone) * (progress.notesTotal - progress.notesDone);
    }
    if (raw === undefined || !Number.isFinite(raw)) return this.smoothed;
    this.smoothed = this.smoothed === undefined ? raw : this.smoothed + SMOOTHING * (raw - this.smoothed);
    return this.smoothed;
  }
}
