// Opening an index with the lexical term cache, on real folders: the cache is written after a
// full pass and at close, read at open, and whatever state it is in (missing, stale, damaged,
// unwritable) the engine answers as it would without it.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { FsBlobStore } from '../../src/cli/fs-blob-store';
import { FsNoteSource } from '../../src/cli/fs-note-source';
import { TERM_CACHE_FILE } from '../../src/core/lexical/term-cache';
import type { BlobStore, Logger } from '../../src/core/ports';
import { defaultSettings } from '../../src/core/settings';

const NOTES: Record<string, string> = {
  'RAG.md': '# RAG\n\n## Principe\n\nOn récupère des passages puis on génère une réponse.\n\n## Limites\n\nLa qualité dépend du découpage.\n',
  'Projets/Projet 20 - Créer un POC d’un RAG.md': '---\naliases: [projet 20]\n---\n# Projet 20\n\nUn POC de [[RAG]] sur mes notes.\n\n## Objectif\n\nRépondre à mes questions avec des citations.\n',
  'Journal/Journal du jeudi 26 décembre 2024 à 15h03.md': '# Journal du jeudi 26 décembre 2024 à 15:03\n\nJ’ai montré le [[projet 20]] à Mehdi. Il m’a demandé pourquoi ne pas entraîner un modèle.\n',
  'Cuisine/Levain.md': '# Levain\n\nLe levain se nourrit de farine et d’eau ; la pâte lève toute la nuit.\n',
  'Lectures/Attention.md': '# Attention is all you need\n\nLe transformeur remplace la récurrence par l’attention. Voir le [[RAG]].\n',
};

const QUESTIONS = ['Pourquoi entraîner un modèle ?', 'Qu’est-ce que le RAG ?', 'levain farine', 'projet 20 citations', 'attention récurrence'];

class Log implements Logger {
  readonly lines: string[] = [];
  info(m: string) {
    this.lines.push(m);
  }
  warn(m: string) {
    this.lines.push(`warn: ${m}`);
  }
  debug(m: string) {
    this.lines.push(m);
  }
  rebuilt(): string | undefined {
    return this.lines.find((l) => l.startsWith('Lexical index rebuilt'));
  }
}

let root: string;
let vaultDir: string;
let indexDir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ask-vault-term-cache-'));
  vaultDir = join(root, 'vault');
  indexDir = join(root, 'index');
  for (const [path, text] of Object.entries(NOTES)) await put(path, text);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(path: string, text: string) {
  const file = join(vaultDir, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

async function open(log = new Log(), store: BlobStore = new FsBlobStore(indexDir)) {
  const settings = defaultSettings();
  settings.retrieval.chunkTokens = 48;
  const engine = await Engine.open({ source: new FsNoteSource(vaultDir), store, embedder: null, settings, logger: log });
  return { engine, log };
}

async function answers(engine: Engine) {
  const now = new Date(Date.UTC(2026, 0, 1));
  const out = [];
  for (const q of QUESTIONS) out.push((await engine.search(q, { mode: 'lexical', now, k: 10 })).results);
  return out;
}

/** What an engine opened without any term cache answers (the cache file is put back after). */
async function withoutCache() {
  const file = join(indexDir, TERM_CACHE_FILE);
  const saved = await readFile(file).catch(() => null);
  await rm(file, { force: true });
  const { engine, log } = await open();
  expect(log.rebuilt()).toMatch(/no term cache/);
  const res = await answers(engine);
  if (saved) await writeFile(file, saved);
  return res;
}

async function indexed() {
  const { engine } = await open();
  await engine.sync();
  await engine.close();
}

describe('Engine and the term cache', () => {
  it('writes the cache after a full pass and reads it at the next opening, answering alike', async () => {
    const { engine } = await open();
    await engine.sync();
    const cache = await readFile(join(indexDir, TERM_CACHE_FILE));
    expect(cache.length).toBeGreaterThan(0);
    const live = await answers(engine);
    await engine.close();
    // Nothing changed since: closing leaves the file as it was.
    expect(await readFile(join(indexDir, TERM_CACHE_FILE))).toEqual(cache);

    const reopened = await open();
    expect(reopened.log.rebuilt()).toMatch(/ 0 analysed \(term cache read/);
    const cached = await answers(reopened.engine);
    expect(cached).toEqual(live);
    expect(cached).toEqual(await withoutCache());
    expect(cached.flat().length).toBeGreaterThan(5);
  });

  it('serves a stale cache for unchanged notes only', async () => {
    await indexed();
    // Edited and re-indexed one note at a time, then the process died before closing.
    await put('Cuisine/Levain.md', '# Levain\n\nLe levain se nourrit de seigle ; la pâte lève au frais.\n');
    const { engine } = await open();
    await engine.updateNote('Cuisine/Levain.md');
    await engine.flush();

    const reopened = await open();
    const line = reopened.log.rebuilt();
    expect(line).toMatch(/term cache read/);
    const analysed = Number(/ (\d+) analysed/.exec(line!)![1]);
    expect(analysed).toBeGreaterThan(0);
    expect(analysed).toBeLessThan(3);
    const cached = await answers(reopened.engine);
    expect(cached).toEqual(await withoutCache());
    expect((await reopened.engine.search('seigle', { mode: 'lexical' })).results[0]?.path).toBe('Cuisine/Levain.md');
  });

  it('ignores a damaged cache, answers alike, and writes a good one at close', async () => {
    await indexed();
    await writeFile(join(indexDir, TERM_CACHE_FILE), 'not gzip at all');
    const { engine, log } = await open();
    expect(log.rebuilt()).toMatch(/term cache ignored: bad gzip data/);
    expect(await answers(engine)).toEqual(await withoutCache());
    await engine.close();
    const again = await open();
    expect(again.log.rebuilt()).toMatch(/ 0 analysed \(term cache read/);
  });

  it('opens and indexes when the cache can be neither read nor written', async () => {
    const failing = new (class extends FsBlobStore {
      override async read(path: string) {
        if (path === TERM_CACHE_FILE) throw new Error('EACCES: permission denied');
        return super.read(path);
      }
      override async write(path: string, data: Uint8Array | string) {
        if (path === TERM_CACHE_FILE) throw new Error('ENOSPC: no space left on device');
        return super.write(path, data);
      }
    })(indexDir);
    const log = new Log();
    const { engine } = await open(log, failing);
    const summary = await engine.sync();
    expect(summary.notes).toBe(Object.keys(NOTES).length);
    expect(log.lines.filter((l) => l.startsWith('warn: Could not write the lexical term cache'))).toHaveLength(1);
    expect(log.lines.find((l) => l.includes('ENOSPC'))).toBeDefined();
    const live = await answers(engine);
    await engine.close();
    // Said once; the attempt at close is only logged for debugging.
    expect(log.lines.filter((l) => l.startsWith('warn: Could not write the lexical term cache'))).toHaveLength(1);
    expect(log.lines.filter((l) => l.startsWith('Could not write the lexical term cache'))).toHaveLength(1);

    const reopened = await open(new Log(), failing);
    expect(reopened.log.rebuilt()).toMatch(/no term cache/);
    expect(await answers(reopened.engine)).toEqual(live);
  });
});
