// Bad index content never throws: it opens empty with one warning line. A crash between any
// two writes of a commit leaves the old index or the new one, exactly.
import { describe, expect, it } from 'vitest';
import { IndexStore, MANIFEST_FILE } from '../../../src/core/index';
import { DIM, commitProseNotes, makeNote, prose, snapshot, vectorsOf } from './fixtures';
import { MemoryBlobStore } from './memory-blob-store';

const MODEL = 'intfloat/multilingual-e5-small';
const SEGMENT_BYTES = 6000;
const open = (store: MemoryBlobStore) => IndexStore.open(store, { modelId: MODEL, dimension: DIM, segmentBytes: SEGMENT_BYTES });

async function committedStore(notes = 8): Promise<MemoryBlobStore> {
  const store = new MemoryBlobStore();
  const index = await open(store);
  await commitProseNotes(index, notes);
  return store;
}

function manifest(store: MemoryBlobStore): Record<string, unknown> & { notes: { file: string }[]; vectors: { file: string }[] } {
  return JSON.parse(new TextDecoder().decode(store.files.get(MANIFEST_FILE))) as never;
}

async function expectRefused(store: MemoryBlobStore, warning: RegExp): Promise<IndexStore> {
  const index = await open(store);
  expect(index.warnings).toHaveLength(1);
  expect(index.warnings[0]).toMatch(warning);
  expect(index.stats()).toMatchObject({ notes: 0, chunks: 0, vectors: 0 });
  return index;
}

describe('opening a damaged index', () => {
  it('reports a manifest that is not JSON', async () => {
    const store = await committedStore();
    store.files.set(MANIFEST_FILE, new TextEncoder().encode('{"schemaVersion": 1, "generat'));
    await expectRefused(store, /^Index was corrupt \(manifest\.json: bad JSON\); rebuilding\.$/);
  });

  it('reports a manifest with a bad shape or a file name it did not write', async () => {
    for (const patch of [{ generation: -1 }, { notes: 'x' }, { vectors: [{ file: '../../etc/passwd', count: 1, bytes: 1, weight: 1 }] }]) {
      const store = await committedStore();
      store.files.set(MANIFEST_FILE, new TextEncoder().encode(JSON.stringify({ ...manifest(store), ...patch })));
      await expectRefused(store, /^Index was corrupt \(manifest\.json: (bad|no) .+\); rebuilding\.$/);
    }
  });

  it('reports an older and a newer schema', async () => {
    for (const [version, text] of [
      [0, 'Index format v0 is older than this version\'s v1; rebuilding.'],
      [2, 'Index format v2 was written by a newer version (this one reads v1); rebuilding.'],
    ] as const) {
      const store = await committedStore();
      store.files.set(MANIFEST_FILE, new TextEncoder().encode(JSON.stringify({ ...manifest(store), schemaVersion: version })));
      const index = await open(store);
      expect(index.warnings).toEqual([text]);
      expect(index.noteCount).toBe(0);
    }
  });

  it('reports a truncated vector segment and a truncated notes segment', async () => {
    for (const kind of ['vectors', 'notes'] as const) {
      const store = await committedStore();
      const file = manifest(store)[kind][0]!.file;
      const bytes = store.files.get(file)!;
      store.files.set(file, bytes.subarray(0, bytes.length - 7));
      await expectRefused(store, new RegExp(`^Index was corrupt \\(${file}: wrong byte length \\(${bytes.length - 7}, manifest says ${bytes.length}\\)\\); rebuilding\\.$`));
    }
  });

  it('reports a missing segment', async () => {
    const store = await committedStore();
    const file = manifest(store).vectors[0]!.file;
    store.files.delete(file);
    await expectRefused(store, new RegExp(`^Index was corrupt \\(${file}: missing\\); rebuilding\\.$`));
  });

  it('reports segments whose bytes are damaged but whose length is right', async () => {
    const cases: [kind: 'vectors' | 'notes', at: (n: number) => number, warning: RegExp][] = [
      ['vectors', () => 0, /vectors\/g000001-000\.vec: not a vector segment \(bad magic\)/],
      ['vectors', () => 9, /vectors\/g000001-000\.vec: bad header JSON/],
      ['notes', (n) => n - 5, /notes\/g000001-000\.json\.gz: bad gzip data/], // the gzip CRC catches it
    ];
    for (const [kind, at, warning] of cases) {
      const store = await committedStore();
      const file = manifest(store)[kind][0]!.file;
      const bytes = store.files.get(file)!.slice();
      bytes[at(bytes.length)] ^= 0xff;
      store.files.set(file, bytes);
      await expectRefused(store, warning);
    }
  });

  it('reports a notes segment whose JSON is valid but whose records are not', async () => {
    const store = await committedStore();
    const m = manifest(store);
    const data = new TextEncoder().encode(JSON.stringify({ notes: [{ path: 'x.md', hash: 'h', mtime: 1, size: 1, meta: { title: 't' }, chunks: [] }] }));
    store.files.set('notes/g000001-000.json', data);
    m.notes = [{ file: 'notes/g000001-000.json', count: 1, bytes: data.length, weight: data.length } as never];
    store.files.set(MANIFEST_FILE, new TextEncoder().encode(JSON.stringify(m)));
    await expectRefused(store, /notes\/g000001-000\.json: note 0: meta: bad aliases or tags/);
  });

  it('rebuilds after a refusal: the next commit replaces the damaged generation and its files', async () => {
    const store = await committedStore();
    const damaged = manifest(store).notes[0]!.file;
    store.files.set(damaged, new Uint8Array([1, 2, 3]));
    const index = await expectRefused(store, /wrong byte length/);
    const note = makeNote('Notes/new.md', ['reconstruit']);
    index.putNote(note, vectorsOf(note));
    await index.commit();
    expect(store.files.has(damaged)).toBe(false);
    const reopened = await open(store.restart());
    expect(reopened.warnings).toEqual([]);
    expect(snapshot(reopened)).toEqual(snapshot(index));
  });
});

describe('a crash during a commit', () => {
  /** Writes of one commit from `before` to `after`, crashing at each write in turn. */
  async function crashEverywhere(
    setup: (index: IndexStore) => void,
    change: (index: IndexStore) => void,
  ): Promise<number> {
    // A clean run gives the expected old and new states and the number of writes.
    const base = new MemoryBlobStore();
    const first = await open(base);
    setup(first);
    if (first.noteCount > 0) await first.commit();
    const before = snapshot(await open(base.restart()));
    const clean = base.restart();
    const writer = await open(clean);
    change(writer);
    clean.clearLog();
    await writer.commit();
    const writes = clean.writes().length;
    const after = snapshot(await open(clean.restart()));
    expect(after).not.toEqual(before);

    const survive = async (store: MemoryBlobStore, expected: typeof before) => {
      const survivor = store.restart();
      const reopened = await open(survivor);
      expect(reopened.warnings).toEqual([]);
      expect(snapshot(reopened)).toEqual(expected);
      // Files the crash left behind are gone after the open.
      const named = new Set(
        (survivor.files.has(MANIFEST_FILE) ? [...manifest(survivor).notes, ...manifest(survivor).vectors] : []).map((e) => e.file),
      );
      expect((await survivor.list('')).filter((f) => f !== MANIFEST_FILE && !named.has(f))).toEqual([]);
      return { reopened, survivor };
    };

    // Killed at each write: the manifest is the last write, so the old index survives, and the
    // next run can commit the same change.
    for (let n = 1; n <= writes; n++) {
      const store = base.restart();
      const index = await open(store);
      change(index);
      store.crashAtWrite(n);
      await expect(index.commit()).rejects.toThrow(/simulated crash/);
      const { reopened, survivor } = await survive(store, before);
      change(reopened);
      await reopened.commit();
      expect(snapshot(await open(survivor.restart()))).toEqual(after);
    }

    // Killed right after the manifest, before any old file is deleted: the new index survives.
    const store = base.restart();
    const index = await open(store);
    change(index);
    store.dieAfterWrites(writes);
    await index.commit();
    expect(store.deletes()).toEqual([]);
    await survive(store, after);
    return writes;
  }

  it('leaves the old index at every write of an update, a delete and a rename', async () => {
    const writes = await crashEverywhere(
      (index) => {
        for (let i = 0; i < 12; i++) {
          const note = makeNote(`Notes/n${i}.md`, [prose(i * 2), prose(i * 2 + 1)]);
          index.putNote(note, vectorsOf(note));
        }
      },
      (index) => {
        const edited = makeNote('Notes/n3.md', [prose(6), 'réécrit']);
        index.putNote(edited, vectorsOf(edited));
        index.deleteNote('Notes/n7.md');
        index.renameNote('Notes/n9.md', 'Archives/n9.md');
        const added = makeNote('Notes/nouvelle.md', [prose(100), prose(101), prose(102)]);
        index.putNote(added, vectorsOf(added));
      },
    );
    expect(writes).toBeGreaterThanOrEqual(3);
  });

  it('leaves no index at every write of the very first commit', async () => {
    const writes = await crashEverywhere(
      () => undefined,
      (index) => {
        for (let i = 0; i < 10; i++) {
          const note = makeNote(`Notes/n${i}.md`, [prose(i * 2), prose(i * 2 + 1)]);
          index.putNote(note, vectorsOf(note));
        }
      },
    );
    expect(writes).toBeGreaterThanOrEqual(4);
  });

  it('loads the new index when the crash comes after the manifest, during the deletions', async () => {
    const store = await committedStore(12);
    const index = await open(store);
    index.deleteNote('Notes/n1.md');
    index.deleteNote('Notes/n5.md');
    const deletesFrom = new (class extends MemoryBlobStore {
      override async delete(): Promise<void> {
        throw new Error('killed');
      }
    })(store.files);
    const writer = await open(deletesFrom);
    writer.deleteNote('Notes/n1.md');
    writer.deleteNote('Notes/n5.md');
    await writer.commit(); // failed deletions are only logged
    const reopened = await open(deletesFrom.restart());
    expect(reopened.warnings).toEqual([]);
    expect(snapshot(reopened)).toEqual(snapshot(index));
  });
});
