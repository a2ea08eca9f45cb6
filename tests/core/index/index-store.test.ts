import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../../src/cli/fs-blob-store';
import { IndexStore, MANIFEST_FILE } from '../../../src/core/index';
import type { BlobStore } from '../../../src/core/ports';
import { DIM, makeNote, prose, snapshot, textHash, vectorFor, vectorsOf } from './fixtures';
import { MemoryBlobStore } from './memory-blob-store';

const MODEL = 'intfloat/multilingual-e5-small';
const open = (store: BlobStore, extra: Partial<Parameters<typeof IndexStore.open>[1]> = {}) =>
  IndexStore.open(store, { modelId: MODEL, dimension: DIM, ...extra });

/** Puts `count` notes of three ~400-char chunks each, with their vectors. */
function fill(index: IndexStore, count: number, prefix = 'Projets/'): void {
  for (let i = 0; i < count; i++) {
    const note = makeNote(`${prefix}Note ${i}.md`, [prose(i * 3), prose(i * 3 + 1), prose(i * 3 + 2)]);
    index.putNote(note, vectorsOf(note));
  }
}

function manifestOf(store: MemoryBlobStore): { notes: { file: string }[]; vectors: { file: string }[]; generation: number } {
  return JSON.parse(new TextDecoder().decode(store.files.get(MANIFEST_FILE))) as never;
}

describe('IndexStore on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ask-vault-index-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips notes, chunks and vectors through real files', async () => {
    const store = new FsBlobStore(dir);
    const index = await open(store);
    expect(index.warnings).toEqual([]);
    fill(index, 12);
    const journal = makeNote('Journal/Journal du jeudi 26 décembre 2024 à 15:03.md', ['J\'ai partagé Projet 20 à un ami.'], {
      meta: { title: 'Journal du jeudi 26 décembre 2024 à 15:03', aliases: ['26/12'], tags: [], links: [], journalDate: 1735221780000, journalVia: 'filename' },
    });
    index.putNote(journal, vectorsOf(journal));
    await index.commit();
    const before = snapshot(index);

    const reopened = await open(new FsBlobStore(dir));
    expect(reopened.warnings).toEqual([]);
    expect(snapshot(reopened)).toEqual(before);
    expect(reopened.noteCount).toBe(13);
    expect(reopened.chunkCount).toBe(37);
    expect(reopened.chunkById('Projets/Note 3.md#1')?.text).toBe(prose(10));
    expect([...reopened.allChunks()]).toHaveLength(37);
    expect(reopened.getNote(journal.path)?.meta.journalDate).toBe(1735221780000);
    expect(reopened.stats()).toEqual({ notes: 13, chunks: 37, vectors: 37, modelId: MODEL, dimension: DIM, schemaVersion: 1, generation: 1 });
  });

  it('keeps everything through a commit of a large index (20k 384-d vectors)', async () => {
    const dim = 384;
    const store = new FsBlobStore(dir);
    const index = await IndexStore.open(store, { modelId: MODEL, dimension: dim });
    for (let n = 0; n < 2000; n++) {
      const note = makeNote(`Vault/${n % 40}/Note ${n}.md`, Array.from({ length: 10 }, (_, i) => `note ${n} chunk ${i} ${prose(n * 10 + i, 200)}`));
      index.putNote(note, vectorsOf(note, dim));
    }
    let t = performance.now();
    await index.commit();
    const commitMs = performance.now() - t;
    const query = vectorFor('une question', dim);
    const expected = index.queryVectors(query, 10);

    t = performance.now();
    const reopened = await IndexStore.open(new FsBlobStore(dir), { modelId: MODEL, dimension: dim });
    const openMs = performance.now() - t;
    t = performance.now();
    const hits = reopened.queryVectors(query, 10);
    const queryMs = performance.now() - t;
    console.info(
      `20k × 384: commit ${commitMs.toFixed(0)} ms, open ${openMs.toFixed(0)} ms, query ${queryMs.toFixed(1)} ms, ${((await store.size()) / 2 ** 20).toFixed(1)} MB`,
    );

    expect(reopened.warnings).toEqual([]);
    expect(reopened.stats()).toMatchObject({ notes: 2000, chunks: 20000, vectors: 20000 });
    expect(hits.map((h) => h.chunk.id)).toEqual(expected.map((h) => h.chunk.id));
    const sample = reopened.getNote('Vault/7/Note 1287.md')!.chunks[4]!;
    expect(Array.from(reopened.getVector(sample.textHash)!)).toEqual(Array.from(vectorFor(sample.text, dim)));
  });
});

describe('IndexStore commits', () => {
  it('writes nothing when nothing changed', async () => {
    const store = new MemoryBlobStore();
    const index = await open(store);
    await index.commit();
    expect(store.ops).toEqual([]);
    fill(index, 3);
    await index.commit();
    store.clearLog();
    await index.commit();
    expect(store.ops).toEqual([]);
  });

  it('rewrites only the segments an edit, a delete or a rename touches', async () => {
    const store = new MemoryBlobStore();
    const index = await open(store, { segmentBytes: 8192 });
    fill(index, 60);
    await index.commit();
    const m = manifestOf(store);
    expect(m.notes.length).toBeGreaterThan(8);
    expect(m.vectors.length).toBeGreaterThanOrEqual(3);

    // Edit one chunk of one note: its notes segment and one new vector, nothing else.
    const edited = makeNote('Projets/Note 30.md', [prose(90), 'un paragraphe réécrit', prose(92)]);
    store.clearLog();
    index.putNote(edited, vectorsOf(edited));
    await index.commit();
    const editWrites = store.writes();
    expect(editWrites.filter((p) => p.startsWith('notes/')).length).toBeLessThanOrEqual(2);
    expect(editWrites.filter((p) => p.startsWith('vectors/')).length).toBeLessThanOrEqual(2);
    expect(editWrites.at(-1)).toBe(MANIFEST_FILE);
    expect(store.deletes().length).toBeGreaterThan(0);

    // A move rewrites note segments only: the vectors are keyed by text, which did not change.
    store.clearLog();
    index.renameNote('Projets/Note 12.md', 'Archives/Note 12.md');
    await index.commit();
    expect(store.writes().filter((p) => p.startsWith('vectors/'))).toEqual([]);
    expect(store.writes().filter((p) => p.startsWith('notes/')).length).toBeLessThanOrEqual(3);

    store.clearLog();
    index.deleteNote('Projets/Note 45.md');
    await index.commit();
    expect(store.writes().filter((p) => p.startsWith('notes/')).length).toBeLessThanOrEqual(2);
    expect(store.writes().filter((p) => p.startsWith('vectors/')).length).toBeLessThanOrEqual(3);

    // Every write left a loadable index that matches memory, and no stray file.
    const reopened = await open(store.restart(), { segmentBytes: 8192 });
    expect(snapshot(reopened)).toEqual(snapshot(index));
    const named = new Set([...manifestOf(store).notes, ...manifestOf(store).vectors].map((e) => e.file));
    expect((await store.list('')).filter((f) => f !== MANIFEST_FILE && !named.has(f))).toEqual([]);
  });

  it('keeps a moved note\'s vectors and rewrites its chunk ids', async () => {
    const store = new MemoryBlobStore();
    const index = await open(store);
    const note = makeNote('Inbox/pre-training.md', [prose(1), prose(2)]);
    index.putNote(note, vectorsOf(note));
    await index.commit();

    index.renameNote('Inbox/pre-training.md', 'IA/pre-training.md');
    await index.commit();
    const reopened = await open(store.restart());
    expect(reopened.getNote('Inbox/pre-training.md')).toBeUndefined();
    const moved = reopened.getNote('IA/pre-training.md')!;
    expect(moved.chunks.map((c) => [c.id, c.path])).toEqual([
      ['IA/pre-training.md#0', 'IA/pre-training.md'],
      ['IA/pre-training.md#1', 'IA/pre-training.md'],
    ]);
    expect(moved.meta.title).toBe('pre-training');
    for (const c of moved.chunks) expect(Array.from(reopened.getVector(c.textHash)!)).toEqual(Array.from(vectorFor(c.text)));
    expect(reopened.chunkById('Inbox/pre-training.md#0')).toBeUndefined();
    expect(reopened.chunkById('IA/pre-training.md#1')?.text).toBe(prose(2));

    // A rename that changes the file name also changes a title that was the file name.
    reopened.renameNote('IA/pre-training.md', 'IA/Pré-entraînement.md');
    expect(reopened.getNote('IA/Pré-entraînement.md')?.meta.title).toBe('Pré-entraînement');
  });

  it('shares one vector between identical texts and drops it when no chunk uses it', async () => {
    const store = new MemoryBlobStore();
    const index = await open(store);
    const a = makeNote('a.md', ['même texte', 'texte de a']);
    const b = makeNote('b.md', ['même texte']);
    index.putNote(a, vectorsOf(a));
    index.putNote(b, new Map()); // the shared text's vector is already there
    await index.commit();
    expect(index.stats().vectors).toBe(2);
    expect(index.queryVectors(vectorFor('même texte'), 5).map((h) => h.chunk.id)).toEqual(['a.md#0', 'b.md#0', 'a.md#1']);

    index.deleteNote('a.md');
    await index.commit();
    expect(index.hasVector(textHash('même texte'))).toBe(true);
    expect(index.hasVector(textHash('texte de a'))).toBe(false);

    index.deleteNote('b.md');
    await index.commit();
    const reopened = await open(store.restart());
    expect(reopened.stats()).toMatchObject({ notes: 0, chunks: 0, vectors: 0 });
    expect(await store.list('vectors/')).toEqual([]);
  });

  it('keeps a vector whose note is deleted and re-added before the commit', async () => {
    const index = await open(new MemoryBlobStore());
    const note = makeNote('a.md', ['texte']);
    index.putNote(note, vectorsOf(note));
    await index.commit();
    index.deleteNote('a.md');
    index.putNote(note, new Map());
    await index.commit();
    expect(index.hasVector(textHash('texte'))).toBe(true);
  });

  it('stores chunks without vectors and accepts their vectors later', async () => {
    const store = new MemoryBlobStore();
    const index = await open(store);
    const note = makeNote('a.md', ['un', 'deux']);
    index.putNote(note, new Map([[note.chunks[0]!.textHash, vectorFor('un')]]));
    await index.commit();
    expect(index.queryVectors(vectorFor('deux'), 5).map((h) => h.chunk.id)).toEqual(['a.md#0']);
    index.putNote(note, vectorsOf(note));
    await index.commit();
    const reopened = await open(store.restart());
    expect(reopened.stats().vectors).toBe(2);
  });

  it('refuses a vector of the wrong dimension, or any vector without a model, leaving the index unchanged', async () => {
    const index = await open(new MemoryBlobStore());
    const note = makeNote('a.md', ['un', 'deux']);
    const bad = new Map([
      [note.chunks[0]!.textHash, vectorFor('un')],
      [note.chunks[1]!.textHash, new Float32Array(DIM + 1)],
    ]);
    expect(() => index.putNote(note, bad)).toThrow(/9-dimension vector cannot go into a 8-dimension index/);
    expect(index.noteCount).toBe(0);
    expect(index.stats().vectors).toBe(0);

    const lexicalOnly = await IndexStore.open(new MemoryBlobStore(), { modelId: null, dimension: null });
    expect(() => lexicalOnly.putNote(note, vectorsOf(note))).toThrow(/without a model id/);
    lexicalOnly.putNote(note, new Map());
    expect(lexicalOnly.chunkCount).toBe(2);
  });

  it('takes the dimension from the first vector when none is given', async () => {
    const store = new MemoryBlobStore();
    const index = await IndexStore.open(store, { modelId: MODEL, dimension: null });
    const note = makeNote('a.md', ['un']);
    index.putNote(note, vectorsOf(note, 5));
    expect(index.dimension).toBe(5);
    await index.commit();
    const reopened = await IndexStore.open(store.restart(), { modelId: MODEL, dimension: null });
    expect(reopened.dimension).toBe(5);
    expect(reopened.stats().vectors).toBe(1);
  });

  it('sends notes staged during a commit to the next commit', async () => {
    const store = new MemoryBlobStore();
    const index = await open(store);
    fill(index, 5);
    const committing = index.commit();
    const late = makeNote('late.md', ['arrivée pendant l\'écriture']);
    index.putNote(late, vectorsOf(late));
    index.deleteNote('Projets/Note 0.md');
    await committing;
    expect(snapshot(await open(store.restart())).notes.map((n) => n.path)).not.toContain('late.md');
    await index.commit();
    const reopened = await open(store.restart());
    expect(snapshot(reopened)).toEqual(snapshot(index));
  });

  it('keeps staged changes after a failed commit and writes them on the next', async () => {
    const store = new MemoryBlobStore();
    const index = await open(store);
    fill(index, 4);
    await index.commit();
    const before = snapshot(index);

    const failing = new (class extends MemoryBlobStore {
      fail = true;
      override async write(path: string, data: Uint8Array | string) {
        if (this.fail && path === MANIFEST_FILE) throw new Error('disk full');
        return super.write(path, data);
      }
    })(store.files);
    const index2 = await open(failing);
    index2.deleteNote('Projets/Note 1.md');
    const added = makeNote('new.md', ['nouveau']);
    index2.putNote(added, vectorsOf(added));
    await expect(index2.commit()).rejects.toThrow('disk full');
    expect(snapshot(await open(failing.restart()))).toEqual(before);

    failing.fail = false;
    await index2.commit();
    const reopened = await open(failing.restart());
    expect(snapshot(reopened)).toEqual(snapshot(index2));
    const named = new Set([...manifestOf(failing).notes, ...manifestOf(failing).vectors].map((e) => e.file));
    expect((await failing.list('')).filter((f) => f !== MANIFEST_FILE && !named.has(f))).toEqual([]);
  });

  it('opened read-only, refuses changes and never writes or deletes', async () => {
    const store = new MemoryBlobStore();
    const writer = await open(store);
    fill(writer, 2);
    await writer.commit();
    store.files.set('notes/g000042-000.json', new Uint8Array([1]));
    store.clearLog();
    const reader = await open(store, { readOnly: true });
    expect(reader.noteCount).toBe(2);
    expect(() => reader.deleteNote('Projets/Note 0.md')).toThrow(/read-only/);
    await expect(reader.commit()).rejects.toThrow(/read-only/);
    expect(store.ops).toEqual([]);
  });
});

describe('IndexStore model changes', () => {
  async function committed(): Promise<MemoryBlobStore> {
    const store = new MemoryBlobStore();
    const index = await open(store);
    fill(index, 6);
    await index.commit();
    return store;
  }

  it('drops every vector when the model changes, keeps the notes, and deletes the old vector files at the next commit', async () => {
    const store = await committed();
    const index = await IndexStore.open(store, { modelId: 'other/model', dimension: DIM });
    expect(index.warnings).toEqual([`Embedding model changed (${MODEL} → other/model); vectors will be recomputed.`]);
    expect(index.stats()).toMatchObject({ notes: 6, chunks: 18, vectors: 0, modelId: 'other/model' });
    expect(index.queryVectors(vectorFor('x'), 3)).toEqual([]);
    await index.commit(); // nothing else changed: the manifest must still move to the new model
    expect(await store.list('vectors/')).toEqual([]);

    const back = await open(store.restart());
    expect(back.warnings).toEqual([]); // no vectors left to drop: nothing of the old model survives
    expect(back.stats()).toMatchObject({ notes: 6, vectors: 0, modelId: MODEL });
  });

  it('drops every vector when the dimension changes', async () => {
    const store = await committed();
    const index = await IndexStore.open(store, { modelId: MODEL, dimension: 16 });
    expect(index.warnings).toEqual(['Vector dimension changed (8 → 16); vectors will be recomputed.']);
    expect(index.stats()).toMatchObject({ notes: 6, vectors: 0, dimension: 16 });
  });

  it('keeps the vectors when opened without a model (a lexical-only run)', async () => {
    const store = await committed();
    const index = await IndexStore.open(store, { modelId: null, dimension: null });
    expect(index.warnings).toEqual([]);
    expect(index.stats()).toMatchObject({ vectors: 18, modelId: MODEL, dimension: DIM });
  });
});

describe('IndexStore queries', () => {
  it('returns the same top k as a brute-force cosine scan, with and without a filter', async () => {
    const dim = 16;
    const index = await IndexStore.open(new MemoryBlobStore(), { modelId: MODEL, dimension: dim });
    const all: { id: string; path: string; v: Float32Array }[] = [];
    for (let n = 0; n < 100; n++) {
      const note = makeNote(`n${n}.md`, Array.from({ length: 5 }, (_, i) => `chunk ${n}-${i}`));
      // Not unit length on purpose: scores must still be cosines.
      const vectors = new Map(note.chunks.map((c, i) => [c.textHash, vectorFor(c.text, dim).map((x) => x * (1 + i))]));
      index.putNote(note, vectors);
      for (const c of note.chunks) all.push({ id: c.id, path: c.path, v: vectors.get(c.textHash)! });
    }
    const cosine = (a: Float32Array, b: Float32Array) => {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let i = 0; i < a.length; i++) {
        dot += a[i]! * b[i]!;
        na += a[i]! * a[i]!;
        nb += b[i]! * b[i]!;
      }
      return dot / Math.sqrt(na * nb);
    };
    for (let q = 0; q < 30; q++) {
      const query = vectorFor(`query ${q}`, dim).map((x) => x * 3);
      const allow = (path: string) => Number(path.slice(1, -3)) % 3 === 0;
      for (const filter of [undefined, allow]) {
        const expected = all
          .filter((e) => !filter || filter(e.path))
          .map((e) => ({ id: e.id, score: cosine(query, e.v) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, 10);
        const hits = index.queryVectors(query, 10, filter && ((c) => filter(c.path)));
        expect(hits.map((h) => h.chunk.id)).toEqual(expected.map((e) => e.id));
        hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 5));
      }
    }
    expect(index.queryVectors(vectorFor('q', dim), 0)).toEqual([]);
    expect(() => index.queryVectors(new Float32Array(3), 5)).toThrow(/3 dimensions; the index holds 16/);
  });
});

describe('IndexStore garbage collection', () => {
  it('deletes files no manifest names at open, and never reuses their names', async () => {
    const store = new MemoryBlobStore();
    const index = await open(store);
    fill(index, 3);
    await index.commit();
    store.files.set('notes/g000099-000.json.gz', new Uint8Array([1, 2, 3]));
    store.files.set('vectors/g000099-000.vec', new Uint8Array([4]));
    store.files.set('vectors/.g000002-000.vec.1a2b.tmp', new Uint8Array([5]));
    store.files.set('writer.lock', new TextEncoder().encode('{}'));

    const after = store.restart();
    const reopened = await open(after);
    expect(await after.list('notes/g000099')).toEqual([]);
    expect(await after.list('vectors/')).toEqual(manifestOf(after).vectors.map((e) => e.file).sort());
    expect(after.files.has('writer.lock')).toBe(true); // not an index file

    const note = makeNote('x.md', ['x']);
    reopened.putNote(note, vectorsOf(note));
    await reopened.commit();
    expect(manifestOf(after).generation).toBe(100);
    expect(snapshot(await open(after.restart()))).toEqual(snapshot(reopened));
  });
});

describe('IndexStore with a concurrent reader', () => {
  it('retries when the writer replaces the generation it is reading', async () => {
    const shared = new MemoryBlobStore();
    const writer = await open(shared, { segmentBytes: 4096 });
    fill(writer, 10);
    await writer.commit();

    // The reader's first segment read lands right after the writer committed a new generation
    // and deleted the old files.
    let interleaved = false;
    const racing: BlobStore = {
      read: async (path) => {
        if (!interleaved && path !== MANIFEST_FILE) {
          interleaved = true;
          for (let i = 0; i < 10; i++) writer.deleteNote(`Projets/Note ${i}.md`);
          fill(writer, 4, 'Nouveau/');
          await writer.commit();
        }
        return shared.read(path);
      },
      write: () => Promise.reject(new Error('read-only')),
      delete: () => Promise.reject(new Error('read-only')),
      list: (prefix) => shared.list(prefix),
    };
    const reader = await open(racing, { readOnly: true });
    expect(interleaved).toBe(true);
    expect(reader.warnings).toEqual([]);
    expect(snapshot(reader)).toEqual(snapshot(writer));
  });
});
