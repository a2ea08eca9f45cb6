// What an edit, a restart and a rename cost on a 5,000-note vault on disk (about 25k chunks),
// through the engine the CLI and the plugin use, with a fake embedder: timings exclude the model,
// and the counts say exactly how many chunks went to it.
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { FsBlobStore } from '../src/cli/fs-blob-store';
import { FsNoteSource } from '../src/cli/fs-note-source';
import { Engine } from '../src/core/engine';
import { defaultSettings } from '../src/core/settings';
import { FakeEmbedder } from './fake-embedder';
import { ensureVaultOnDisk } from './setup';
import { editedText } from './vault';

export interface IncrementalParams {
  notes: number;
  edits: number;
}

export interface IncrementalResult {
  notes: number;
  chunks: number;
  /** Full first index, embedding excluded (the baseline an edit is compared with). */
  fullSyncMs: number;
  fullEmbedded: number;
  restart: { openMs: number; syncMs: number; embedded: number };
  /** One edited note each: save → found by search, and → written to disk. */
  edits: { searchableMs: number; durableMs: number; embedded: number; noteChunks: number }[];
  renameLive: { ms: number; embedded: number };
  renameOffline: { syncMs: number; embedded: number; renamed: number };
}

const MODEL = 'bench/fake-384';

export async function incremental(p: IncrementalParams): Promise<IncrementalResult> {
  // A fresh copy each run: edits and renames change the vault.
  const vault = await ensureVaultOnDisk(`incremental-${p.notes}`, p.notes, true);
  const indexDir = await mkdtemp(join(tmpdir(), 'ask-vault-bench-inc-'));
  const settings = defaultSettings();
  settings.retrieval.embeddingModel = MODEL;
  const open = (embedder: FakeEmbedder) =>
    Engine.open({ source: new FsNoteSource(vault), store: new FsBlobStore(indexDir), embedder, settings, checkpointMs: 20_000 });
  try {
    let embedder = new FakeEmbedder(MODEL);
    let engine = await open(embedder);
    let t = performance.now();
    const first = await engine.sync();
    const fullSyncMs = performance.now() - t - embedder.embedMs;
    const fullEmbedded = embedder.passages;
    await engine.close();
    console.log(`first index: ${first.notes} notes, ${first.chunks} chunks, ${Math.round(fullSyncMs)} ms without embedding`);

    // Restart with the vault unchanged.
    embedder = new FakeEmbedder(MODEL);
    t = performance.now();
    engine = await open(embedder);
    const openMs = performance.now() - t;
    t = performance.now();
    await engine.sync();
    const restart = { openMs, syncMs: performance.now() - t - embedder.embedMs, embedded: embedder.passages };
    console.log(`restart: ${restart.embedded} chunks embedded`);

    // Edits: topic notes (several chunks each), spread over the vault.
    const topics = [...new Set([...engine.chunks()].map((c) => c.path))].filter((path) => !path.startsWith('Journal/'));
    const edits: IncrementalResult['edits'] = [];
    for (let k = 0; k < p.edits; k++) {
      const path = topics[Math.floor(((k + 0.5) * topics.length) / p.edits)]!;
      const file = join(vault, ...path.split('/'));
      const marker = `zorglub${k}quux`;
      const before = embedder.passages;
      const embedBefore = embedder.embedMs;
      await writeFile(file, editedText(await readFile(file, 'utf8'), marker));
      const saved = performance.now();
      await engine.updateNote(path);
      const found = await engine.search(marker, { k: 5 });
      const searchable = performance.now();
      if (!found.results.some((r) => r.path === path)) throw new Error(`edited note ${path} not found by its new word`);
      await engine.flush();
      const durable = performance.now();
      const embedMs = embedder.embedMs - embedBefore;
      edits.push({
        searchableMs: searchable - saved - embedMs,
        durableMs: durable - saved - embedMs,
        embedded: embedder.passages - before,
        noteChunks: [...engine.chunks()].filter((c) => c.path === path).length,
      });
    }
    console.log(`edits: ${edits.map((e) => `${Math.round(e.searchableMs)} ms/${e.embedded} chunks`).join(', ')}`);

    // A rename seen live (the plugin's vault event), then one made while the engine was closed.
    const [fromLive, fromOffline] = [topics[1]!, topics[2]!];
    const toLive = fromLive.replace(/\.md$/, ' (renommée).md');
    let before = embedder.passages;
    await rename(join(vault, ...fromLive.split('/')), join(vault, ...toLive.split('/')));
    t = performance.now();
    await engine.renameNote(fromLive, toLive);
    await engine.flush();
    const renameLive = { ms: performance.now() - t, embedded: embedder.passages - before };
    await engine.close();

    const toOffline = `Archives/${fromOffline.slice(fromOffline.lastIndexOf('/') + 1)}`;
    await mkdir(join(vault, 'Archives'), { recursive: true });
    await rename(join(vault, ...fromOffline.split('/')), join(vault, ...toOffline.split('/')));
    embedder = new FakeEmbedder(MODEL);
    engine = await open(embedder);
    before = embedder.passages;
    t = performance.now();
    const afterMove = await engine.sync();
    const renameOffline = { syncMs: performance.now() - t - embedder.embedMs, embedded: embedder.passages - before, renamed: afterMove.renamed };
    await engine.close();
    console.log(`renames: live ${renameLive.embedded}, offline ${renameOffline.embedded} chunks embedded`);

    return { notes: first.notes, chunks: first.chunks, fullSyncMs, fullEmbedded, restart, edits, renameLive, renameOffline };
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}
