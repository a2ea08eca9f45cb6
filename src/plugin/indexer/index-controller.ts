// Keeps the index in step with the vault while Obsidian runs. Vault and metadata events feed one
// queue, drained by one loop, so a note is never indexed twice at once:
//   - create / modify / metadata `changed`: debounced per note (~2 s after the last keystroke), then
//     indexed in one batch with everything else that became due (`engine.sync({ only })`);
//   - rename: `engine.renameNote`, which moves the note's chunks and vectors and embeds nothing;
//   - delete: `engine.removeNote` and a flush, at once;
//   - a folder renamed or deleted: a full pass, which recognises moves by content and embeds nothing.
// Renames and deletions are applied even while paused: they cost no embedding, and leaving them
// out would let the index point at notes that are gone.
import { Component, TAbstractFile, TFile, type Events } from 'obsidian';
import type { IndexProgress, IndexStatus, IndexSummary } from '../../core/engine-types';
import type { Clock, Logger } from '../../core/ports';
import { silentLogger, systemClock } from '../../core/ports';
import { EtaEstimator } from './eta';
import { windowTimers, type Timers } from './timers';
import { errorLine } from '../../core/util/error-line';

/** What the controller needs of the engine. */
export interface IndexEngine {
  sync(opts: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void; only?: string[] }): Promise<IndexSummary>;
  removeNote(path: string): Promise<void>;
  renameNote(from: string, to: string): Promise<void>;
  flush(): Promise<void>;
  status(): IndexStatus;
}

/** The parts of Obsidian's Vault and MetadataCache the controller listens to. */
export type EventSource = Pick<Events, 'on' | 'offref'>;

/** The engine was not available because another program holds the index. */
export class IndexBusyError extends Error {
  constructor(readonly heldBy: string) {
    super(`The index is being written by ${heldBy}.`);
  }
}

export type IndexerState =
  | { kind: 'starting' }
  | { kind: 'loading-model'; fraction: number | null }
  | { kind: 'busy'; heldBy: string }
  | { kind: 'indexing'; progress: IndexProgress; etaMs?: number; full: boolean }
  | { kind: 'idle'; notes: number }
  | { kind: 'paused'; notes: number }
  | { kind: 'failed'; message: string };

export interface IndexControllerOptions {
  vault: EventSource;
  metadataCache: EventSource;
  /** The current engine; rejects with IndexBusyError while another program holds the index. */
  engine(): Promise<IndexEngine>;
  /** Deletes the index files and opens an empty engine (the "Rebuild index" command). */
  recreate(): Promise<void>;
  /** Loads the embedding model before the first pass (progress as a fraction, or null when unknown). */
  loadModel?(onProgress: (fraction: number | null) => void): Promise<void>;
  /** Host exclusions (Obsidian's excluded files, the conversation folder): never queued. */
  isExcluded?(path: string): boolean;
  debounceMs?: number;
  /** How long to wait before trying again when the index is busy. */
  busyRetryMs?: number;
  timers?: Timers;
  clock?: Clock;
  logger?: Logger;
}

type Op = { kind: 'rename'; from: string; to: string } | { kind: 'remove'; path: string };

export const DEFAULT_DEBOUNCE_MS = 2_000;
const DEFAULT_BUSY_RETRY_MS = 30_000;

export class IndexController extends Component {
  private readonly debounceMs: number;
  private readonly timers: Timers;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly eta: EtaEstimator;

  /** Notes edited recently: path → debounce timer. */
  private readonly debounced = new Map<string, number>();
  /** Notes whose debounce elapsed, waiting for the next batch. */
  private readonly ready = new Set<string>();
  private readonly ops: Op[] = [];
  private fullPending = false;
  private rebuildPending = false;
  /** Renames applied in memory and not yet written; written when `flushDue`. */
  private unflushed = false;
  private flushDue = false;
  private flushTimer: number | null = null;
  private paused = false;
  private started = false;
  private modelLoaded = false;
  private stopped = false;
  private retryTimer: number | null = null;
  private suspended = 0;

  private running: Promise<void> | null = null;
  private current: AbortController | null = null;
  /** Notes of the batch being indexed and not done yet. */
  private inFlight = 0;
  private _state: IndexerState = { kind: 'starting' };
  private _lastSummary: IndexSummary | null = null;
  private readonly listeners = new Set<(state: IndexerState) => void>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: IndexControllerOptions) {
    super();
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.timers = options.timers ?? windowTimers;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.eta = new EtaEstimator(() => this.clock.now());
  }

  get state(): IndexerState {
    return this._state;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Notes waiting to be indexed: edited (debouncing), due, and left in the running batch. */
  get pending(): number {
    return this.debounced.size + this.ready.size + this.inFlight;
  }

  get lastSummary(): IndexSummary | null {
    return this._lastSummary;
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onChange(listener: (state: IndexerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes to the vault and runs a full pass (which picks up what changed while Obsidian was closed). */
  start(): void {
    if (this.started) return;
    this.started = true;
    const { vault, metadataCache } = this.options;
    const listen = (source: EventSource, name: string, callback: (...data: unknown[]) => unknown) => {
      const ref = source.on(name, callback);
      this.register(() => source.offref(ref));
    };
    listen(vault, 'create', (file) => this.onCreateOrModify(file));
    listen(vault, 'modify', (file) => this.onCreateOrModify(file));
    listen(vault, 'delete', (file) => this.onDelete(file));
    listen(vault, 'rename', (file, oldPath) => this.onRename(file, oldPath));
    listen(metadataCache, 'changed', (file) => this.onCreateOrModify(file));
    // Obsidian fires `resolved` once a batch of changes is parsed, e.g. after a rename has
    // rewritten the links pointing to the note: the moment to write the renames applied so far.
    listen(metadataCache, 'resolved', () => this.onResolved());
    this.fullPending = true;
    this.kick();
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.current?.abort();
    this.setState({ kind: 'paused', notes: this.indexedNotes() });
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.setState({ kind: 'idle', notes: this.indexedNotes() });
    this.kick();
  }

  /** The embedding model changed: load it again before the next pass. */
  modelChanged(): void {
    this.modelLoaded = false;
    this.fullSync();
  }

  /** Brings the whole vault in line (after a settings change, or a folder moved). */
  fullSync(): void {
    this.fullPending = true;
    this.current?.abort();
    this.kick();
  }

  /** Deletes the index and indexes every note again; resolves when done. */
  async rebuild(): Promise<void> {
    this.rebuildPending = true;
    this.paused = false;
    for (const timer of this.debounced.values()) this.timers.clearTimeout(timer);
    this.debounced.clear();
    this.ready.clear();
    this.current?.abort();
    this.kick();
    await this.whenIdle();
  }

  /**
   * Stops the queue, waits for the running work, runs `job` (e.g. reopening the engine), and
   * starts again. Events arriving meanwhile are queued.
   */
  async suspend(job: () => Promise<void>): Promise<void> {
    this.suspended++;
    this.current?.abort();
    try {
      while (this.running) await this.running;
      await job();
    } finally {
      this.suspended--;
      this.kick();
    }
  }

  /** Resolves when nothing is queued, debouncing or running (or when paused with only embedding work left). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  override onunload(): void {
    this.stopped = true;
    this.current?.abort();
    for (const timer of this.debounced.values()) this.timers.clearTimeout(timer);
    this.debounced.clear();
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.clearFlushTimer();
    this.listeners.clear();
    this.releaseIdleWaiters();
  }

  // ---- events ---------------------------------------------------------------

  private isNote(file: unknown): file is TFile {
    return file instanceof TFile && file.extension.toLowerCase() === 'md';
  }

  private indexable(path: string): boolean {
    return !this.options.isExcluded?.(path.normalize('NFC'));
  }

  private onCreateOrModify(file: unknown): void {
    if (this.isNote(file) && this.indexable(file.path)) this.schedule(file.path.normalize('NFC'));
  }

  private onDelete(file: unknown): void {
    if (this.isNote(file)) {
      const path = file.path.normalize('NFC');
      this.unschedule(path);
      this.ops.push({ kind: 'remove', path });
      this.kick();
    } else if (file instanceof TAbstractFile && !(file instanceof TFile)) {
      // A folder: its notes may not get events of their own.
      this.fullSync();
    }
  }

  private onRename(file: unknown, oldPathRaw: unknown): void {
    if (!(file instanceof TAbstractFile) || typeof oldPathRaw !== 'string') return;
    const oldPath = oldPathRaw.normalize('NFC');
    const path = file.path.normalize('NFC');
    if (!(file instanceof TFile)) {
      this.fullSync();
      return;
    }
    const wasNote = /\.md$/i.test(oldPath);
    const editedBefore = this.unschedule(oldPath);
    if (wasNote) this.ops.push({ kind: 'rename', from: oldPath, to: path });
    if (this.isNote(file) && this.indexable(path) && (editedBefore || !wasNote)) this.schedule(path);
    this.kick();
  }

  private onResolved(): void {
    if (!this.unflushed) return;
    this.flushDue = true;
    this.kick();
  }

  private schedule(path: string): void {
    const previous = this.debounced.get(path);
    if (previous !== undefined) this.timers.clearTimeout(previous);
    this.debounced.set(
      path,
      this.timers.setTimeout(() => {
        this.debounced.delete(path);
        this.ready.add(path);
        this.kick();
      }, this.debounceMs),
    );
  }

  /** Forgets pending work for `path`; true if there was some. */
  private unschedule(path: string): boolean {
    const timer = this.debounced.get(path);
    if (timer !== undefined) this.timers.clearTimeout(timer);
    const had = this.debounced.delete(path) || this.ready.has(path);
    this.ready.delete(path);
    return had;
  }

  // ---- the queue --------------------------------------------------------------

  private kick(): void {
    if (this.running || this.stopped || this.suspended > 0) {
      this.checkIdle();
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.fail(err))
      .finally(() => {
        this.running = null;
        if (this.hasRunnableWork()) this.kick();
        else this.checkIdle();
      });
  }

  private hasRunnableWork(): boolean {
    if (this.stopped || this.suspended > 0 || this.retryTimer !== null) return false;
    if (this._state.kind === 'failed') return this.ops.length > 0;
    return this.ops.length > 0 || this.rebuildPending || (this.unflushed && this.flushDue) || (!this.paused && (this.fullPending || this.ready.size > 0));
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.suspended === 0) {
      let engine: IndexEngine;
      try {
        engine = await this.options.engine();
      } catch (err) {
        if (err instanceof IndexBusyError) return this.waitForIndex(err.heldBy);
        throw err;
      }
      if (this.rebuildPending) {
        this.rebuildPending = false;
        this.ops.length = 0;
        this.clearFlushTimer();
        this.unflushed = false;
        this.flushDue = false;
        this.setState({ kind: 'indexing', progress: scanning(), full: true });
        await this.options.recreate();
        this.fullPending = true;
        continue;
      }
      if (this.ops.length > 0) {
        await this.applyOps(engine);
        continue;
      }
      if (this.unflushed && this.flushDue) {
        this.clearFlushTimer();
        this.unflushed = false;
        this.flushDue = false;
        await engine.flush();
        continue;
      }
      if (this.paused) return;
      if (!this.modelLoaded && this.options.loadModel) {
        await this.loadModel();
        continue;
      }
      if (this.fullPending) {
        this.fullPending = false;
        await this.runSync(engine, undefined);
        continue;
      }
      if (this.ready.size > 0) {
        const batch = [...this.ready];
        this.ready.clear();
        await this.runSync(engine, batch);
        continue;
      }
      this.setState({ kind: 'idle', notes: engine.status().notes });
      return;
    }
  }

  private async applyOps(engine: IndexEngine): Promise<void> {
    let removed = false;
    while (this.ops.length > 0) {
      const op = this.ops.shift()!;
      if (op.kind === 'rename') {
        await engine.renameNote(op.from, op.to);
      } else {
        await engine.removeNote(op.path);
        removed = true;
      }
    }
    // A deleted note leaves the index on disk at once. Renames are written when Obsidian has
    // rewritten the links to them (`resolved`), or after the debounce delay, whichever comes first.
    if (removed) {
      this.clearFlushTimer();
      this.unflushed = false;
      this.flushDue = false;
      await engine.flush();
    } else {
      this.unflushed = true;
      this.flushTimer ??= this.timers.setTimeout(() => {
        this.flushTimer = null;
        this.flushDue = true;
        this.kick();
      }, this.debounceMs);
    }
  }

  private clearFlushTimer(): void {
    if (this.flushTimer !== null) this.timers.clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private async loadModel(): Promise<void> {
    this.setState({ kind: 'loading-model', fraction: null });
    try {
      await this.options.loadModel!((fraction) => this.setState({ kind: 'loading-model', fraction }));
    } catch (err) {
      // The engine falls back to lexical search and says why in its warnings.
      this.logger.warn(`Embedding model not loaded: ${errorLine(err)}`);
    }
    this.modelLoaded = true;
  }

  private async runSync(engine: IndexEngine, only: string[] | undefined): Promise<void> {
    const controller = new AbortController();
    this.current = controller;
    this.inFlight = only?.length ?? 0;
    this.eta.reset();
    const full = only === undefined;
    this.setState({ kind: 'indexing', progress: scanning(), full });
    try {
      const summary = await engine.sync({
        signal: controller.signal,
        ...(only ? { only } : {}),
        onProgress: (progress) => {
          this.inFlight = Math.max(0, progress.notesTotal - progress.notesDone);
          const etaMs = this.eta.update(progress);
          this.setState({ kind: 'indexing', progress, full, ...(etaMs !== undefined ? { etaMs } : {}) });
        },
      });
      // sync() commits at its end, renames applied before it included.
      this.clearFlushTimer();
      this.unflushed = false;
      this.flushDue = false;
      if (controller.signal.aborted) this.requeue(only);
      else this._lastSummary = summary;
    } catch (err) {
      if (!controller.signal.aborted) throw err;
      this.requeue(only);
    } finally {
      this.current = null;
      this.inFlight = 0;
    }
  }

  /** An interrupted batch runs again later (its finished notes are skipped as unchanged). */
  private requeue(only: string[] | undefined): void {
    if (only) {
      for (const path of only) if (!this.debounced.has(path)) this.ready.add(path);
    } else {
      this.fullPending = true;
    }
    if (this.paused) this.setState({ kind: 'paused', notes: this.indexedNotes() });
  }

  private waitForIndex(heldBy: string): void {
    this.setState({ kind: 'busy', heldBy });
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, this.options.busyRetryMs ?? DEFAULT_BUSY_RETRY_MS);
  }

  private fail(err: unknown): void {
    const text = errorLine(err);
    this.logger.warn(`Indexing failed: ${text}`);
    this.setState({ kind: 'failed', message: text });
  }

  // ---- state ------------------------------------------------------------------

  private lastEngineNotes = 0;

  private indexedNotes(): number {
    return this._lastSummary?.notes ?? this.lastEngineNotes;
  }

  private setState(state: IndexerState): void {
    if (state.kind === 'idle' || state.kind === 'paused') this.lastEngineNotes = state.notes;
    this._state = state;
    for (const listener of this.listeners) listener(state);
    this.checkIdle();
  }

  private isIdle(): boolean {
    if (this.stopped) return true;
    if (this.running || this.debounced.size > 0 || this.ops.length > 0 || this.rebuildPending || this.unflushed) return false;
    if (this._state.kind === 'busy' || this._state.kind === 'failed') return true;
    return this.paused || (!this.fullPending && this.ready.size === 0 && this.started);
  }

  private checkIdle(): void {
    if (this.idleWaiters.length > 0 && this.isIdle()) this.releaseIdleWaiters();
  }

  private releaseIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function scanning(): IndexProgress {
  return { phase: 'scan', notesDone: 0, notesTotal: 0, chunksDone: 0, chunksTotal: 0 };
}
