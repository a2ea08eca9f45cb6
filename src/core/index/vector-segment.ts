// Each vector segment file is one vectra LocalIndex (item id = text hash, no metadata), read and
// written through our staged FileStorage and binary codec. vectra is the file format and the
// loader here; queries run on the flat VectorTable (see vector-table.ts for why).
import { LocalIndex } from 'vectra/browser';
import type { StagedFileStorage } from './staged-file-storage';
import { VectorCodecError, VectorSegmentCodec } from './vector-codec';
import { IndexCorruptError } from './manifest';

const codec = new VectorSegmentCodec();
const FORMAT_VERSION = 1;

export interface StoredVector {
  id: string;
  vector: Float32Array;
  /** As vectra computed it when the segment was written. */
  norm?: number;
}

function openSegment(storage: StagedFileStorage, file: string): LocalIndex {
  const slash = file.lastIndexOf('/');
  return new LocalIndex(file.slice(0, slash), file.slice(slash + 1), storage, codec);
}

/** Stages the segment in `storage`; nothing reaches the blob store before `storage.flush()`. */
export async function writeVectorSegment(storage: StagedFileStorage, file: string, vectors: readonly StoredVector[]): Promise<void> {
  const index = openSegment(storage, file);
  await index.createIndex({ version: FORMAT_VERSION });
  await index.batchInsertItems(vectors.map((v) => ({ id: v.id, vector: v.vector as unknown as number[], metadata: {} })));
}

export async function readVectorSegment(storage: StagedFileStorage, file: string): Promise<StoredVector[]> {
  let items;
  try {
    items = await openSegment(storage, file).listItems();
  } catch (err) {
    if (err instanceof VectorCodecError) throw new IndexCorruptError(file, err.message);
    throw err;
  }
  return items.map((item) => ({ id: item.id, vector: item.vector as unknown as Float32Array, norm: item.norm }));
}
