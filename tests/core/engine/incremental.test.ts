// Incremental indexing, judged by a counting embedder over the real tiny model.
import { beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { defaultSettings } from '../../../src/core/settings';
import { MemoryBlobStore } from '../index/memory-blob-store';
import { MemoryVault } from '../../fakes/memory-vault';
import { CountingEmbedder } from '../../fakes/counting-embedder';

const notes = {
  'RAG.md': '# RAG\n\n## Principe\n\nOn récupère des passages puis on génère une réponse.\n\n## Limites\n\nLa qualité dépend du découpage.\n',
  'Projets/Projet 20 - Créer un POC d’un RAG.md': '---\naliases: [projet 20]\n---\n# Projet 20\n\nUn POC de [[RAG]] sur mes notes.\n\n## Objectif\n\nRépondre à mes questions avec des citations.\n',
  'Journal/Journal du jeudi 26 décembre 2024 à 15h03.md': '# Journal du jeudi 26 décembre 2024 à 15:03\n\nJ’ai montré le [[projet 20]] à Mehdi. Il m’a demandé pourquoi ne pas entraîner un modèle.\n',
  'Cuisine.md': '# Cuisine\n\nUne tarte aux pommes.\n',
};

function settings() {
  const s = defaultSettings();
  s.retrieval.chunkTokens = 64;
  return s;
}

async function open(vault: MemoryVault, store: MemoryBlobStore, embedder: CountingEmbedder | null) {
  return Engine.open({ source: vault, store, embedder, settings: settings() });
}

describe('incremental indexing', () => {
  let vault: MemoryVault;
  let store: MemoryBlobStore;
  let embedder: CountingEmbedder;

  beforeEach(async () => {
    vault = new MemoryVault(notes);
    store = new MemoryBlobStore();
    embedder = new CountingEmbedder('tiny-a');
    const engine = await open(vault, store, embedder);
    const first = await engine.sync();
    expect(first.embedded).toBe(first.chunks);
    expect(first.notes).toBe(4);
    await engine.close();
    embedder.reset();
    vault.reads = 0;
  });

  it('an unchanged vault re-indexes with zero embeddings, after a restart', async () => {
    const engine = await open(vault, store, embedder);
    const s = await engine.sync();
    expect(s.embedded).toBe(0);
    expect(s.reused).toBe(s.chunks);
    expect(embedder.passages).toBe(0);
    expect(vault.reads).toBe(0);
  });

  it('editing one note embeds only its changed chunks', async () => {
    vault.write('RAG.md', notes['RAG.md'].replace('La qualité dépend du découpage.', 'La qualité dépend surtout du découpage.'));
    const engine = await open(vault, store, embedder);
    const s = await engine.sync();
    expect(s.embedded).toBe(1);
    expect(embedder.passages).toBe(1);
    const hits = await engine.search('surtout découpage', { mode: 'lexical' });
    expect(hits.results[0]!.path).toBe('RAG.md');
    expect(hits.results[0]!.heading).toBe('Limites');
  });

  it('a rename or a move embeds nothing and follows the note', async () => {
    vault.rename('RAG.md', 'Concepts/Retrieval augmented generation.md');
    vault.rename('Cuisine.md', 'Archives/Cuisine.md');
    const engine = await open(vault, store, embedder);
    const s = await engine.sync();
    expect(s.embedded).toBe(0);
    expect(s.renamed).toBe(2);
    expect(embedder.passages).toBe(0);
    const hits = await engine.search('tarte aux pommes', { mode: 'lexical' });
    expect(hits.results[0]!.path).toBe('Archives/Cuisine.md');
    expect(engine.status().notes).toBe(4);
  });

  it('a rename through the plugin path (renameNote) embeds nothing either', async () => {
    const engine = await open(vault, store, embedder);
    vault.rename('RAG.md', 'RAG 2.md');
    await engine.renameNote('RAG.md', 'RAG 2.md');
    await engine.flush();
    const s = await engine.sync();
    expect(s.embedded).toBe(0);
    expect(embedder.passages).toBe(0);
    expect((await engine.search('passages réponse', { mode: 'lexical' })).results[0]!.path).toBe('RAG 2.md');
  });

  it('a delete removes the note’s chunks', async () => {
    vault.delete('Cuisine.md');
    const engine = await open(vault, store, embedder);
    const s = await engine.sync();
    expect(s.removed).toBe(1);
    expect(s.notes).toBe(3);
    expect((await engine.search('tarte aux pommes', { mode: 'lexical' })).results).toEqual([]);
    for (const c of engine.chunks()) expect(c.path).not.toBe('Cuisine.md');
  });

  it('a model change re-embeds everything, never mixing vectors', async () => {
    const other = new CountingEmbedder('tiny-b');
    const engine = await open(vault, store, other);
    expect(engine.warnings.join(' ')).toMatch(/model/i);
    const s = await engine.sync();
    expect(s.embedded).toBe(s.chunks);
    expect(other.passages).toBe(s.chunks);
    expect(engine.status().model).toBe('tiny-b');
  });

  it('a vault indexed without a model is embedded once a model is available', async () => {
    const v = new MemoryVault(notes);
    const st = new MemoryBlobStore();
    const lexicalOnly = await Engine.open({ source: v, store: st, embedder: null, settings: settings() });
    const s0 = await lexicalOnly.sync();
    expect(s0.embedded).toBe(0);
    expect(s0.model).toBeNull();
    await lexicalOnly.close();
    const e = new CountingEmbedder('tiny-a');
    const withModel = await Engine.open({ source: v, store: st, embedder: e, settings: settings() });
    const s1 = await withModel.sync();
    expect(s1.embedded).toBe(s1.chunks);
    const s2 = await withModel.sync();
    expect(s2.embedded).toBe(0);
  });

  it('hybrid search uses the vectors and says why each result is there', async () => {
    const engine = await open(vault, store, embedder);
    await engine.sync();
    const res = await engine.search('passages et réponse', { mode: 'hybrid', k: 4 });
    expect(res.mode).toBe('hybrid');
    expect(embedder.queries).toBe(1);
    expect(res.results.some((r) => r.source === 'hybrid' || r.source === 'vector')).toBe(true);
    for (const r of res.results) expect(r.why.length).toBeGreaterThan(0);
  });
});
