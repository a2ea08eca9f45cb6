// The indexer on an in-memory vault that fires Obsidian's events, with the real engine and the
// real tiny embedding model (counting what it embeds), and a test clock for the debounce.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, Vault } from 'obsidian';
import { Engine } from '../../../src/core/engine';
import { defaultSettings, type CoreSettings } from '../../../src/core/settings';
import type { IndexProgress } from '../../../src/core/engine-types';
import { FsBlobStore } from '../../../src/cli/fs-blob-store';
import { FsNoteSource } from '../../../src/cli/fs-note-source';
import { AdapterBlobStore, indexFolder } from '../../../src/plugin/adapters/adapter-blob-store';
import { hostExclusions } from '../../../src/plugin/adapters/obsidian-exclusions';
import { VaultNoteSource } from '../../../src/plugin/adapters/vault-note-source';
import { IndexBusyError, IndexController, type IndexEngine, type IndexerState } from '../../../src/plugin/indexer/index-controller';
import { CountingEmbedder } from '../../fakes/counting-embedder';
import { MemoryBlobStore } from '../../core/index/memory-blob-store';
import { FsDataAdapter } from '../fakes/fs-data-adapter';
import { liveApp, LiveVault } from '../fakes/live-vault';
import { ManualTimers } from '../fakes/manual-timers';
import { listenerCount } from '../fakes/stub-helpers';

const NOTES: Record<string, string> = {
  'Projet 20.md': '# Projet 20\n\nCréer un POC de RAG sur mes notes.\n\n## Objectifs\n\nRépondre aux questions avec des citations.\n',
  'Cuisine/Tarte aux pommes.md': '# Tarte aux pommes\n\nPâte brisée, pommes reinette, cannelle.\n',
  'Journal/2024-12-26.md': 'Aujourd\'hui Camille m\'a demandé où en est le [[Projet 20]].\n',
  'Privé/Banque.md': 'Code du coffre-fort : zanzibar quatorze.\n',
  'Ask Vault/2024-12-27 10.00 Ancienne question.md': '---\nask-vault-conversation: 1\n---\n> [!question] Question\n> Où en est le projet ?\n\nLe projet avance bien, perroquet.\n',
};

let embedder: CountingEmbedder;

beforeAll(async () => {
  embedder = new CountingEmbedder();
  await embedder.load();
});

/** Wraps the engine to see each sync call and whether two ever overlap. */
class SpyEngine implements IndexEngine {
  syncs: (string[] | 'all')[] = [];
  active = 0;
  maxActive = 0;
  gate: Promise<void> | null = null;
  constructor(public inner: Engine) {}
  async sync(opts: { signal?: AbortSignal; onProgress?: (p: IndexProgress) => void; only?: string[] }) {
    this.syncs.push(opts.only ? [...opts.only].sort() : 'all');
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      if (this.gate) await this.gate;
      return await this.inner.sync(opts);
    } finally {
      this.active--;
    }
  }
  removeNote(path: string) { return this.inner.removeNote(path); }
  renameNote(from: string, to: string) { return this.inner.renameNote(from, to); }
  flush() { return this.inner.flush(); }
  status() { return this.inner.status(); }
}

interface Setup {
  vault: LiveVault;
  app: ReturnType<typeof liveApp>;
  engine: SpyEngine;
  controller: IndexController;
  timers: ManualTimers;
  store: MemoryBlobStore;
  states: IndexerState[];
  isExcluded: (path: string) => boolean;
}

async function setup(files: Record<string, string> = NOTES, settings: CoreSettings = defaultSettings()): Promise<Setup> {
  const vault = new LiveVault(files);
  vault.setConfig('userIgnoreFilters', ['Privé/']);
  const app = liveApp(vault);
  const isExcluded = hostExclusions(app as unknown as App, { conversationFolder: 'Ask Vault/' });
  const store = new MemoryBlobStore();
  // As in the plugin, the engine applies the host's exclusions (before reading a note), so the
  // status counts them; the note source lists every note.
  const open = () => Engine.open({ source: new VaultNoteSource(vault as unknown as Vault), store, embedder, settings, extraExclusion: isExcluded });
  const engine = new SpyEngine(await open());
  const timers = new ManualTimers();
  const controller = new IndexController({
    vault,
    metadataCache: app.metadataCache,
    engine: async () => engine,
    recreate: async () => {
      for (const file of await store.list('')) await store.delete(file);
      engine.inner = await open();
    },
    isExcluded,
    timers,
    clock: timers.clock,
  });
  const states: IndexerState[] = [];
  controller.onChange((s) => states.push(s));
  controller.load();
  embedder.reset();
  controller.start();
  await controller.whenIdle();
  return { vault, app, engine, controller, timers, store, states, isExcluded };
}

/** Lets the queue apply what the last event queued (renames and deletions need no timer). */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

/** Notes whose words match `query` (lexical: vector search always returns some neighbours). */
async function paths(engine: SpyEngine, query: string): Promise<string[]> {
  const res = await engine.inner.search(query, { k: 10, mode: 'lexical', expand: false });
  return [...new Set(res.results.map((r) => r.path))];
}

describe('IndexController', () => {
  it('indexes the vault at start, leaving out Obsidian\'s excluded files and the conversation folder', async () => {
    const { engine, states, store } = await setup();
    expect(engine.syncs).toEqual(['all']);
    const status = engine.status();
    expect(status.notes).toBe(3);
    expect(status.excluded).toBe(2);
    expect(embedder.passages).toBeGreaterThan(0);
    expect(await paths(engine, 'zanzibar coffre-fort')).toEqual([]);
    expect(await paths(engine, 'perroquet')).toEqual([]);
    expect(await paths(engine, 'pommes reinette')).toContain('Cuisine/Tarte aux pommes.md');
    expect(states.some((s) => s.kind === 'indexing')).toBe(true);
    expect(states.at(-1)).toEqual({ kind: 'idle', notes: 3 });
    expect(await store.read('manifest.json')).not.toBeNull();
  });

  it('waits ~2 s after the last edit, then indexes the note once', async () => {
    const { vault, app, engine, controller, timers } = await setup();
    embedder.reset();
    const file = vault.file('Projet 20.md');
    for (const extra of ['Premier ajout.', 'Deuxième ajout.', 'Troisième ajout sur les hippocampes.']) {
      await vault.modify(file, `${vault.text('Projet 20.md')}\n${extra}\n`);
      // Obsidian follows a modify with the metadata cache's `changed` for the same file.
      app.metadataCache.trigger('changed', file);
      await timers.advance(1_500);
      expect(engine.syncs).toHaveLength(1);
    }
    expect(controller.pending).toBe(1);
    await timers.advance(1_999 - 1_500);
    expect(engine.syncs).toHaveLength(1);
    await timers.advance(1);
    await controller.whenIdle();
    expect(engine.syncs).toEqual(['all', ['Projet 20.md']]);
    expect(await paths(engine, 'hippocampes')).toEqual(['Projet 20.md']);
    // Only the edited passage is new: the other chunks of the note keep their vectors.
    expect(embedder.passages).toBeGreaterThan(0);
    expect(embedder.passages).toBeLessThanOrEqual(2);
    expect(controller.pending).toBe(0);
  });

  it('never indexes a note twice at once: edits during a batch wait for it', async () => {
    const { vault, engine, controller, timers } = await setup();
    let open!: () => void;
    engine.gate = new Promise((resolve) => (open = resolve));
    await vault.modify(vault.file('Projet 20.md'), `${vault.text('Projet 20.md')}\nUn ajout.\n`);
    await timers.advance(2_000);
    expect(engine.active).toBe(1);
    await vault.modify(vault.file('Projet 20.md'), `${vault.text('Projet 20.md')}\nUn second ajout sur les ornithorynques.\n`);
    await timers.advance(2_000);
    expect(engine.active).toBe(1);
    engine.gate = null;
    open();
    await controller.whenIdle();
    expect(engine.maxActive).toBe(1);
    expect(engine.syncs).toEqual(['all', ['Projet 20.md'], ['Projet 20.md']]);
    expect(await paths(engine, 'ornithorynques')).toEqual(['Projet 20.md']);
  });

  it('applies a rename at once and embeds nothing; the index is written when Obsidian has resolved the links', async () => {
    const { vault, app, engine, controller, store, isExcluded } = await setup();
    embedder.reset();
    store.clearLog();
    await vault.rename(vault.file('Cuisine/Tarte aux pommes.md'), 'Desserts/Tarte normande.md');
    await settle();
    expect(await paths(engine, 'pommes reinette')).toEqual(['Desserts/Tarte normande.md']);
    expect(store.writes()).toEqual([]);
    app.metadataCache.trigger('resolved');
    await controller.whenIdle();
    expect(store.writes()).toContain('manifest.json');
    expect(embedder.passages).toBe(0);
    expect(engine.syncs).toEqual(['all']);
    // What was written is the renamed note, and reopening the index embeds nothing either.
    const reopened = await Engine.open({ source: new VaultNoteSource(vault as unknown as Vault), store: store.restart(), embedder, settings: defaultSettings(), extraExclusion: isExcluded });
    await reopened.sync({});
    expect(embedder.passages).toBe(0);
    expect(reopened.status().notes).toBe(engine.status().notes);
  });

  it('writes a rename after the debounce delay when no `resolved` comes', async () => {
    const { vault, controller, store, timers } = await setup();
    store.clearLog();
    await vault.rename(vault.file('Projet 20.md'), 'Projets/Projet 20.md');
    await settle();
    expect(store.writes()).toEqual([]);
    await timers.advance(2_000);
    await controller.whenIdle();
    expect(store.writes()).toContain('manifest.json');
  });

  it('removes a deleted note from the index and the disk at once', async () => {
    const { vault, engine, controller, store } = await setup();
    store.clearLog();
    await vault.delete(vault.file('Cuisine/Tarte aux pommes.md'));
    await controller.whenIdle();
    expect(await paths(engine, 'pommes reinette')).toEqual([]);
    expect(store.writes()).toContain('manifest.json');
    expect(engine.status().notes).toBe(2);
    const reopened = await Engine.open({ source: new VaultNoteSource(vault as unknown as Vault), store: store.restart(), embedder: null, settings: defaultSettings() });
    expect(reopened.status().notes).toBe(2);
  });

  it('never embeds a note created or edited among Obsidian\'s excluded files or the conversations', async () => {
    const { vault, engine, controller, timers } = await setup();
    embedder.reset();
    await vault.create('Privé/Santé.md', 'Ordonnance du docteur Kangourou.\n');
    await vault.modify(vault.file('Privé/Banque.md'), 'Nouveau code : wombat.\n');
    await vault.create('Ask Vault/Nouvelle discussion.md', 'Réponse sur les lamas.\n');
    await timers.advance(5_000);
    await controller.whenIdle();
    expect(embedder.passages).toBe(0);
    expect(engine.syncs).toEqual(['all']);
    expect(await paths(engine, 'Kangourou')).toEqual([]);
    expect(await paths(engine, 'wombat')).toEqual([]);
    expect(await paths(engine, 'lamas')).toEqual([]);
    // A note moved into an excluded folder leaves the index.
    await vault.rename(vault.file('Cuisine/Tarte aux pommes.md'), 'Privé/Tarte aux pommes.md');
    await settle();
    await timers.advance(2_000);
    await controller.whenIdle();
    expect(await paths(engine, 'pommes reinette')).toEqual([]);
    expect(embedder.passages).toBe(0);
  });

  it('pauses and resumes: edits wait while paused, deletions do not', async () => {
    const { vault, engine, controller, timers, states } = await setup();
    controller.pause();
    expect(controller.isPaused).toBe(true);
    expect(states.at(-1)?.kind).toBe('paused');
    await vault.modify(vault.file('Projet 20.md'), `${vault.text('Projet 20.md')}\nLes capybaras arrivent.\n`);
    await vault.delete(vault.file('Cuisine/Tarte aux pommes.md'));
    await timers.advance(10_000);
    await controller.whenIdle();
    expect(engine.syncs).toEqual(['all']);
    expect(controller.pending).toBe(1);
    expect(await paths(engine, 'capybaras')).toEqual([]);
    expect(await paths(engine, 'pommes reinette')).toEqual([]);
    controller.resume();
    await controller.whenIdle();
    expect(engine.syncs).toEqual(['all', ['Projet 20.md']]);
    expect(await paths(engine, 'capybaras')).toEqual(['Projet 20.md']);
    expect(controller.pending).toBe(0);
    expect(states.at(-1)?.kind).toBe('idle');
  });

  it('rebuilds: deletes the index and embeds every note again', async () => {
    const { engine, controller } = await setup();
    const before = engine.status();
    embedder.reset();
    await controller.rebuild();
    expect(engine.status().notes).toBe(before.notes);
    expect(embedder.passages).toBe(before.chunks);
  });

  it('waits while another program holds the index, then starts', async () => {
    const vault = new LiveVault({ 'a.md': 'Une note sur les koalas.\n' });
    const app = liveApp(vault);
    const timers = new ManualTimers();
    const engine = await Engine.open({ source: new VaultNoteSource(vault as unknown as Vault), store: new MemoryBlobStore(), embedder: null, settings: defaultSettings() });
    let busy = true;
    const controller = new IndexController({
      vault,
      metadataCache: app.metadataCache,
      engine: async () => {
        if (busy) throw new IndexBusyError('cli (pid 42 on laptop)');
        return engine;
      },
      recreate: async () => undefined,
      timers,
      clock: timers.clock,
      busyRetryMs: 30_000,
    });
    controller.load();
    controller.start();
    await controller.whenIdle();
    expect(controller.state).toEqual({ kind: 'busy', heldBy: 'cli (pid 42 on laptop)' });
    busy = false;
    await timers.advance(30_000);
    await controller.whenIdle();
    expect(controller.state).toEqual({ kind: 'idle', notes: 1 });
  });

  it('stops listening when unloaded', async () => {
    const { vault, app, controller } = await setup();
    expect(listenerCount(vault, 'modify')).toBe(1);
    expect(listenerCount(app.metadataCache, 'changed')).toBe(1);
    controller.unload();
    expect(listenerCount(vault, 'modify')).toBe(0);
    expect(listenerCount(app.metadataCache, 'resolved')).toBe(0);
  });
});

describe('an index written by the command line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ask-vault-cli-index-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is picked up by the plugin without embedding anything again', async () => {
    const files = { 'Projet 20.md': NOTES['Projet 20.md'], 'Cuisine/Tarte aux pommes.md': NOTES['Cuisine/Tarte aux pommes.md'], 'Journal/2024-12-26.md': NOTES['Journal/2024-12-26.md'] };
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    // As `ask-vault index <vault>` does: the CLI's note source and file store, in the plugin's folder.
    const cliEngine = await Engine.open({ source: new FsNoteSource(dir), store: new FsBlobStore(join(dir, '.obsidian/plugins/ask-vault/index')), embedder, settings: defaultSettings() });
    embedder.reset();
    const summary = await cliEngine.sync({});
    await cliEngine.close();
    expect(summary.embedded).toBeGreaterThan(0);

    // The plugin: the same files seen through the vault (other mtimes), the index through the adapter.
    const vault = new LiveVault(files);
    const app = liveApp(vault);
    const store = new AdapterBlobStore(new FsDataAdapter(dir), indexFolder({ vault } as unknown as App));
    const engine = await Engine.open({ source: new VaultNoteSource(vault as unknown as Vault), store, embedder, settings: defaultSettings() });
    const controller = new IndexController({ vault, metadataCache: app.metadataCache, engine: async () => engine, recreate: async () => undefined, timers: new ManualTimers() });
    controller.load();
    embedder.reset();
    controller.start();
    await controller.whenIdle();
    expect(embedder.passages).toBe(0);
    expect(engine.status().notes).toBe(3);
    expect(engine.status().vectors).toBe(summary.chunks);
    const found = await engine.search('pommes reinette', { k: 3 });
    expect(found.mode).toBe('hybrid');
    expect(found.results[0].path).toBe('Cuisine/Tarte aux pommes.md');
  });
});
