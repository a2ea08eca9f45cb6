// The incremental pass that brings the index in line with the vault. It reads only notes whose
// size or mtime changed, recognises moves by content hash, embeds only chunks whose text hash has
// no vector yet, and checkpoints regularly so a crash loses at most a few seconds of work.
import type { Clock, Embedder, Logger, NoteFile, NoteSource } from '../ports';
import type { NoteRecord, SkippedNote } from '../types';
import type { IndexProgress, IndexSummary } from '../engine-types';
import type { IndexStore } from '../index';
import type { Exclusions } from './exclusions';
import { buildRecord, type BuildOptions } from './build-record';
import { sha256Hex } from '../util/hash';
import { isPartialEmbeddingError } from '../embedding/providers/partial-embedding-error';
import { timeSlicer, type Yielder } from '../util/yield';
import { errorLine } from '../util/error-line';

export interface IndexListener {
  /** A note was added, changed or moved (oldPath set on a move); `pause` slices long work. */
  noteUpserted(record: NoteRecord, oldPath?: string, pause?: Yielder): void | Promise<void>;
  noteRemoved(path: string): void;
}

export interface SyncContext {
  source: NoteSource;
  index: IndexStore;
  /** Null when no model is available: chunks are indexed without vectors and embedded later. */
  embedder: Embedder | null;
  build: BuildOptions;
  exclusions: Exclusions;
  clock: Clock;
  logger: Logger;
  listener: IndexListener;
  /** Write the index at least this often during a long pass. */
  checkpointMs: number;
  /** Embed this many chunks per call, so sorting by length has material to work with. */
  embedGroup: number;
  /** Synchronous work between two yields to the event loop (default 10 ms). */
  sliceMs?: number;
}

export interface SyncOptions {
  signal?: AbortSignal;
  onProgress?: (p: IndexProgress) => void;
  /** Only these paths (the plugin's queue); undefined = the whole vault. */
  only?: string[];
}

interface Pending {
  record: NoteRecord;
  embedTexts: Map<string, string>;
  oldPath?: string;
}

export class EmbeddingUnavailable extends Error {}

/**
 * A note already indexed whose tags the settings now exclude: it leaves the index on this pass,
 * even unchanged (tags are otherwise read only when a note is parsed again).
 */
function excludedByTags(ctx: SyncContext, path: string): boolean {
  const rec = ctx.index.getNote(path);
  return rec !== undefined && ctx.exclusions.tags(rec.meta.tags);
}

export async function syncVault(ctx: SyncContext, opts: SyncOptions = {}): Promise<IndexSummary & { excluded: number }> {
  const { index, listener } = ctx;
  const skipped: SkippedNote[] = [];
  let embedded = 0;
  let excluded = 0;
  let renamed = 0;
  let removed = 0;
  let embedder = ctx.embedder;
  let embedError: string | undefined;

  opts.onProgress?.({ phase: 'scan', notesDone: 0, notesTotal: 0, chunksDone: 0, chunksTotal: 0 });
  const only = opts.only ? new Set(opts.only) : null;
  const listed = await ctx.source.list();
  const present = new Map<string, NoteFile>();
  for (const f of listed) {
    if (only && !only.has(f.path)) continue;
    if (ctx.exclusions.path(f.path) || excludedByTags(ctx, f.path)) {
      excluded++;
      continue;
    }
    present.set(f.path, f);
  }

  // Notes that left the vault (or became excluded). Moves are recognised below by content hash.
  const gone = new Map<string, NoteRecord>();
  for (const rec of index.notes()) if (!present.has(rec.path) && (!only || only.has(rec.path))) gone.set(rec.path, rec);
  const goneByHash = new Map<string, string>();
  // A note leaving because its tags are now excluded is no source for a move: its copy is read again.
  for (const rec of gone.values()) if (!ctx.exclusions.tags(rec.meta.tags)) goneByHash.set(rec.hash, rec.path);

  const needsVectors = (rec: NoteRecord) => embedder !== null && rec.chunks.some((c) => !index.hasVector(c.textHash));
  const work: NoteFile[] = [];
  for (const f of present.values()) {
    const rec = index.getNote(f.path);
    if (!rec || rec.mtime !== f.mtime || rec.size !== f.size || needsVectors(rec)) work.push(f);
  }

  const started = ctx.clock.now();
  let lastCommit = started;
  let notesDone = 0;
  let chunksDone = 0;
  let chunksSeen = 0;
  let embedMs = 0;
  const queue: Pending[] = [];
  let queuedChunks = 0;
  // Parsing and lexical indexing are synchronous work: slice them so the host's UI stays live.
  const pause = timeSlicer(ctx.sliceMs);

  const progress = (phase: IndexProgress['phase']) => {
    if (!opts.onProgress) return;
    const remainingNotes = work.length - notesDone;
    const perNote = notesDone > 0 ? chunksSeen / notesDone : 0;
    const chunksTotal = Math.max(chunksDone + queuedChunks, Math.round(chunksDone + queuedChunks + remainingNotes * perNote));
    const p: IndexProgress = { phase, notesDone, notesTotal: work.length, chunksDone, chunksTotal };
    if (embedder && chunksDone >= 8 && embedMs > 0) p.etaMs = ((chunksTotal - chunksDone) * embedMs) / chunksDone;
    else if (!embedder && notesDone > 0) p.etaMs = ((ctx.clock.now() - started) / notesDone) * remainingNotes;
    opts.onProgress(p);
  };

  const flushQueue = async () => {
    if (queue.length === 0) return;
    const batch = queue.splice(0);
    queuedChunks = 0;
    const vectors = new Map<string, Float32Array>();
    if (embedder) {
      const missing = new Map<string, string>();
      for (const p of batch)
        for (const c of p.record.chunks)
          if (!index.hasVector(c.textHash) && !missing.has(c.textHash)) missing.set(c.textHash, p.embedTexts.get(c.textHash)!);
      if (missing.size > 0) {
        const hashes = [...missing.keys()];
        const t0 = ctx.clock.now();
        try {
          const vecs = await embedder.embed([...missing.values()], 'passage', {
            ...(opts.signal ? { signal: opts.signal } : {}),
            onProgress: (ep) => {
              chunksDone = embedded + ep.done;
              progress('embed');
            },
          });
          hashes.forEach((h, i) => vectors.set(h, vecs[i]));
          embedded += hashes.length;
        } catch (err) {
          if (opts.signal?.aborted) throw err;
          // What came back before the failure is kept and committed with its notes.
          const saved = keepPartialVectors(err, hashes, vectors);
          embedded += saved;
          // A model that fails mid-run must not lose the notes: index them without vectors, embed later.
          embedError = errorLine(err);
          ctx.logger.warn(`Embedding stopped after ${embedded} chunks, continuing without vectors (the next run embeds the rest): ${embedError}`);
          embedder = null;
        }
        embedMs += ctx.clock.now() - t0;
        chunksDone = embedded;
      }
    }
    for (const p of batch) {
      if (p.oldPath) index.deleteNote(p.oldPath);
      index.putNote(p.record, vectors);
      await listener.noteUpserted(p.record, p.oldPath, pause);
      await pause();
    }
    if (ctx.clock.now() - lastCommit >= ctx.checkpointMs) {
      progress('write');
      await index.commit(pause);
      lastCommit = ctx.clock.now();
    }
  };

  for (const f of work) {
    if (opts.signal?.aborted) break;
    await pause();
    const prev = index.getNote(f.path);
    let bytes: Uint8Array;
    try {
      bytes = await ctx.source.read(f.path);
    } catch (err) {
      // The note may have been deleted while we ran; the next pass will catch up.
      skipped.push({ path: f.path, reason: `unreadable: ${errorLine(err)}` });
      notesDone++;
      continue;
    }
    const hash = await sha256Hex(bytes);
    if (prev && prev.hash === hash && !needsVectors(prev)) {
      index.putNote({ ...prev, mtime: f.mtime, size: f.size }, new Map());
      notesDone++;
      continue;
    }
    const movedFrom = !prev ? goneByHash.get(hash) : undefined;
    if (movedFrom && gone.has(movedFrom)) {
      const old = gone.get(movedFrom)!;
      gone.delete(movedFrom);
      if (!needsVectors(old)) {
        // A move re-embeds nothing: the chunks keep their cache keys (see README, "Renames").
        // What the path decides is read again, though: a note moved into or out of a journal
        // folder, or renamed to or from a dated name, gains or loses its journal date.
        index.renameNote(movedFrom, f.path);
        const moved = index.getNote(f.path)!;
        const meta = (await metaAfterMove(f, bytes, ctx.build, hash)) ?? moved.meta;
        index.putNote({ ...moved, meta, mtime: f.mtime, size: f.size }, new Map());
        await listener.noteUpserted(index.getNote(f.path)!, movedFrom, pause);
        renamed++;
        notesDone++;
        continue;
      }
      index.deleteNote(movedFrom);
      listener.noteRemoved(movedFrom);
      removed++;
    }
    let built;
    try {
      built = await buildRecord(f, bytes, ctx.build, hash, pause);
    } catch (err) {
      built = { ok: false as const, reason: `could not parse: ${errorLine(err)}` };
    }
    notesDone++;
    if (!built.ok) {
      skipped.push({ path: f.path, reason: built.reason });
      if (prev) {
        index.deleteNote(f.path);
        listener.noteRemoved(f.path);
      }
      continue;
    }
    if (ctx.exclusions.tags(built.record.meta.tags)) {
      excluded++;
      if (prev) {
        index.deleteNote(f.path);
        listener.noteRemoved(f.path);
      }
      continue;
    }
    chunksSeen += built.record.chunks.length;
    queue.push({ record: built.record, embedTexts: built.embedTexts });
    queuedChunks += built.record.chunks.length;
    if (queuedChunks >= ctx.embedGroup) await flushQueue();
    progress(embedder ? 'embed' : 'parse');
  }
  await flushQueue();

  if (!opts.signal?.aborted) {
    for (const path of gone.keys()) {
      index.deleteNote(path);
      listener.noteRemoved(path);
      removed++;
    }
  }
  progress('write');
  await index.commit(pause);

  let withVectors = 0;
  for (const c of index.allChunks()) if (index.hasVector(c.textHash)) withVectors++;
  const summary = {
    notes: index.noteCount,
    chunks: index.chunkCount,
    embedded,
    reused: Math.max(0, withVectors - embedded),
    skipped,
    model: ctx.embedder ? ctx.embedder.modelId : null,
    removed,
    renamed,
    excluded,
    ...(embedError !== undefined ? { embedError } : {}),
  };
  opts.onProgress?.({ phase: 'done', notesDone, notesTotal: work.length, chunksDone, chunksTotal: chunksDone });
  return summary;
}

/**
 * A moved note's metadata as its new path makes it (journal folder, dated file name, title);
 * null when the bytes no longer parse, in which case the caller keeps what it had.
 */
export async function metaAfterMove(file: NoteFile, bytes: Uint8Array, build: BuildOptions, hash: string): Promise<NoteRecord['meta'] | null> {
  const rebuilt = await buildRecord(file, bytes, build, hash).catch(() => null);
  return rebuilt?.ok ? rebuilt.record.meta : null;
}



/** Vectors a failed embedding run did return, put in `into`; their count. */
function keepPartialVectors(err: unknown, hashes: string[], into: Map<string, Float32Array>): number {
  if (!isPartialEmbeddingError(err)) return 0;
  let kept = 0;
  hashes.forEach((h, i) => {
    const v = err.partial[i];
    if (v) {
      into.set(h, v);
      kept++;
    }
  });
  return kept;
}
