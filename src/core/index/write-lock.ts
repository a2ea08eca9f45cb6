// One writer at a time per index (the plugin and the CLI may both point at the same folder).
// The lock is a file holding its owner, a random token and a heartbeat time; the holder calls
// `refresh()` more often than `staleMs`, and a lock whose heartbeat is older than that (a
// crashed or killed holder) is taken over.
//
// The race window, honestly: BlobStore offers atomic replace but no exclusive create, so two
// processes that both find the lock free (or stale) within a few milliseconds may both write
// it. Each reads the lock back after `settleMs`; the one whose token was overwritten backs
// off. Both can still believe they hold it if one takes longer than `settleMs` between its
// read and its write (a stalled disk, a paused process). The loser then finds out at its next
// `refresh()`, which throws. Across devices synced by a file-sync service the lock protects
// nothing: the service copies files late and last-writer-wins.

import type { BlobStore } from '../ports';

export const LOCK_FILE = 'writer.lock';
export const DEFAULT_STALE_MS = 60_000;

export interface LockOwner {
  pid?: number;
  host?: string;
  tool: 'cli' | 'plugin';
}

export interface WriteLock {
  /** Deletes the lock if it is still ours. */
  release(): Promise<void>;
  /** Renews the heartbeat; throws LockLostError if another process took the lock over. */
  refresh(): Promise<void>;
}

export interface LockHeld {
  /** Who holds it, for a one-line message, e.g. "plugin (pid 4242 on laptop), last seen 3 s ago". */
  heldBy: string;
}

export interface LockOptions {
  /** A heartbeat older than this means the holder is gone (default 60 s). */
  staleMs?: number;
  now?: () => number;
  /** Wait before reading the lock back, to catch a concurrent taker (default 50 ms). */
  settleMs?: number;
  /**
   * The host's answer to "is this holder certainly gone?" (e.g. the CLI: a pid on this machine
   * that no longer runs). A killed writer's lock is then taken over at once instead of after
   * `staleMs`. Return false whenever unsure: only a certain "gone" may override a live heartbeat.
   */
  ownerGone?: (owner: LockOwner) => boolean;
}

export class LockLostError extends Error {}

interface LockFile {
  owner: LockOwner;
  token: string;
  heartbeat: number;
}

export async function acquireWriteLock(store: BlobStore, owner: LockOwner, opts: LockOptions = {}): Promise<WriteLock | LockHeld> {
  const staleMs = opts.staleMs ?? DEFAULT_STALE_MS;
  const now = opts.now ?? Date.now;
  const settleMs = opts.settleMs ?? 50;

  const current = await readLock(store);
  if (current && isLive(current, now(), staleMs) && !opts.ownerGone?.(current.owner)) return { heldBy: describe(current, now()) };

  const token = randomToken();
  const write = () => store.write(LOCK_FILE, JSON.stringify({ owner, token, heartbeat: now() } satisfies LockFile));
  await write();
  // Not window.setTimeout: the core also runs in Node and in workers, which have no window.
  if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
  const check = await readLock(store);
  if (check?.token !== token) return { heldBy: check ? describe(check, now()) : 'another process (it released the lock at once)' };

  return {
    async refresh() {
      const seen = await readLock(store);
      if (seen?.token !== token) {
        throw new LockLostError(`The index writer lock was taken over by ${seen ? describe(seen, now()) : 'nobody (it was deleted)'}.`);
      }
      await write();
    },
    async release() {
      const seen = await readLock(store);
      if (seen?.token === token) await store.delete(LOCK_FILE);
    },
  };
}

/**
 * Who holds the lock now, for a reader's one-line notice, or null when nobody holds it live.
 * Only looks: never takes, refreshes or deletes.
 */
export async function writerHeldBy(store: BlobStore, opts: Pick<LockOptions, 'staleMs' | 'now' | 'ownerGone'> = {}): Promise<string | null> {
  const now = (opts.now ?? Date.now)();
  const lock = await readLock(store);
  if (!lock || !isLive(lock, now, opts.staleMs ?? DEFAULT_STALE_MS) || opts.ownerGone?.(lock.owner)) return null;
  return describe(lock, now);
}

/** A heartbeat far in the future (clock skew, a hand-edited file) must not block writers forever. */
function isLive(lock: LockFile, now: number, staleMs: number): boolean {
  return Math.abs(now - lock.heartbeat) < staleMs;
}

/** Unreadable lock content counts as no lock: writes are atomic, so it is garbage, not a half-written lock. */
async function readLock(store: BlobStore): Promise<LockFile | null> {
  const bytes = await store.read(LOCK_FILE);
  if (!bytes) return null;
  try {
    const raw = JSON.parse(new TextDecoder().decode(bytes)) as Partial<LockFile> | null;
    const tool = raw?.owner?.tool;
    if (typeof raw?.token !== 'string' || typeof raw.heartbeat !== 'number' || (tool !== 'cli' && tool !== 'plugin')) return null;
    return raw as LockFile;
  } catch {
    return null;
  }
}

function describe(lock: LockFile, now: number): string {
  const { tool, pid, host } = lock.owner;
  const where = [pid !== undefined ? `pid ${pid}` : '', host ? `on ${host}` : ''].filter(Boolean).join(' ');
  const ago = Math.max(0, Math.round((now - lock.heartbeat) / 1000));
  return `${tool}${where ? ` (${where})` : ''}, last seen ${ago} s ago`;
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
