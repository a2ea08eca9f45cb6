// Reads one whole generation of the index, or refuses it with a one-line reason. Bad content
// (bad JSON, wrong byte length, missing file, other schema) never throws: the caller gets an
// empty index and a warning, and rebuilds. Errors of the store itself (permissions, I/O) do throw.
import type { CoreNotice } from '../notices';
import type { BlobStore } from '../ports';
import {
  IndexCorruptError,
  IndexSchemaError,
  MANIFEST_FILE,
  parseManifest,
  SCHEMA_VERSION,
  type Manifest,
  type SegmentEntry,
} from './manifest';
import { NoteCatalog } from './note-catalog';
import { decodeNoteSegment } from './note-segment';
import { readVectorSegment } from './vector-segment';
import { VectorTable } from './vector-table';

export interface LoadedSegment<T> {
  entry: SegmentEntry;
  items: T[];
}

export interface LoadedVectors {
  /** Every stored vector, in manifest order, with room to grow. */
  table: VectorTable;
  /** The ids of each segment, in manifest order. */
  segments: LoadedSegment<string>[];
}

export interface LoadedIndex {
  /** Generation of the manifest on disk, 0 when there is none or it is unreadable. */
  generation: number;
  modelId: string | null;
  dimension: number | null;
  /** Every note, its chunks by id and by text hash. */
  catalog: NoteCatalog;
  /** The paths of each notes segment, in manifest order. */
  notes: LoadedSegment<string>[];
  /** Null when there are none, or they were dropped (other model or dimension). */
  vectors: LoadedVectors | null;
  /** Files the manifest on disk names: they stay until a new manifest replaces it. */
  referenced: Set<string>;
  /** Of those, the files the next commit must drop (refused vectors, refused index). */
  superseded: string[];
  /** The next commit must write a manifest even if no note changed. */
  manifestDirty: boolean;
  /** What the user should know of this load (a model change, a rebuild), as codes. */
  notices: CoreNotice[];
}

export interface LoadOptions {
  modelId: string | null;
  dimension: number | null;
}

/** A concurrent writer may delete the files of the generation we are reading; we retry this often. */
const MAX_ATTEMPTS = 3;
/** Note segment files read and decoded at once while loading. */
const NOTES_CONCURRENCY = 4;
/** Vector segment files read at once; decoding one is a copy into the table. */
const VECTORS_CONCURRENCY = 2;
/** Rows a loaded table has free before it must grow. */
const TABLE_HEADROOM = 1024;

export async function loadIndex(store: BlobStore, opts: LoadOptions): Promise<LoadedIndex> {
  for (let attempt = 1; ; attempt++) {
    const bytes = await store.read(MANIFEST_FILE);
    if (!bytes) return empty(opts, 0, new Set(), false, []);
    let manifest: Manifest;
    try {
      manifest = parseManifest(bytes);
    } catch (err) {
      // An unreadable manifest names no file we can trust, so nothing is kept.
      return empty(opts, 0, new Set(), true, [warningFor(err)]);
    }
    try {
      return await loadGeneration(store, manifest, opts);
    } catch (err) {
      if (!(err instanceof IndexCorruptError)) throw err;
      if (err.missing && attempt < MAX_ATTEMPTS) {
        const now = await store.read(MANIFEST_FILE);
        if (now && !sameBytes(now, bytes)) continue;
      }
      const referenced = filesOf(manifest);
      const out = empty(opts, manifest.generation, referenced, true, [warningFor(err)]);
      out.superseded = [...referenced];
      return out;
    }
  }
}

async function loadGeneration(store: BlobStore, manifest: Manifest, opts: LoadOptions): Promise<LoadedIndex> {
  const notices: CoreNotice[] = [];
  const referenced = filesOf(manifest);
  const modelChanged = opts.modelId !== null && manifest.modelId !== null && opts.modelId !== manifest.modelId;
  const dimensionChanged = opts.dimension !== null && manifest.dimension !== null && opts.dimension !== manifest.dimension;
  const dropVectors = manifest.vectors.length > 0 && (modelChanged || dimensionChanged);
  if (dropVectors) {
    notices.push(
      modelChanged
        ? { code: 'index-model-changed', from: manifest.modelId!, to: opts.modelId! }
        : { code: 'index-dimension-changed', from: manifest.dimension!, to: opts.dimension! },
    );
  }
  const modelId = opts.modelId ?? manifest.modelId;
  const dimension = opts.dimension ?? (modelChanged ? null : manifest.dimension);

  // Segments are read and decoded a few at a time, notes and vectors side by side: reads and
  // gunzip run off the main thread and overlap the JSON parsing of another segment, and a
  // vector segment is one copy into the table. Each segment is checked and catalogued in
  // manifest order as soon as those before it are, so the outcome does not depend on which read
  // finished first, and the cataloguing fills the main thread's waits for the next read.
  const stop = { failed: false };
  const catalog = new NoteCatalog();
  const notes: LoadedSegment<string>[] = [];
  const [notesRead, vectorsRead] = await Promise.allSettled([
    mapConcurrent(
      manifest.notes,
      NOTES_CONCURRENCY,
      stop,
      async (entry) => {
        const data = await readChecked(store, entry);
        return decoding(entry.file, () => decodeNoteSegment(entry.file, data));
      },
      (items, i) => {
        const entry = manifest.notes[i];
        if (items.length !== entry.count) throw new IndexCorruptError(entry.file, `${items.length} notes, manifest says ${entry.count}`);
        for (const n of items) {
          if (catalog.notes.has(n.path)) throw new IndexCorruptError(entry.file, `note ${n.path} stored twice`);
          catalog.add(n);
        }
        notes.push({ entry, items: items.map((n) => n.path) });
      },
    ),
    dropVectors || manifest.vectors.length === 0 ? null : loadVectors(store, manifest, stop),
  ]);
  for (const r of [notesRead, vectorsRead]) if (r.status === 'rejected' && !(r.reason instanceof Stopped)) throw r.reason;
  if (vectorsRead.status === 'rejected') throw new Error('index load stopped with no failure');
  const vectors = vectorsRead.value;

  return {
    generation: manifest.generation,
    modelId,
    dimension,
    catalog,
    notes,
    vectors,
    referenced,
    superseded: dropVectors ? manifest.vectors.map((e) => e.file) : [],
    manifestDirty: modelId !== manifest.modelId || dimension !== manifest.dimension || dropVectors,
    notices,
  };
}

/** Each segment's rows are reserved up front from the manifest's counts, so reads land in any order. */
async function loadVectors(store: BlobStore, manifest: Manifest, stop: { failed: boolean }): Promise<LoadedVectors> {
  const dimension = manifest.dimension!; // parseManifest refuses vectors without one
  // The table is sized from the manifest before any segment is read, so its counts must not
  // be able to ask for memory the files cannot fill (each read then checks the exact size).
  for (const e of manifest.vectors) {
    if (e.count * (dimension * 4 + 8) > e.bytes) throw new IndexCorruptError(e.file, `${e.count} vectors cannot fit in ${e.bytes} bytes`);
  }
  const total = manifest.vectors.reduce((n, e) => n + e.count, 0);
  let table: VectorTable;
  try {
    table = new VectorTable(dimension, { capacity: total + TABLE_HEADROOM });
  } catch (err) {
    if (err instanceof RangeError) throw new IndexCorruptError(MANIFEST_FILE, `no memory for ${total} vectors of ${dimension} dimensions`);
    throw err;
  }
  const firstRow: number[] = [];
  for (const entry of manifest.vectors) firstRow.push(table.reserveRows(entry.count));

  const segments: LoadedSegment<string>[] = [];
  await mapConcurrent(
    manifest.vectors,
    VECTORS_CONCURRENCY,
    stop,
    async (entry, i) => {
      const segment = readVectorSegment(entry.file, await readChecked(store, entry));
      if (segment.count !== entry.count) throw new IndexCorruptError(entry.file, `${segment.count} vectors, manifest says ${entry.count}`);
      if (segment.count > 0 && segment.dimension !== dimension) {
        throw new IndexCorruptError(entry.file, `${segment.dimension}-d vectors in a ${dimension}-d index`);
      }
      table.writeRows(firstRow[i], segment.vectors, segment.norms);
      return segment.ids;
    },
    (ids, i) => {
      const entry = manifest.vectors[i];
      for (let k = 0; k < ids.length; k++) {
        if (!table.nameRow(firstRow[i] + k, ids[k])) throw new IndexCorruptError(entry.file, `vector ${ids[k]} stored twice`);
      }
      segments.push({ entry, items: ids });
    },
  );
  return { table, segments };
}

async function readChecked(store: BlobStore, entry: SegmentEntry): Promise<Uint8Array> {
  const data = await store.read(entry.file);
  if (!data) throw new IndexCorruptError(entry.file, 'missing', true);
  if (data.length !== entry.bytes) {
    throw new IndexCorruptError(entry.file, `wrong byte length (${data.length}, manifest says ${entry.bytes})`);
  }
  return data;
}

/** Anything a decoder throws means bad content, whatever the library's error class. */
async function decoding<T>(file: string, decode: () => Promise<T>): Promise<T> {
  try {
    return await decode();
  } catch (err) {
    if (err instanceof IndexCorruptError) throw err;
    throw new IndexCorruptError(file, err instanceof Error ? err.message : String(err));
  }
}

function empty(opts: LoadOptions, generation: number, referenced: Set<string>, manifestDirty: boolean, notices: CoreNotice[]): LoadedIndex {
  return {
    generation,
    modelId: opts.modelId,
    dimension: opts.dimension,
    catalog: new NoteCatalog(),
    notes: [],
    vectors: null,
    referenced,
    superseded: [],
    manifestDirty,
    notices,
  };
}

function warningFor(err: unknown): CoreNotice {
  if (err instanceof IndexSchemaError) return { code: 'index-format-rebuilt', found: err.found, reads: SCHEMA_VERSION, newer: err.found > SCHEMA_VERSION };
  if (err instanceof IndexCorruptError) return { code: 'index-corrupt-rebuilt', detail: err.message };
  throw err;
}

function filesOf(m: Manifest): Set<string> {
  return new Set([...m.notes, ...m.vectors].map((e) => e.file));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A mapConcurrent that gave up because another one sharing its `stop` failed. */
class Stopped extends Error {}

/**
 * `fn` over `items`, at most `limit` at a time, results in input order. `inOrder`, if given,
 * gets each result in input order as soon as every earlier one has arrived; what it throws
 * fails that item. Rejects with the first failure; tasks already started are left to finish
 * and their results dropped, and no new task starts after a failure here or in another call
 * sharing `stop`.
 */
async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  stop: { failed: boolean },
  fn: (item: T, index: number) => Promise<R>,
  inOrder?: (result: R, index: number) => void,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const arrived = new Array<boolean>(items.length).fill(false);
  let next = 0;
  let delivered = 0;
  const worker = async () => {
    while (!stop.failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
        arrived[i] = true;
        while (inOrder && !stop.failed && delivered < items.length && arrived[delivered]) {
          inOrder(results[delivered], delivered);
          delivered++;
        }
      } catch (err) {
        stop.failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  // Stopped by a failure elsewhere: the results are incomplete, and that failure is the one reported.
  if (stop.failed) throw new Stopped();
  return results;
}
