// SnapshotReader in process: it answers from the generation it loaded while a writer commits,
// moves to the newer one on refresh (or in the background after a query), never writes, and
// refuses every change.
import { describe, expect, it } from 'vitest';
import { Engine, ReadOnlyEngineError } from '../../src/core/engine';
import { SnapshotReader } from '../../src/core/snapshot-reader';
import { acquireWriteLock } from '../../src/core/index';
import { defaultSettings } from '../../src/core/settings';
import { MemoryVault } from '../fakes/memory-vault';
import { MemoryBlobStore } from './index/memory-blob-store';

const owner = { tool: 'cli' as const, pid: 1, host: 'test' };

async function setup() {
  const vault = new MemoryVault({ 'Projets/RAG.md': '# RAG\n\nLa recherche augmentée par la génération.\n' });
  const store = new MemoryBlobStore();
  const writer = await Engine.open({ source: vault, store, embedder: null, settings: defaultSettings() });
  await writer.sync();
  return { vault, store, writer };
}

describe('SnapshotReader', () => {
  it('answers from its generation while the writer commits, then from the newer one', async () => {
    const { vault, store, writer } = await setup();
    const reader = await SnapshotReader.open({ source: vault, store, embedder: null, settings: defaultSettings(), owner, checkMs: 60_000 });
    const first = reader.generation;
    expect(first).toBeGreaterThan(0);
    vault.write('Concepts/Zeugme.md', '# Zeugme\n\nUn zeugme attelle deux compléments.\n');
    await writer.sync();
    expect((await reader.search('zeugme', { mode: 'lexical' })).results).toEqual([]);
    expect(reader.generation).toBe(first);
    expect(await reader.refresh()).toBe(true);
    expect(reader.generation).toBeGreaterThan(first);
    expect((await reader.search('zeugme', { mode: 'lexical' })).results.map((r) => r.path)).toEqual(['Concepts/Zeugme.md']);
    expect(await reader.refresh()).toBe(false); // nothing newer
    await reader.close();
    await writer.close();
  });

  it('a query starts the reload in the background (checkMs 0) and is answered from the generation held', async () => {
    const { vault, store, writer } = await setup();
    const reader = await SnapshotReader.open({ source: vault, store, embedder: null, settings: defaultSettings(), owner, checkMs: 0 });
    vault.write('Concepts/Anacoluthe.md', '# Anacoluthe\n\nUne rupture de construction.\n');
    await writer.sync();
    expect((await reader.search('anacoluthe', { mode: 'lexical' })).results).toEqual([]);
    for (let i = 0; i < 100 && (await reader.search('anacoluthe', { mode: 'lexical' })).results.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await reader.search('anacoluthe', { mode: 'lexical' })).results.map((r) => r.path)).toEqual(['Concepts/Anacoluthe.md']);
    await reader.close();
    await writer.close();
  });

  it('while a writer holds the lock, queries reload at most every minReloadMs; once it is gone, at once', async () => {
    const { vault, store, writer } = await setup();
    const lock = await acquireWriteLock(store, { tool: 'plugin' }, { settleMs: 0 });
    const reader = await SnapshotReader.open({ source: vault, store, embedder: null, settings: defaultSettings(), owner, checkMs: 0, minReloadMs: 60_000 });
    const first = reader.generation;
    vault.write('Concepts/Litote.md', '# Litote\n\nDire moins pour faire entendre plus.\n');
    await writer.sync();
    for (let i = 0; i < 10; i++) {
      await reader.search('litote', { mode: 'lexical' });
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(reader.generation).toBe(first);
    if ('release' in lock) await lock.release();
    for (let i = 0; i < 100 && reader.generation === first; i++) {
      await reader.search('litote', { mode: 'lexical' });
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(reader.generation).toBeGreaterThan(first);
    await reader.close();
    await writer.close();
  });

  it('never writes an index file (only its lease, gone once read), refuses changes, and names the writer', async () => {
    const { vault, store, writer } = await setup();
    await writer.close();
    const lock = await acquireWriteLock(store, { tool: 'plugin' }, { settleMs: 0 });
    const before = new Map(store.files);
    const opsBefore = store.ops.length;
    const reader = await SnapshotReader.open({ source: vault, store, embedder: null, settings: defaultSettings(), owner });
    const ops = store.ops.slice(opsBefore);
    expect(ops.filter((o) => !o.path.startsWith('readers/'))).toEqual([]);
    expect(ops.map((o) => o.op)).toEqual(expect.arrayContaining(['write', 'delete']));
    expect([...store.files.keys()].sort()).toEqual([...before.keys()].sort());
    await expect(reader.sync()).rejects.toBeInstanceOf(ReadOnlyEngineError);
    await expect(reader.flush()).rejects.toBeInstanceOf(ReadOnlyEngineError);
    await expect(reader.removeNote()).rejects.toBeInstanceOf(ReadOnlyEngineError);
    expect(await reader.writer()).toMatch(/^plugin, last seen \d+ s ago$/);
    if ('release' in lock) await lock.release();
    expect(await reader.writer()).toBeNull();
    await reader.close();
  });
});
