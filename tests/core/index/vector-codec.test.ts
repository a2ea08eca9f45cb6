import { describe, expect, it } from 'vitest';
import type { IndexData } from 'vectra';
import { LocalIndex } from 'vectra/browser';
import { VectorCodecError, VectorSegmentCodec } from '../../../src/core/index/vector-codec';
import { StagedFileStorage } from '../../../src/core/index/staged-file-storage';
import { MemoryBlobStore } from './memory-blob-store';

const codec = new VectorSegmentCodec();
const data = (items: IndexData['items']): IndexData => ({ version: 1, metadata_config: {}, items });

describe('VectorSegmentCodec', () => {
  it('round-trips ids, vectors, norms and metadata in 4 bytes per number plus a small header', () => {
    const input = data([
      { id: 'a', vector: [0.5, -0.25, 1e-7], norm: 1.25, metadata: {} },
      { id: 'b', vector: [1, 2, 3], norm: 3.7416573867739413, metadata: { kind: 'journal', n: 3, ok: true } },
    ]);
    const bytes = codec.serializeIndex(input);
    expect(bytes.length).toBeLessThan(200 + 2 * 3 * 4 + 2 * 8);
    const out = codec.deserializeIndex(bytes);
    expect(out.version).toBe(1);
    expect(out.items.map((i) => [i.id, Array.from(i.vector), i.norm, i.metadata])).toEqual([
      ['a', [0.5, -0.25, Math.fround(1e-7)], 1.25, {}],
      ['b', [1, 2, 3], 3.7416573867739413, { kind: 'journal', n: 3, ok: true }],
    ]);
  });

  it('reads from a buffer that starts at an odd offset', () => {
    const bytes = codec.serializeIndex(data([{ id: 'x', vector: [0.1, 0.2], norm: 0.5, metadata: {} }]));
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const out = codec.deserializeIndex(shifted.subarray(1) as never);
    expect(Array.from(out.items[0]!.vector)).toEqual([Math.fround(0.1), Math.fround(0.2)]);
  });

  it('writes an empty segment', () => {
    expect(codec.deserializeIndex(codec.serializeIndex(data([]))).items).toEqual([]);
  });

  it('refuses vectors of different lengths in one segment', () => {
    expect(() => codec.serializeIndex(data([
      { id: 'a', vector: [1, 2], norm: 1, metadata: {} },
      { id: 'b', vector: [1], norm: 1, metadata: {} },
    ]))).toThrow(VectorCodecError);
  });

  it('names what is wrong with damaged bytes', () => {
    const good = codec.serializeIndex(data([{ id: 'a', vector: [1, 2, 3], norm: 1, metadata: {} }]));
    expect(() => codec.deserializeIndex(good.subarray(0, good.length - 4) as never)).toThrow(/wrong byte length/);
    expect(() => codec.deserializeIndex(new Uint8Array([1, 2]) as never)).toThrow(/bad magic/);
    const badLength = good.slice();
    new DataView(badLength.buffer).setUint32(4, 1e6, true);
    expect(() => codec.deserializeIndex(badLength as never)).toThrow(/header runs past the end/);
  });

  it('is what a vectra LocalIndex reads and writes through the staged blob storage', async () => {
    const store = new MemoryBlobStore();
    const storage = new StagedFileStorage(store);
    const index = new LocalIndex('vectors', 'seg.vec', storage, codec);
    await index.createIndex({ version: 1 });
    await index.batchInsertItems([
      { id: 'h1', vector: [1, 0, 0], metadata: {} },
      { id: 'h2', vector: [0, 1, 0], metadata: {} },
    ]);
    expect(store.ops).toEqual([]); // staged until flushed
    await storage.flush();
    expect(store.writes()).toEqual(['vectors/seg.vec']); // one write, not vectra's empty file first

    const reader = new LocalIndex('vectors', 'seg.vec', new StagedFileStorage(store), codec);
    const hits = await reader.queryItems([0.1, 1, 0], '', 1);
    expect(hits.map((h) => h.item.id)).toEqual(['h2']);
  });
});
