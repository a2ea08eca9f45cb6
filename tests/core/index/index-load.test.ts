// Opening loads vector segments without vectra's per-item objects (straight into the table);
// these tests hold that path to the same file format and the same refusals.
import { describe, expect, it } from 'vitest';
import { LocalIndex } from 'vectra/browser';
import { IndexStore, MANIFEST_FILE } from '../../../src/core/index';
import { StagedFileStorage } from '../../../src/core/index/staged-file-storage';
import { VectorSegmentCodec } from '../../../src/core/index/vector-codec';
import { DIM, commitProseNotes, makeNote, prose, vectorFor, vectorsOf } from './fixtures';
import { MemoryBlobStore } from './memory-blob-store';

const MODEL = 'intfloat/multilingual-e5-small';
const codec = new VectorSegmentCodec();
const open = (store: MemoryBlobStore, readOnly = false) =>
  IndexStore.open(store, { modelId: MODEL, dimension: DIM, segmentBytes: 4096, readOnly });

interface Manifest {
  notes: { file: string; count: number }[];
  vectors: { file: string; count: number; bytes: number; weight: number }[];
}

async function committed(notes: number): Promise<{ store: MemoryBlobStore; index: IndexStore }> {
  const store = new MemoryBlobStore();
  const index = await open(store);
  await commitProseNotes(index, notes);
  return { store, index };
}

const manifestOf = (store: MemoryBlobStore): Manifest => JSON.parse(new TextDecoder().decode(store.files.get(MANIFEST_FILE))) as Manifest;
const saveManifest = (store: MemoryBlobStore, m: Manifest) => store.files.set(MANIFEST_FILE, new TextEncoder().encode(JSON.stringify({ ...manifestOf(store), ...m })));

/** Replaces a vector segment with these items, keeping the manifest's byte count right. */
function rewriteSegment(store: MemoryBlobStore, file: string, items: { id: string; vector: number[] }[], manifestCount?: number): void {
  const bytes = codec.serializeIndex({ version: 1, metadata_config: {}, items: items.map((i) => ({ ...i, norm: Math.hypot(...i.vector), metadata: {} })) });
  store.files.set(file, bytes);
  const m = manifestOf(store);
  const entry = m.vectors.find((e) => e.file === file)!;
  Object.assign(entry, { bytes: bytes.length, weight: bytes.length, count: manifestCount ?? items.length });
  saveManifest(store, m);
}

describe('loading vector segments', () => {
  it('writes segments that vectra itself opens, with the vectors the store serves', async () => {
    const { store, index } = await committed(40);
    const files = manifestOf(store).vectors.map((e) => e.file);
    expect(files.length).toBeGreaterThan(2);
    let seen = 0;
    for (const file of files) {
      const slash = file.lastIndexOf('/');
      const segment = new LocalIndex(file.slice(0, slash), file.slice(slash + 1), new StagedFileStorage(store), codec);
      for (const item of await segment.listItems()) {
        expect(Array.from(item.vector)).toEqual(Array.from(index.getVector(item.id)!));
        expect(item.norm).toBeCloseTo(1, 6);
        seen++;
      }
    }
    expect(seen).toBe(80);
  });

  it('loads every vector into place, whatever order the reads finish in, and queries as before the reopen', async () => {
    const { store, index } = await committed(40);
    const query = vectorFor('une question');
    const before = index.queryVectors(query, 10).map((h) => [h.chunk.id, h.score]);
    // Make the first segments the slowest to read, so later ones land first.
    const files = manifestOf(store).vectors.map((e) => e.file);
    const read = store.read.bind(store);
    store.read = async (path: string) => {
      const at = files.indexOf(path);
      if (at >= 0) await new Promise((r) => setTimeout(r, (files.length - at) * 3));
      return read(path);
    };
    const reopened = await open(store, true);
    expect(reopened.warnings).toEqual([]);
    expect(reopened.stats().vectors).toBe(80);
    expect(reopened.queryVectors(query, 10).map((h) => [h.chunk.id, h.score])).toEqual(before);
    for (const chunk of reopened.allChunks()) expect(reopened.getVector(chunk.textHash)).toEqual(index.getVector(chunk.textHash));
  });

  it('grows a loaded table past its headroom and finds the new vectors', async () => {
    const { store } = await committed(10);
    const index = await open(store);
    for (let i = 0; i < 700; i++) {
      const note = makeNote(`More/m${i}.md`, [`more ${i} ${prose(i, 80)}`, `again ${i} ${prose(i + 1, 80)}`]);
      index.putNote(note, vectorsOf(note));
    }
    expect(index.stats().vectors).toBe(20 + 1400); // past the 1,024 free rows a load leaves
    const target = index.getNote('More/m650.md')!.chunks[1]!;
    expect(index.queryVectors(vectorFor(target.text), 1)[0]!.chunk.id).toBe(target.id);
    await index.commit();
    const reopened = await open(store, true);
    expect(reopened.queryVectors(vectorFor(target.text), 1)[0]!.chunk.id).toBe(target.id);
  });

  it('drops, at the first commit after open, a stored vector no chunk uses', async () => {
    const { store } = await committed(40);
    const m = manifestOf(store);
    const file = m.vectors[0]!.file;
    const slash = file.lastIndexOf('/');
    const items = await new LocalIndex(file.slice(0, slash), file.slice(slash + 1), new StagedFileStorage(store), codec).listItems();
    rewriteSegment(store, file, [...items.map((i) => ({ id: i.id, vector: Array.from(i.vector) })), { id: 'orphan', vector: Array.from(vectorFor('orphan')) }]);

    const index = await open(store);
    expect(index.warnings).toEqual([]);
    expect(index.stats().vectors).toBe(81);
    expect(index.hasVector('orphan')).toBe(true);
    await index.commit();
    expect(index.hasVector('orphan')).toBe(false);
    expect(index.stats().vectors).toBe(80);
    expect(manifestOf(store).vectors.map((e) => e.file)).not.toContain(file);
    const reopened = await open(store, true);
    expect(reopened.stats().vectors).toBe(80);
    expect(reopened.hasVector('orphan')).toBe(false);
  });

  it('refuses a vector stored in two segments, a segment of another dimension, and a count the manifest does not match', async () => {
    const cases: [(store: MemoryBlobStore, m: Manifest) => void, RegExp][] = [
      [(store, m) => {
        const [a, b] = m.vectors;
        rewriteSegment(store, b!.file, [{ id: 'dup', vector: Array.from(vectorFor('x')) }]);
        rewriteSegment(store, a!.file, [{ id: 'dup', vector: Array.from(vectorFor('y')) }]);
      }, /vectors\/g000001-001\.vec: vector dup stored twice/],
      [(store, m) => rewriteSegment(store, m.vectors[1]!.file, [{ id: 'short', vector: [1, 0, 0] }]), /vectors\/g000001-001\.vec: 3-d vectors in a 8-d index/],
      [(store, m) => rewriteSegment(store, m.vectors[0]!.file, [{ id: 'one', vector: Array.from(vectorFor('z')) }], 2), /vectors\/g000001-000\.vec: 1 vectors, manifest says 2/],
    ];
    for (const [damage, warning] of cases) {
      const { store } = await committed(40);
      damage(store, manifestOf(store));
      const index = await open(store, true);
      expect(index.warnings).toHaveLength(1);
      expect(index.warnings[0]).toMatch(warning);
      expect(index.stats()).toMatchObject({ notes: 0, chunks: 0, vectors: 0 });
    }
  });

  it('refuses vector counts the files cannot hold before sizing the table for them', async () => {
    const cases: [(e: Manifest['vectors'][number]) => void, RegExp][] = [
      [(e) => (e.count = 1e9), /vectors\/g000001-000\.vec: 1000000000 vectors cannot fit in \d+ bytes/],
      [(e) => Object.assign(e, { count: 2 ** 40, bytes: 2 ** 52 }), /manifest\.json: no memory for 1099511627\d+ vectors of 8 dimensions/],
    ];
    for (const [damage, warning] of cases) {
      const { store } = await committed(40);
      const m = manifestOf(store);
      damage(m.vectors[0]!);
      saveManifest(store, m);
      const index = await open(store, true);
      expect(index.warnings).toEqual([expect.stringMatching(warning)]);
      expect(index.stats()).toMatchObject({ notes: 0, vectors: 0 });
    }
  });

  it('reports the failing segment, not the other reads it stops', async () => {
    const { store } = await committed(40);
    const m = manifestOf(store);
    // A bad note segment while vector segments are still being read, and the reverse.
    store.files.set(m.notes[0]!.file, new Uint8Array(store.files.get(m.notes[0]!.file)!.length));
    const index = await open(store, true);
    expect(index.warnings).toEqual([expect.stringMatching(/notes\/g000001-000\.json(\.gz)?: bad JSON/)]);

    const again = await committed(40);
    const last = manifestOf(again.store).vectors.at(-1)!.file;
    again.store.files.set(last, new Uint8Array(again.store.files.get(last)!.length));
    const index2 = await open(again.store, true);
    expect(index2.warnings).toEqual([expect.stringMatching(new RegExp(`${last}: not a vector segment`))]);
  });
});
