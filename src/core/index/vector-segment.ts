// Each vector segment file is one vectra LocalIndex (item id = text hash, no metadata), written
// through our staged FileStorage and binary codec. Reading needs none of LocalIndex's item
// objects: its load is codec.deserializeIndex(bytes), and the loader takes the same bytes through
// the codec's block parser, straight into the vector table (vectra still opens every segment; a
// test checks it). Queries run on the flat VectorTable (see vector-table.ts for why).
// vectra is imported when a segment is first written, not at load: its browser entry pulls in
// storage, embeddings and colour-output modules whose evaluation was the largest part of
// main.js's top-level run (a bundler makes the import a lazily evaluated module).
import type { StagedFileStorage } from './staged-file-storage';
import { parseVectorSegment, VectorCodecError, VectorSegmentCodec, type VectorSegment } from './vector-codec';
import { IndexCorruptError } from './manifest';

export const vectorCodec = new VectorSegmentCodec();
const FORMAT_VERSION = 1;

export interface StoredVector {
  id: string;
  vector: Float32Array;
}

/** Stages the segment in `storage`; nothing reaches the blob store before `storage.flush()`. */
export async function writeVectorSegment(storage: StagedFileStorage, file: string, vectors: readonly StoredVector[]): Promise<void> {
  const slash = file.lastIndexOf('/');
  const { LocalIndex } = await import('vectra/browser');
  const index = new LocalIndex(file.slice(0, slash), file.slice(slash + 1), storage, vectorCodec);
  await index.createIndex({ version: FORMAT_VERSION });
  await index.batchInsertItems(vectors.map((v) => ({ id: v.id, vector: v.vector as unknown as number[], metadata: {} })));
}

/** The segment's ids, vectors and norms as blocks; bad bytes are an IndexCorruptError naming the file. */
export function readVectorSegment(file: string, bytes: Uint8Array): VectorSegment {
  try {
    return parseVectorSegment(bytes);
  } catch (err) {
    if (err instanceof VectorCodecError) throw new IndexCorruptError(file, err.message);
    throw err;
  }
}
