// The persistent index: note records, their chunks, and one vector per distinct chunk text.
// Everything lives in memory; changes are staged there and `commit()` writes only the segment
// files they touch, then the manifest (see README.md in this folder for the layout, the commit
// protocol and what a crash leaves behind).
//
// Vectors are keyed by the chunk's textHash alone: the model id is part of the key at the index
// level (a different model or dimension drops every vector at open), so an unchanged chunk is
// never embedded twice — not after a restart, a move, or in another note with the same text.
import { isSegmentFile } from './own-files';
import { silentLogger, type BlobStore, type Logger } from '../ports';
import { noticeLogText, type CoreNotice } from '../notices';
import type { ChunkRecord, NoteRecord } from '../types';
import { loadIndex } from './index-loader';
import {
  MANIFEST_FILE,
  NOTES_DIR,
  SCHEMA_VERSION,
  VECTORS_DIR,
  generationOf,
  segmentFile,
  serializeManifest,
  type Manifest,
  type SegmentEntry,
} from './manifest';
import { NoteCatalog } from './note-catalog';
import { liveLeaseGenerations, neededByLease } from './reader-lease';
import { encodeNoteSegment } from './note-segment';
import { canCompress } from '../util/gzip';
import { planSegments, type Segment } from './segment-plan';
import { SegmentSet } from './segment-set';
import { StagedFileStorage } from './staged-file-storage';
import { writeVectorSegment, type StoredVector } from './vector-segment';
import { TopK, VectorTable } from './vector-table';
import type { Yielder } from '../util/yield';

export interface IndexStoreOptions {
  /** Model whose vectors this index holds; null when no model is available (vectors on disk are kept, none can be added). */
  modelId: string | null;
  /** Vector dimension if known; null takes it from the index on disk or from the first vector stored. */
  dimension: number | null;
  logger?: Logger;
  /**
   * Target bytes per segment file (default 1 MiB). An edit rewrites about one segment of notes
   * and one of vectors; a 50k-chunk index at 384 dimensions is then about 120 files.
   */
  segmentBytes?: number;
  /** Never writes nor deletes. Open writable only while holding the writer lock (write-lock.ts). */
  readOnly?: boolean;
  /** Heartbeat age after which a reader's lease is ignored (reader-lease.ts; default 60 s). */
  leaseStaleMs?: number;
}

export interface IndexStats {
  notes: number;
  chunks: number;
  vectors: number;
  modelId: string | null;
  dimension: number | null;
  schemaVersion: number;
  /** Generation of the last commit on disk (0 before the first). */
  generation: number;
}

export interface VectorHit {
  chunk: ChunkRecord;
  /** Cosine similarity. */
  score: number;
}

interface StoredSegment extends Segment {
  entry: SegmentEntry;
}

const DEFAULT_SEGMENT_BYTES = 1 << 20;

export class IndexStore {
  /** What the user should know of the load (a model change, a rebuild), as codes for clients to word. */
  readonly notices: CoreNotice[] = [];
  /** The same in English, for logs and the CLI's and MCP's warning lines. */
  get warnings(): string[] {
    return this.notices.map(noticeLogText);
  }

  private _modelId: string | null;
  private _dimension: number | null;
  private table: VectorTable | null = null;

  private catalog = new NoteCatalog();
  /** Stored vectors that lost their last chunk since the last commit; dropped at commit. */
  private readonly unreferenced = new Set<string>();
  /**
   * Vectors loaded at open may have no chunk (their notes were dropped in a session that did
   * not commit again). Only a commit acts on that, so the check of every vector waits for it.
   */
  private loadedVectorsUnchecked = false;

  private readonly noteSegments = new SegmentSet<StoredSegment>();
  private readonly vectorSegments = new SegmentSet<StoredSegment>();

  private dirtyNotes = new Set<string>();
  private dirtyVectors = new Set<string>();
  private manifestDirty = false;
  /**
   * Files no manifest will name again, deleted after the next successful commit unless a
   * reader's lease still needs them: file → generation of the commit that dropped it (null:
   * the next commit; Infinity: unknown, so kept for any lease of a generation it may be in).
   */
  private readonly garbage = new Map<string, number | null>();
  private generation = 0;
  private nextGeneration = 1;
  /** The commit being written, if any; never rejects. */
  private inFlight: Promise<void> | null = null;

  private readonly logger: Logger;
  private readonly segmentBytes: number;
  private readonly readOnly: boolean;
  private readonly leaseStaleMs: number | undefined;

  private constructor(
    private readonly store: BlobStore,
    opts: IndexStoreOptions,
  ) {
    this._modelId = opts.modelId;
    this._dimension = opts.dimension;
    this.logger = opts.logger ?? silentLogger;
    this.segmentBytes = Math.max(4096, opts.segmentBytes ?? DEFAULT_SEGMENT_BYTES);
    this.readOnly = opts.readOnly ?? false;
    this.leaseStaleMs = opts.leaseStaleMs;
  }

  /** Never throws for bad index content: it opens empty with a line in `warnings` instead. */
  static async open(store: BlobStore, opts: IndexStoreOptions): Promise<IndexStore> {
    const index = new IndexStore(store, opts);
    await index.load();
    return index;
  }

  get modelId(): string | null {
    return this._modelId;
  }

  get dimension(): number | null {
    return this._dimension;
  }

  get noteCount(): number {
    return this.catalog.notes.size;
  }

  get chunkCount(): number {
    return this.catalog.chunkCount;
  }

  notes(): IterableIterator<NoteRecord> {
    return this.catalog.notes.values();
  }

  getNote(path: string): NoteRecord | undefined {
    return this.catalog.notes.get(path);
  }

  chunkById(id: string): ChunkRecord | undefined {
    return this.catalog.chunksById.get(id);
  }

  *allChunks(): IterableIterator<ChunkRecord> {
    for (const note of this.catalog.notes.values()) yield* note.chunks;
  }

  hasVector(textHash: string): boolean {
    return this.table?.has(textHash) ?? false;
  }

  /** A copy of the stored vector for this chunk text under the index's model. */
  getVector(textHash: string): Float32Array | undefined {
    return this.table?.get(textHash);
  }

  /**
   * Stages a note (replacing any note at its path). `vectors` needs entries only for chunk
   * texts without a stored vector; others are ignored. A chunk left without a vector is kept
   * and is simply not found by `queryVectors` until a vector is supplied. The index keeps the
   * record object: do not mutate it afterwards.
   */
  putNote(record: NoteRecord, vectors: ReadonlyMap<string, Float32Array>): void {
    this.assertWritable();
    // Checked before any change, so a bad vector leaves the index as it was.
    let dimension = this._dimension;
    for (const chunk of record.chunks) {
      const v = this.table?.has(chunk.textHash) ? undefined : vectors.get(chunk.textHash);
      if (!v) continue;
      if (this._modelId === null) throw new Error('This index was opened without a model id; it cannot store vectors.');
      dimension ??= v.length;
      if (v.length !== dimension) throw new Error(`A ${v.length}-dimension vector cannot go into a ${dimension}-dimension index.`);
    }
    this.detach(record.path);
    this.attach(record);
    for (const chunk of record.chunks) {
      const v = vectors.get(chunk.textHash);
      if (v && !this.table?.has(chunk.textHash)) this.storeVector(chunk.textHash, v);
    }
  }

  deleteNote(path: string): void {
    this.assertWritable();
    this.detach(path);
  }

  /**
   * Moves a note's record: chunk ids and paths follow, the title too when it was the file
   * name. Text hashes do not change, so no vector is touched or re-embedded.
   */
  renameNote(from: string, to: string): void {
    this.assertWritable();
    const record = this.catalog.notes.get(from);
    if (!record || from === to) return;
    this.detach(to);
    this.detach(from);
    this.attach(movedRecord(record, from, to));
  }

  /**
   * The k chunks most similar to `vector` (cosine), best first, among those `allow` accepts.
   * Chunks sharing a text share a vector and a score.
   */
  queryVectors(vector: Float32Array, k: number, allow?: (chunk: ChunkRecord) => boolean): VectorHit[] {
    const table = this.table;
    if (!table || k <= 0 || table.size === 0) return [];
    const scores = table.scoreAll(vector);
    const top = new TopK<ChunkRecord>(k);
    // Only rows that beat the current k-th score are looked at further, so the filter runs
    // on a few hundred rows rather than on all of them.
    let threshold = -Infinity;
    for (let row = 0; row < scores.length; row++) {
      const score = scores[row];
      if (!(score > threshold)) continue;
      const chunks = this.catalog.chunksByHash.get(table.keyAt(row));
      if (!chunks) continue;
      for (const chunk of chunks) if (!allow || allow(chunk)) top.offer(score, chunk);
      threshold = top.threshold;
    }
    return top.sorted(byId).map(({ score, value }) => ({ chunk: value, score }));
  }

  stats(): IndexStats {
    return {
      notes: this.catalog.notes.size,
      chunks: this.catalog.chunkCount,
      vectors: this.table?.size ?? 0,
      modelId: this._modelId,
      dimension: this._dimension,
      schemaVersion: SCHEMA_VERSION,
      generation: this.generation,
    };
  }

  /**
   * Writes what changed since the last commit: new segment files, then the manifest (atomic),
   * then deletes the files it no longer names. A no-op when nothing changed, so it is cheap
   * to call on a timer. Concurrent calls run one after the other. `pause` runs between notes
   * while they are serialised.
   */
  commit(pause?: Yielder): Promise<void> {
    if (this.readOnly) return Promise.reject(new Error('This index was opened read-only; it cannot be written.'));
    // Called directly, commitOnce takes its snapshot before returning: what was staged before
    // this call is in this commit, what is staged after it goes to the next one.
    const previous = this.inFlight;
    const run = previous ? previous.then(() => this.commitOnce(pause)) : this.commitOnce(pause);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight = settled;
    void settled.then(() => {
      if (this.inFlight === settled) this.inFlight = null;
    });
    return run;
  }

  // ---- loading ----------------------------------------------------------------------------

  private async load(): Promise<void> {
    const started = performance.now();
    const loaded = await loadIndex(this.store, { modelId: this._modelId, dimension: this._dimension });
    this.notices.push(...loaded.notices);
    for (const w of loaded.notices.map(noticeLogText)) this.logger.warn(w);
    this._modelId = loaded.modelId;
    this._dimension = loaded.dimension;
    this.generation = loaded.generation;
    this.manifestDirty = loaded.manifestDirty;
    for (const f of loaded.superseded) this.garbage.set(f, null);

    this.catalog = loaded.catalog;
    for (const { entry, items } of loaded.notes) this.noteSegments.add({ file: entry.file, keys: items, weight: entry.weight, entry });
    if (loaded.vectors) {
      this.table = loaded.vectors.table;
      this.loadedVectorsUnchecked = true;
      for (const { entry, items } of loaded.vectors.segments) this.vectorSegments.add({ file: entry.file, keys: items, weight: entry.weight, entry });
    }

    let highest = loaded.generation;
    if (!this.readOnly) highest = Math.max(highest, await this.collectOrphans(loaded.referenced));
    this.nextGeneration = highest + 1;
    const s = this.stats();
    this.logger.debug(
      `Index opened: ${s.notes} notes, ${s.chunks} chunks, ${s.vectors} vectors (${Math.round(performance.now() - started)} ms).`,
    );
  }

  /**
   * Deletes files of commits that never reached the manifest, and of older generations no
   * reader's lease needs. Returns the highest generation seen in any file name, so new files
   * never reuse a name.
   */
  private async collectOrphans(referenced: ReadonlySet<string>): Promise<number> {
    let highest = 0;
    const leases = await this.leases();
    for (const dir of [NOTES_DIR, VECTORS_DIR]) {
      for (const file of await this.store.list(dir)) {
        highest = Math.max(highest, generationOf(file) ?? 0);
        // Only segment files this index names are its own to delete.
        if (referenced.has(file) || !isSegmentFile(file)) continue;
        if (leases === null || neededByLease(file, Infinity, leases)) {
          this.garbage.set(file, Infinity);
          continue;
        }
        try {
          await this.store.delete(file);
        } catch (err) {
          this.logger.warn(`Could not delete leftover index file ${file}: ${String(err)}`);
        }
      }
    }
    return highest;
  }

  // ---- in-memory bookkeeping --------------------------------------------------------------

  private assertWritable(): void {
    if (this.readOnly) throw new Error('This index was opened read-only; it cannot be changed.');
  }

  private attach(record: NoteRecord): void {
    this.catalog.add(record);
    for (const chunk of record.chunks) this.unreferenced.delete(chunk.textHash);
    this.dirtyNotes.add(record.path);
  }

  private detach(path: string): void {
    const removed = this.catalog.remove(path, (hash) => {
      if (this.table?.has(hash)) this.unreferenced.add(hash);
    });
    if (removed) this.dirtyNotes.add(path);
  }

  private storeVector(hash: string, v: Float32Array): void {
    if (!this.table) {
      if (this._dimension === null) {
        this._dimension = v.length;
        this.manifestDirty = true;
      }
      this.table = new VectorTable(this._dimension);
    }
    this.table.set(hash, v);
    this.dirtyVectors.add(hash);
  }

  private dropUnreferencedVectors(): void {
    const byHash = this.catalog.chunksByHash;
    if (this.loadedVectorsUnchecked && this.table) {
      for (const hash of this.table.keys()) if (!byHash.has(hash)) this.unreferenced.add(hash);
    }
    this.loadedVectorsUnchecked = false;
    for (const hash of this.unreferenced) {
      if (byHash.has(hash) || !this.table?.has(hash)) continue;
      this.table.delete(hash);
      this.dirtyVectors.add(hash);
    }
    this.unreferenced.clear();
  }

  // ---- committing -------------------------------------------------------------------------

  private async commitOnce(pause?: Yielder): Promise<void> {
    this.dropUnreferencedVectors();
    if (this.dirtyNotes.size === 0 && this.dirtyVectors.size === 0 && !this.manifestDirty) return;

    // Everything the files will contain is taken synchronously here, so notes staged while the
    // writes are in flight go to the next commit.
    const notesChanged = this.dirtyNotes;
    const vectorsChanged = this.dirtyVectors;
    const manifestWasDirty = this.manifestDirty;
    this.dirtyNotes = new Set();
    this.dirtyVectors = new Set();
    this.manifestDirty = false;
    const generation = this.nextGeneration++;
    const table = this.table;
    const dimension = this._dimension ?? 0;

    const notePlan = planSegments(this.noteSegments.values(), notesChanged, {
      live: (path) => this.catalog.notes.has(path),
      weight: (path) => noteWeight(this.catalog.notes.get(path)!),
      segmentOf: (path) => this.noteSegments.segmentOf(path),
      target: this.segmentBytes,
    });
    const vectorPlan = planSegments(this.vectorSegments.values(), vectorsChanged, {
      live: (hash) => table?.has(hash) ?? false,
      weight: () => dimension * 4 + 80,
      segmentOf: (hash) => this.vectorSegments.segmentOf(hash),
      target: this.segmentBytes,
    });
    const noteGroups = notePlan.write.map((paths) => paths.map((p) => this.catalog.notes.get(p)!));
    const vectorGroups = vectorPlan.write.map((hashes) => hashes.map((id): StoredVector => ({ id, vector: table!.get(id)! })));
    const manifestBase = { schemaVersion: SCHEMA_VERSION, generation, modelId: this._modelId, dimension: this._dimension };

    const storage = new StagedFileStorage(this.store);
    let newNotes: StoredSegment[] = [];
    let newVectors: StoredSegment[] = [];
    try {
      newNotes = await this.stageNoteSegments(storage, generation, noteGroups, pause);
      newVectors = await this.stageVectorSegments(storage, generation, vectorGroups);
      // Until the manifest names them; dropped "by" their own generation, so no lease keeps them.
      for (const seg of [...newNotes, ...newVectors]) this.garbage.set(seg.file, generation);
      await storage.flush();
      const manifest: Manifest = {
        ...manifestBase,
        notes: [...notePlan.keep, ...newNotes].map((s) => (s as StoredSegment).entry),
        vectors: [...vectorPlan.keep, ...newVectors].map((s) => (s as StoredSegment).entry),
      };
      await this.store.write(MANIFEST_FILE, serializeManifest(manifest));
    } catch (err) {
      for (const k of notesChanged) this.dirtyNotes.add(k);
      for (const k of vectorsChanged) this.dirtyVectors.add(k);
      if (manifestWasDirty) this.manifestDirty = true;
      throw err;
    }

    for (const seg of [...newNotes, ...newVectors]) this.garbage.delete(seg.file);
    this.generation = generation;
    this.noteSegments.apply(notePlan, newNotes);
    this.vectorSegments.apply(vectorPlan, newVectors);
    for (const [file, droppedAt] of this.garbage) if (droppedAt === null) this.garbage.set(file, generation);
    for (const seg of [...notePlan.drop, ...vectorPlan.drop]) this.garbage.set(seg.file, generation);
    await this.deleteGarbage();
  }

  private async stageNoteSegments(storage: StagedFileStorage, generation: number, groups: NoteRecord[][], pause?: Yielder): Promise<StoredSegment[]> {
    const out: StoredSegment[] = [];
    for (const [i, records] of groups.entries()) {
      const encoded = await encodeNoteSegment(records, canCompress, pause);
      const file = segmentFile('notes', generation, i, encoded.compressed);
      storage.stage(file, encoded.data);
      const entry = { file, count: records.length, bytes: encoded.data.length, weight: encoded.weight };
      out.push({ file, keys: records.map((r) => r.path), weight: entry.weight, entry });
    }
    return out;
  }

  private async stageVectorSegments(storage: StagedFileStorage, generation: number, groups: StoredVector[][]): Promise<StoredSegment[]> {
    const out: StoredSegment[] = [];
    for (const [i, vectors] of groups.entries()) {
      const file = segmentFile('vectors', generation, i);
      await writeVectorSegment(storage, file, vectors);
      const bytes = (await storage.readFile(file)).length;
      const entry = { file, count: vectors.length, bytes, weight: bytes };
      out.push({ file, keys: vectors.map((v) => v.id), weight: bytes, entry });
    }
    return out;
  }

  /** Garbage is never named by the manifest on disk, so a failed delete only wastes space until the next open. */
  private async deleteGarbage(): Promise<void> {
    if (this.garbage.size === 0) return;
    const leases = await this.leases();
    if (leases === null) return;
    for (const [file, droppedAt] of [...this.garbage]) {
      if (droppedAt === null || neededByLease(file, droppedAt, leases)) continue;
      try {
        await this.store.delete(file);
        this.garbage.delete(file);
      } catch (err) {
        this.logger.warn(`Could not delete old index file ${file}: ${String(err)}`);
      }
    }
  }

  /** Generations readers hold (stale leases swept); null when they cannot be listed: then nothing is deleted. */
  private async leases(): Promise<number[] | null> {
    try {
      return await liveLeaseGenerations(this.store, { sweep: true, ...(this.leaseStaleMs !== undefined ? { staleMs: this.leaseStaleMs } : {}) });
    } catch (err) {
      this.logger.warn(`Could not read the index readers' leases (${String(err)}); old index files are kept for now.`);
      return null;
    }
  }
}

function byId(a: ChunkRecord, b: ChunkRecord): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Roughly the JSON bytes of a record; the planner only needs the right order of magnitude. */
function noteWeight(r: NoteRecord): number {
  let w = 300 + r.path.length + r.hash.length + r.meta.title.length;
  for (const l of r.meta.links) w += 60 + l.target.length + (l.excerpt?.length ?? 0);
  for (const c of r.chunks) {
    w += 160 + c.id.length + c.path.length + c.text.length + c.textHash.length;
    for (const h of c.headingPath) w += h.length + 3;
  }
  return w;
}

function movedRecord(record: NoteRecord, from: string, to: string): NoteRecord {
  const oldBase = basename(from);
  return {
    ...record,
    path: to,
    meta: record.meta.title === oldBase ? { ...record.meta, title: basename(to) } : record.meta,
    chunks: record.chunks.map((c) => ({
      ...c,
      path: to,
      id: c.id.startsWith(`${from}#`) ? `${to}${c.id.slice(from.length)}` : c.id,
    })),
  };
}

function basename(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.toLowerCase().endsWith('.md') ? name.slice(0, -3) : name;
}
