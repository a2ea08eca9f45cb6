// Reader leases: how a reader keeps the writer from deleting the files of the generation it is
// reading, without taking the writer lock (see "Readers and the writer" in README.md).
//
// A reader writes `readers/<token>.json` naming the generation it reads and a heartbeat. The
// writer, before it deletes the files a commit dropped, lists the leases and keeps every file a
// live lease's generation names; a lease whose heartbeat is older than `staleMs` (a killed
// reader) is ignored and deleted. The order of the two sides makes the check sound: the reader
// writes its lease and then reads the manifest again, the writer writes the new manifest and
// then reads the leases, so a reader that still sees generation g had its lease on disk before
// the writer looked.
import type { BlobStore } from '../ports';
import { MANIFEST_FILE, generationOf, parseManifest } from './manifest';
import type { LockOwner } from './write-lock';
import { DEFAULT_STALE_MS } from './write-lock';

export const READERS_DIR = 'readers/';
const LEASE_PATTERN = /^readers\/[0-9a-f]{32}\.json$/;
/** The manifest changed under us this often in a row: give up retargeting and read what is there. */
const MAX_RETARGETS = 8;

export interface ReaderLease {
  /** The generation the lease protects (0: no index on disk yet). */
  readonly generation: number;
  /** Renews the heartbeat; call more often than the writer's `staleMs`. */
  refresh(): Promise<void>;
  release(): Promise<void>;
}

interface LeaseFile {
  generation: number;
  heartbeat: number;
  owner: LockOwner;
}

export interface LeaseOptions {
  now?: () => number;
}

/** The generation of the manifest on disk, 0 when there is none or it cannot be read. */
export async function manifestGeneration(store: BlobStore): Promise<number> {
  const bytes = await store.read(MANIFEST_FILE);
  if (!bytes) return 0;
  try {
    return parseManifest(bytes).generation;
  } catch {
    return 0;
  }
}

/** Leases the generation now on disk (re-read after the lease is written, see above). */
export async function takeReaderLease(store: BlobStore, owner: LockOwner, opts: LeaseOptions = {}): Promise<ReaderLease> {
  const now = opts.now ?? Date.now;
  const file = `${READERS_DIR}${randomToken()}.json`;
  let generation = await manifestGeneration(store);
  // No index yet: nothing to protect, and a reader must not create the index folder. (A first
  // commit landing meanwhile is read unleased; the loader retries if a later commit drops it.)
  if (generation === 0) return { generation: 0, refresh: async () => undefined, release: async () => undefined };
  const write = () => store.write(file, JSON.stringify({ generation, heartbeat: now(), owner } satisfies LeaseFile));
  for (let i = 0; i < MAX_RETARGETS; i++) {
    await write();
    const seen = await manifestGeneration(store);
    if (seen === generation) break;
    generation = seen;
  }
  let released = false;
  return {
    get generation() {
      return generation;
    },
    async refresh() {
      if (!released) await write();
    },
    async release() {
      released = true;
      await store.delete(file);
    },
  };
}

export interface LiveLeaseOptions {
  now?: () => number;
  staleMs?: number;
  /** Delete the leases found stale (the writer does; readers never delete). */
  sweep?: boolean;
}

/** Generations named by live leases. Unreadable lease files count as absent (writes are atomic). */
export async function liveLeaseGenerations(store: BlobStore, opts: LiveLeaseOptions = {}): Promise<number[]> {
  const now = (opts.now ?? Date.now)();
  const staleMs = opts.staleMs ?? DEFAULT_STALE_MS;
  const out: number[] = [];
  for (const file of await store.list(READERS_DIR)) {
    if (!LEASE_PATTERN.test(file)) continue;
    const lease = parseLease(await store.read(file));
    if (lease && Math.abs(now - lease.heartbeat) < staleMs) out.push(lease.generation);
    else if (opts.sweep) await store.delete(file).catch(() => undefined);
  }
  return out;
}

/**
 * Whether a segment file must stay for a leased generation. A file written in generation a and
 * dropped by the commit of generation d belongs to every manifest from a to d − 1; `droppedAt`
 * is Infinity when the writer does not know it (files found unreferenced at open).
 */
export function neededByLease(file: string, droppedAt: number, leases: readonly number[]): boolean {
  const born = generationOf(file);
  if (born === undefined) return false;
  return leases.some((g) => born <= g && g < droppedAt);
}

function parseLease(bytes: Uint8Array | null): LeaseFile | null {
  if (!bytes) return null;
  try {
    const raw = JSON.parse(new TextDecoder().decode(bytes)) as Partial<LeaseFile> | null;
    if (typeof raw?.generation !== 'number' || typeof raw.heartbeat !== 'number') return null;
    return raw as LeaseFile;
  } catch {
    return null;
  }
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
