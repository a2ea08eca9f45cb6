// The names the index writes. Whatever cleans the index folder up (files of commits that never
// reached the manifest, a rebuild from scratch) deletes only these: a file of any other name was
// not written here, and may be the user's, put there by a link or by hand.
import { MANIFEST_FILE } from './manifest';
import { LOCK_FILE } from './write-lock';

const SEGMENT = /^(?:notes\/g\d{6,}-\d{3,}\.json(?:\.gz)?|vectors\/g\d{6,}-\d{3,}\.vec)$/;
const CACHE = /^cache\/[a-z0-9-]+\.bin(?:\.gz)?$/;
/** A segment's temporary file, left by a write that crashed (the CLI store's `.name.hex.tmp`). */
const SEGMENT_TEMP = /^(?:notes\/\.g\d{6,}-\d{3,}\.json(?:\.gz)?|vectors\/\.g\d{6,}-\d{3,}\.vec)\.[0-9a-f]+\.tmp$/;

export function isOwnIndexFile(path: string): boolean {
  return path === MANIFEST_FILE || path === LOCK_FILE || isSegmentFile(path) || CACHE.test(path);
}

/** A segment file of a commit, or its temporary file: the only files orphan collection may delete. */
export function isSegmentFile(path: string): boolean {
  return SEGMENT.test(path) || SEGMENT_TEMP.test(path);
}
