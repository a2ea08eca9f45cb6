// Opens the engine on demand and owns what comes with it: the index writer lock (the CLI may
// point at the same folder), its heartbeat, and the embedder. Views and the indexer ask for the
// engine and wait while it opens; while another program holds the index the indexer gets
// IndexBusyError, and views get a snapshot reader that answers from that program's last commit.
import { isOwnIndexFile } from '../core/index/own-files';
import { Engine } from '../core/engine';
import { acquireWriteLock, LOCK_FILE, LockLostError, READERS_DIR, type WriteLock } from '../core/index';
import type { BlobStore, Embedder, Logger, NoteSource } from '../core/ports';
import type { CoreSettings } from '../core/settings';
import type { Reranker } from '../core/retrieval/rerank';
import type { AskEngine } from '../core/engine-types';
import { SnapshotReader } from '../core/snapshot-reader';
import { IndexBusyError } from './indexer/index-controller';
import { errorLine } from '../core/util/error-line';

export interface EngineProviderOptions {
  store: BlobStore;
  source: NoteSource;
  settings: CoreSettings;
  /** A fresh embedder for each opening (null: lexical and graph retrieval only). */
  createEmbedder(): Embedder | null;
  /** The optional rerank step (settings.rerank), built at each opening. */
  createReranker?(): Reranker | null;
  /** Host exclusions, read on every call (they follow the settings). */
  isExcluded(path: string): boolean;
  logger: Logger;
  /** Heartbeat period of the writer lock; must stay well under its 60 s staleness. */
  heartbeatMs?: number;
  /** Called once per reader session: the index is being updated by `heldBy`, answers come from its last commit. */
  onReadOnly?(heldBy: string): void;
}

interface Session {
  engine: Engine;
  embedder: Embedder | null;
  lock: WriteLock;
  heartbeat: number;
}

const HEARTBEAT_MS = 15_000;
/**
 * The engine parses and indexes on Obsidian's main thread between yields. On a loaded machine
 * (other processes on every core) a task is stretched several times over: 10 ms of work was
 * seen to hold the interface for 50-100 ms, 4 ms stays well under 50.
 */
const MAIN_THREAD_SLICE_MS = 4;

export class EngineProvider {
  private session: Promise<Session> | null = null;
  /** The session once open, for synchronous questions (which device the model runs on). */
  private current: Session | null = null;
  private closed = false;
  /** Answers while another program writes the index; dropped once this plugin holds the lock. */
  private reader: Promise<SnapshotReader> | null = null;

  constructor(private readonly options: EngineProviderOptions) {}

  get store(): BlobStore {
    return this.options.store;
  }

  /** The open engine; opens it on first call. */
  async engine(): Promise<Engine> {
    return (await this.open()).engine;
  }

  /** The embedder of the engine opened last, if any, without waiting. */
  get currentEmbedder(): Embedder | null {
    return this.current?.embedder ?? null;
  }

  /** The embedder of the open engine, if any (for loading it with progress). */
  async embedder(): Promise<Embedder | null> {
    return (await this.open()).embedder;
  }

  /**
   * The engine for questions: this plugin's own when it holds the index, else a snapshot reader
   * of the last generation the writing program committed (it never blocks on that writer).
   */
  async readEngine(): Promise<AskEngine> {
    try {
      const engine = await this.engine();
      void this.dropReader();
      return engine;
    } catch (err) {
      if (!(err instanceof IndexBusyError)) throw err;
      return this.openReader(err.heldBy);
    }
  }

  private openReader(heldBy: string): Promise<SnapshotReader> {
    if (!this.reader) {
      const { store, source, settings, logger } = this.options;
      const opening = SnapshotReader.open({
        source, store, settings, logger,
        embedder: this.options.createEmbedder(),
        extraExclusion: (path) => this.options.isExcluded(path),
        sliceMs: MAIN_THREAD_SLICE_MS,
        owner: { tool: 'plugin' },
      });
      this.reader = opening;
      opening.then(
        () => this.options.onReadOnly?.(heldBy),
        () => {
          if (this.reader === opening) this.reader = null;
        },
      );
    }
    return this.reader;
  }

  private async dropReader(): Promise<void> {
    const reader = this.reader;
    this.reader = null;
    const open = reader ? await reader.catch(() => null) : null;
    await open?.close();
  }

  /**
   * Closes the engine and opens it again with the current settings, keeping the lock. Callers
   * meanwhile wait for the new engine. The indexer must be suspended (nothing may use the old one).
   */
  async reopen(): Promise<void> {
    await this.replace(false);
  }

  /** Deletes every index file and opens an empty index, keeping the lock throughout. */
  async recreate(): Promise<void> {
    await this.replace(true);
  }

  private replace(wipe: boolean): Promise<void> {
    const previous = this.session;
    this.current = null;
    const next = (async () => {
      const old = previous ? await previous.catch(() => null) : null;
      if (old) {
        window.clearInterval(old.heartbeat);
        await old.engine.close().catch((err: unknown) => this.options.logger.warn(`Closing the index: ${errorLine(err)}`));
      }
      const lock = old?.lock ?? (await this.acquire());
      if (wipe) {
        for (const file of await this.options.store.list('')) {
          // Only the index's own files, and not the readers' leases (a reader may be mid-read).
          if (file !== LOCK_FILE && !file.startsWith(READERS_DIR) && isOwnIndexFile(file)) await this.options.store.delete(file);
        }
      }
      return this.openWith(lock);
    })();
    this.session = next;
    next.catch(() => {
      if (this.session === next) this.session = null;
    });
    return next.then(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.dropReader();
    const session = await this.detach();
    if (session) await this.closeSession(session);
  }

  private open(): Promise<Session> {
    if (this.closed) return Promise.reject(new Error('Ask Vault is shutting down.'));
    if (!this.session) {
      const opening = this.acquire().then((lock) => this.openWith(lock));
      this.session = opening;
      // A failed opening (index busy, disk error) is retried at the next call.
      opening.catch(() => {
        if (this.session === opening) this.session = null;
      });
    }
    return this.session;
  }

  private async acquire(): Promise<WriteLock> {
    const lock = await acquireWriteLock(this.options.store, { tool: 'plugin' });
    if ('heldBy' in lock) throw new IndexBusyError(lock.heldBy);
    return lock;
  }

  private async openWith(lock: WriteLock): Promise<Session> {
    const { store, source, settings, logger } = this.options;
    const embedder = this.options.createEmbedder();
    let engine: Engine;
    try {
      engine = await Engine.open({
        source, store, embedder, settings, logger,
        extraExclusion: (path) => this.options.isExcluded(path),
        sliceMs: MAIN_THREAD_SLICE_MS,
        reranker: this.options.createReranker?.() ?? null,
      });
    } catch (err) {
      await embedder?.dispose?.();
      await lock.release().catch(() => undefined);
      throw err;
    }
    for (const warning of engine.warnings) logger.warn(warning);
    const session: Session = { engine, embedder, lock, heartbeat: 0 };
    session.heartbeat = window.setInterval(() => void this.refresh(session), this.options.heartbeatMs ?? HEARTBEAT_MS);
    this.current = session;
    return session;
  }

  private async refresh(session: Session): Promise<void> {
    try {
      await session.lock.refresh();
    } catch (err) {
      if (!(err instanceof LockLostError)) return;
      // Another program took the index over (this device slept past the lock's staleness): writing
      // now would undo its work, so this session is dropped unwritten and the next call waits.
      this.options.logger.warn(err.message);
      window.clearInterval(session.heartbeat);
      if (this.session && (await this.session.catch(() => null)) === session) {
        this.session = null;
        this.current = null;
      }
      await session.embedder?.dispose?.();
    }
  }

  private async detach(): Promise<Session | null> {
    const pending = this.session;
    this.session = null;
    this.current = null;
    return pending ? pending.catch(() => null) : null;
  }

  private async closeSession(session: Session): Promise<void> {
    window.clearInterval(session.heartbeat);
    try {
      await session.engine.close();
    } catch (err) {
      this.options.logger.warn(`Closing the index: ${errorLine(err)}`);
    }
    await session.lock.release().catch(() => undefined);
  }
}
