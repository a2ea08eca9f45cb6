// Reader leases against the writer's garbage collection: a leased generation keeps every file
// its manifest names through later commits and a writable reopen; released or stale, it keeps
// nothing, and the files go at the next commit.
import { describe, expect, it } from 'vitest';
import { IndexStore, MANIFEST_FILE } from '../../../src/core/index';
import { liveLeaseGenerations, neededByLease, takeReaderLease, READERS_DIR } from '../../../src/core/index/reader-lease';
import { parseManifest } from '../../../src/core/index/manifest';
import type { BlobStore } from '../../../src/core/ports';
import { DIM, makeNote, prose, snapshot, vectorsOf } from './fixtures';
import { MemoryBlobStore } from './memory-blob-store';

const MODEL = 'test-model';
const owner = { tool: 'cli' as const, pid: 1, host: 'test' };
const open = (store: BlobStore, readOnly = false) => IndexStore.open(store, { modelId: MODEL, dimension: DIM, segmentBytes: 4096, readOnly });

/** Rewrites every note, so the next commit drops every segment of the one before. */
async function commitAll(index: IndexStore, round: number, count = 6): Promise<void> {
  for (let i = 0; i < count; i++) {
    const note = makeNote(`Note ${i}.md`, [prose(round * 100 + i * 2), prose(round * 100 + i * 2 + 1)]);
    index.putNote(note, vectorsOf(note));
  }
  await index.commit();
}

function filesOfManifest(bytes: Uint8Array): string[] {
  const m = parseManifest(bytes);
  return [...m.notes, ...m.vectors].map((e) => e.file);
}

describe('reader leases', () => {
  it('a leased generation keeps all its files through two commits, and loses them once released', async () => {
    const store = new MemoryBlobStore();
    const writer = await open(store);
    await commitAll(writer, 1);
    const oldManifest = store.files.get(MANIFEST_FILE)!;
    const before = snapshot(await open(store, true));
    const lease = await takeReaderLease(store, owner);
    expect(lease.generation).toBe(1);

    await commitAll(writer, 2);
    await commitAll(writer, 3);
    const oldFiles = filesOfManifest(oldManifest);
    expect(oldFiles.length).toBeGreaterThan(2);
    for (const f of oldFiles) expect(store.files.has(f), `${f} of the leased generation`).toBe(true);
    // The old generation, read from its own manifest, is whole and unmixed.
    const copy = new MemoryBlobStore(new Map([...store.files].filter(([k]) => !k.startsWith(READERS_DIR))));
    copy.files.set(MANIFEST_FILE, oldManifest);
    const reread = await open(copy, true);
    expect(reread.warnings).toEqual([]);
    expect(snapshot(reread)).toEqual(before);

    await lease.release();
    await commitAll(writer, 4);
    const live = new Set(filesOfManifest(store.files.get(MANIFEST_FILE)!));
    const segments = [...store.files.keys()].filter((f) => /^(notes|vectors)\//.test(f));
    expect(segments.sort()).toEqual([...live].sort());
  });

  it('a writable reopen (a new writer after a crash) keeps what a live lease needs', async () => {
    const store = new MemoryBlobStore();
    const first = await open(store);
    await commitAll(first, 1);
    const oldFiles = filesOfManifest(store.files.get(MANIFEST_FILE)!);
    const lease = await takeReaderLease(store, owner);
    await commitAll(first, 2);
    // Files the first writer would have deleted later, left behind as if it died: simulate by
    // reopening writable, which collects everything the manifest does not name.
    const second = await open(store);
    for (const f of oldFiles) expect(store.files.has(f)).toBe(true);
    await lease.release();
    await commitAll(second, 3);
    for (const f of oldFiles) expect(store.files.has(f)).toBe(false);
  });

  it('a stale lease protects nothing and is swept by the writer', async () => {
    const store = new MemoryBlobStore();
    const writer = await open(store);
    await commitAll(writer, 1);
    const oldFiles = filesOfManifest(store.files.get(MANIFEST_FILE)!);
    await takeReaderLease(store, owner, { now: () => Date.now() - 61_000 });
    expect(await liveLeaseGenerations(store)).toEqual([]);
    await commitAll(writer, 2);
    for (const f of oldFiles) expect(store.files.has(f)).toBe(false);
    expect(await store.list(READERS_DIR)).toEqual([]);
  });

  it('a lease follows the manifest when a commit lands between reading it and writing the lease', async () => {
    const store = new MemoryBlobStore();
    const writer = await open(store);
    await commitAll(writer, 1);
    // The first lease write triggers a commit (the writer wins the race once).
    let raced = false;
    const racing: BlobStore = {
      read: (p) => store.read(p),
      list: (p) => store.list(p),
      delete: (p) => store.delete(p),
      write: async (p, d) => {
        await store.write(p, d);
        if (p.startsWith(READERS_DIR) && !raced) {
          raced = true;
          await commitAll(writer, 2);
        }
      },
    };
    const lease = await takeReaderLease(racing, owner);
    expect(lease.generation).toBe(2);
    expect(await liveLeaseGenerations(store)).toEqual([2]);
  });

  it('a file belongs to the generations from its own to the one before the commit that dropped it', () => {
    const f = 'notes/g000005-000.json.gz';
    expect(neededByLease(f, 8, [4])).toBe(false);
    expect(neededByLease(f, 8, [5])).toBe(true);
    expect(neededByLease(f, 8, [7])).toBe(true);
    expect(neededByLease(f, 8, [8])).toBe(false);
    expect(neededByLease(f, Infinity, [12])).toBe(true);
    expect(neededByLease('cache/lexical-terms.bin.gz', Infinity, [12])).toBe(false);
  });
});
