// Every note record in memory, with its chunks by id and by text hash. The loader fills one
// segment at a time while later segments are still being read and gunzipped, so building these
// maps (a tenth of a 50k open) overlaps the reads instead of following them; the index store
// then keeps it up to date.
import type { ChunkRecord, NoteRecord } from '../types';

export class NoteCatalog {
  readonly notes = new Map<string, NoteRecord>();
  readonly chunksById = new Map<string, ChunkRecord>();
  /** Chunks sharing a text share its vector. */
  readonly chunksByHash = new Map<string, ChunkRecord[]>();
  private chunkTotal = 0;

  get chunkCount(): number {
    return this.chunkTotal;
  }

  /** Adds a record whose path is not in the catalog (remove the old one first). */
  add(record: NoteRecord): void {
    this.notes.set(record.path, record);
    for (const chunk of record.chunks) {
      this.chunksById.set(chunk.id, chunk);
      const list = this.chunksByHash.get(chunk.textHash);
      if (list) list.push(chunk);
      else this.chunksByHash.set(chunk.textHash, [chunk]);
    }
    this.chunkTotal += record.chunks.length;
  }

  /**
   * Removes the record at `path`, if any, and returns it; `onLastChunk` gets each text hash that
   * no chunk uses any more.
   */
  remove(path: string, onLastChunk: (textHash: string) => void): NoteRecord | undefined {
    const record = this.notes.get(path);
    if (!record) return undefined;
    this.notes.delete(path);
    for (const chunk of record.chunks) {
      if (this.chunksById.get(chunk.id) === chunk) this.chunksById.delete(chunk.id);
      const list = this.chunksByHash.get(chunk.textHash);
      if (!list) continue;
      const at = list.indexOf(chunk);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) {
        this.chunksByHash.delete(chunk.textHash);
        onLastChunk(chunk.textHash);
      }
    }
    this.chunkTotal -= record.chunks.length;
    return record;
  }
}
