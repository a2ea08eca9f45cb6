// A reader of the index that a writer never blocks, as SQLite's WAL mode gives: it answers from
// the last committed generation without the writer lock, and moves to a newer generation once
// the writer commits one. Each generation is read under a reader lease (index/reader-lease.ts),
// which keeps the writer from deleting its files while they are read; once read, a generation
// lives in memory and the lease is released. Queries never wait for a reload: the engine of the
// previous generation answers until the next one is loaded, then is dropped.
import { Engine, ReadOnlyEngineError, type EngineDeps } from './engine';
import type { AnswerResponse, AskOptions, IndexStatus, NoteEntry, SearchOptions, SearchResponse } from './engine-types';
import type { NoteJournals, NoteJournalsOptions } from './journal/note-journals';
import { manifestGeneration, takeReaderLease, writerHeldBy, type LockOwner } from './index';
import type { ChunkRecord, SearchResult } from './types';

export interface SnapshotReaderDeps extends Omit<EngineDeps, 'readOnly'> {
  /** Written into the lease, for whoever inspects the index folder. */
  owner: LockOwner;
  /** A query looks for a newer generation at most this often (default 2 s; 0: at every query). */
  checkMs?: number;
  /**
   * While a writer is still at work, a query reloads at most this often (default 30 s): a long
   * build checkpoints every 20 s, and each reload is a full load. Once the writer is done, the
   * next query picks its last commit up. `refresh()` is never throttled.
   */
  minReloadMs?: number;
  /** Heartbeat of the lease while a generation is read (default 15 s, under the writer's 60 s staleness). */
  leaseHeartbeatMs?: number;
  now?: () => number;
}

const DEFAULT_CHECK_MS = 2_000;
const DEFAULT_MIN_RELOAD_MS = 30_000;
const LEASE_HEARTBEAT_MS = 15_000;

export class SnapshotReader {
  private reloading: Promise<boolean> | null = null;
  private lastCheck: number;
  private lastReload: number;
  private closed = false;

  private constructor(
    private readonly deps: SnapshotReaderDeps,
    private engine: Engine,
  ) {
    this.lastCheck = this.now();
    this.lastReload = this.lastCheck;
  }

  /** Reads the generation on disk now (an empty index when there is none yet). */
  static async open(deps: SnapshotReaderDeps): Promise<SnapshotReader> {
    return new SnapshotReader(deps, await openGeneration(deps));
  }

  /** The generation answers come from. */
  get generation(): number {
    return this.engine.generation;
  }

  get warnings(): string[] {
    return this.engine.warnings;
  }

  /**
   * Loads the generation on disk if it is newer than the one held; resolves true when answers
   * now come from it. Concurrent calls share one reload.
   */
  refresh(): Promise<boolean> {
    return this.startReload(false);
  }

  private startReload(throttled: boolean): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    this.lastCheck = this.now();
    this.reloading ??= this.reload(throttled).finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  /** Who is writing the index now ("cli (pid 42 on laptop), last seen 2 s ago"), or null. */
  writer(): Promise<string | null> {
    return writerHeldBy(this.deps.store);
  }

  search(query: string, opts?: SearchOptions): Promise<SearchResponse> {
    this.checkSoon();
    return this.engine.search(query, opts);
  }

  ask(question: string, opts?: AskOptions): Promise<AnswerResponse> {
    this.checkSoon();
    return this.engine.ask(question, opts);
  }

  noteJournals(path: string, opts?: NoteJournalsOptions): Promise<NoteJournals> {
    this.checkSoon();
    return this.engine.noteJournals(path, opts);
  }

  catalog(): NoteEntry[] {
    return this.engine.catalog();
  }

  related(path: string, k?: number): Promise<SearchResult[]> {
    this.checkSoon();
    return this.engine.related(path, k);
  }

  /** The note's record in the generation held, for hosts that show its links. */
  note(path: string) {
    return this.engine.note(path);
  }

  notes() {
    return this.engine.notes();
  }

  mentionsOf(path: string) {
    return this.engine.mentionsOf(path);
  }

  journalsBetween(start: number, end: number) {
    return this.engine.journalsBetween(start, end);
  }

  status(): IndexStatus {
    return this.engine.status();
  }

  chunks(): IterableIterator<ChunkRecord> {
    return this.engine.chunks();
  }

  async sync(): Promise<never> {
    throw new ReadOnlyEngineError();
  }

  async updateNote(): Promise<never> {
    throw new ReadOnlyEngineError();
  }

  async removeNote(): Promise<never> {
    throw new ReadOnlyEngineError();
  }

  async renameNote(): Promise<never> {
    throw new ReadOnlyEngineError();
  }

  async flush(): Promise<never> {
    throw new ReadOnlyEngineError();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.reloading?.catch(() => false);
    await this.deps.embedder?.dispose?.();
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** In the background: the query at hand is answered from the generation held. */
  private checkSoon(): void {
    if (this.closed || this.reloading || this.now() - this.lastCheck < (this.deps.checkMs ?? DEFAULT_CHECK_MS)) return;
    void this.startReload(true).catch((err: unknown) => this.deps.logger?.warn(`Could not read the newer index generation: ${String(err)}`));
  }

  private async reload(throttled: boolean): Promise<boolean> {
    if ((await manifestGeneration(this.deps.store)) === this.engine.generation) return false;
    if (throttled && this.now() - this.lastReload < (this.deps.minReloadMs ?? DEFAULT_MIN_RELOAD_MS) && (await this.writer()) !== null) return false;
    const next = await openGeneration(this.deps);
    if (this.closed) return false;
    this.lastReload = this.now();
    // The old engine is dropped, not closed: closing would dispose the embedder both share.
    this.engine = next;
    return true;
  }
}

async function openGeneration(deps: SnapshotReaderDeps): Promise<Engine> {
  const lease = await takeReaderLease(deps.store, deps.owner, deps.now ? { now: deps.now } : {});
  // Not window.setInterval: the core also runs in Node and in workers.
  const heartbeat = setInterval(() => void lease.refresh().catch(() => undefined), deps.leaseHeartbeatMs ?? LEASE_HEARTBEAT_MS);
  try {
    return await Engine.open({ ...deps, readOnly: true });
  } finally {
    clearInterval(heartbeat);
    await lease.release().catch(() => undefined);
  }
}
