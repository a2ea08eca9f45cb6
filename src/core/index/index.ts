export { IndexStore, type IndexStoreOptions, type IndexStats, type VectorHit } from './index-store';
export {
  acquireWriteLock,
  writerHeldBy,
  LockLostError,
  LOCK_FILE,
  DEFAULT_STALE_MS,
  type LockOwner,
  type LockHeld,
  type LockOptions,
  type WriteLock,
} from './write-lock';
export { SCHEMA_VERSION, MANIFEST_FILE } from './manifest';
export { takeReaderLease, liveLeaseGenerations, manifestGeneration, READERS_DIR, type ReaderLease } from './reader-lease';
