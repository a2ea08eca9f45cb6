// Retrieval within the context the user chose (chips), over the real engine and an in-memory vault.
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { defaultSettings } from '../../../src/core/settings';
import { scopeCheck } from '../../../src/core/retrieval/scope';
import { MemoryBlobStore } from '../index/memory-blob-store';
import { MemoryVault } from '../../fakes/memory-vault';

const long = Array.from({ length: 60 }, (_, i) => `## Partie ${i}\n\nLe RAG, partie ${i} : ${'texte '.repeat(40)}\n`).join('\n');

const VAULT = {
  'Projets/Projet 20.md': '---\ntags: [projet/rag]\n---\n# Projet 20\n\nUn POC de RAG sur mes notes.\n\n## Objectifs\n\nCiter les notes.\n',
  'Projets/Projet 12.md': '# Projet 12\n\nUn autre projet de RAG, sur les recettes.\n',
  'Concepts/RAG.md': '# RAG\n\nLe RAG cherche des passages puis fait répondre un modèle. #concept\n',
  'Journal/2025-01-09.md': 'Avancé sur le RAG du [[Projet 20]] ce soir.\n',
  'Journal/2025-02-10.md': 'Encore du RAG pour le [[Projet 12]].\n',
  'Long/Grand livre.md': `# Grand livre\n\n${long}`,
};

let engine: Engine;
let vault: MemoryVault;

beforeAll(async () => {
  vault = new MemoryVault(VAULT);
  const settings = defaultSettings();
  settings.retrieval.embeddingModel = '';
  settings.llm.maxContextTokens = 3000;
  engine = await Engine.open({ source: vault, store: new MemoryBlobStore(), embedder: null, settings });
  await engine.sync();
});

const paths = (rs: { path: string }[]) => [...new Set(rs.map((r) => r.path))].sort();

describe('retrieval scope', () => {
  it('a folder keeps only its notes', async () => {
    const res = await engine.search('RAG', { scope: { folders: ['Projets'] } });
    expect(paths(res.results)).toEqual(['Projets/Projet 12.md', 'Projets/Projet 20.md']);
    expect(res.scope).toMatchObject({ folders: ['Projets'], droppedNotes: [] });
  });

  it('a tag keeps its notes, nested tags included, with or without #', async () => {
    expect(paths((await engine.search('RAG', { scope: { tags: ['#projet'] } })).results)).toEqual(['Projets/Projet 20.md']);
    expect(paths((await engine.search('RAG', { scope: { tags: ['concept'] } })).results)).toEqual(['Concepts/RAG.md']);
  });

  it('a chosen note is given whole, in reading order, even when the question shares no word with it', async () => {
    const res = await engine.search('résume', { scope: { notes: ['Projets/Projet 20.md'] } });
    expect(paths(res.results)).toEqual(['Projets/Projet 20.md']);
    expect(res.results.map((r) => r.heading ?? '')).toEqual(['', 'Objectifs']);
    expect(res.results[0].why).toContain('chosen note, whole');
  });

  it('a chosen note too long for the budget gives its best passages only', async () => {
    const res = await engine.search('partie 42', { scope: { notes: ['Long/Grand livre.md'] } });
    expect(paths(res.results)).toEqual(['Long/Grand livre.md']);
    const all = [...engine.chunks()].filter((c) => c.path === 'Long/Grand livre.md').length;
    expect(res.results.length).toBeLessThan(all);
    expect(res.results[0].text).toContain('partie 42');
  });

  it('a date-range chip replaces the period of the question', async () => {
    const range = { start: new Date(2025, 1, 1).getTime(), end: new Date(2025, 2, 1).getTime(), text: 'février 2025' };
    const res = await engine.search('RAG en janvier 2025', { scope: { range, folders: ['Journal'] } });
    const dated = res.results.filter((r) => r.date !== undefined).map((r) => r.path);
    expect(dated).toEqual(['Journal/2025-02-10.md']);
    expect(res.timeScope?.text).toBe('février 2025');
  });

  it('a chip naming a note deleted since is dropped and reported, and the others still apply', async () => {
    const res = await engine.search('RAG', { scope: { notes: ['Disparue.md'], folders: ['Concepts'] } });
    expect(res.scope?.droppedNotes).toEqual(['Disparue.md']);
    expect(paths(res.results)).toEqual(['Concepts/RAG.md']);
    const only = await engine.search('RAG', { scope: { notes: ['Disparue.md'] } });
    expect(only.scope?.droppedNotes).toEqual(['Disparue.md']);
    // Nothing left to restrict to: the whole vault, not nothing.
    expect(only.results.length).toBeGreaterThan(2);
  });
});

describe('scopeCheck', () => {
  it('the vault root as a folder restricts nothing', () => {
    expect(scopeCheck({ folders: ['/'] }, () => true).restricts).toBe(false);
    expect(scopeCheck(undefined, () => true).restricts).toBe(false);
  });
});
