// Period, evolution and first/last retrieval on the example vault, through the engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Engine } from '../../../src/core/engine';
import { defaultSettings } from '../../../src/core/settings';
import { FsNoteSource } from '../../../src/cli/fs-note-source';
import { MemoryBlobStore } from '../index/memory-blob-store';
import { MemoryVault } from '../../fakes/memory-vault';
import { buildPrompt } from '../../../src/core/answer/prompt';

const VAULT = join(__dirname, '../../../examples/vault');
const NOW = new Date(2026, 11, 7);
let engine: Engine;

async function openVault(source: FsNoteSource | MemoryVault, extra: Partial<Parameters<typeof Engine.open>[0]> = {}) {
  const settings = defaultSettings();
  settings.retrieval.embeddingModel = '';
  const e = await Engine.open({ source, store: new MemoryBlobStore(), embedder: null, settings, ...extra });
  await e.sync();
  return e;
}

beforeAll(async () => {
  engine = await openVault(new FsNoteSource(VAULT));
});
afterAll(async () => engine.close());

const dated = (r: { results: { date?: number; path: string }[] }) => r.results.filter((x) => x.date !== undefined);

describe('period questions', () => {
  it('« Qu’ai-je fait en mars 2025 ? » gets every March entry, in date order, both title styles', async () => {
    const res = await engine.search("Qu'ai-je fait en mars 2025 ?", { now: NOW });
    expect(res.intent).toBe('period');
    const entries = dated(res);
    expect(entries.map((r) => r.path)).toEqual([
      'Journal/Journal du mercredi 12 mars 2025 à 09h15.md',
      'Journal/Journal du mercredi 12 mars 2025 à 18h40.md',
      'Journal/2025-03-14.md',
      'Journal/2025-03-20.md',
      'Journal/Journal du jeudi 27 mars 2025 à 21h20.md',
    ]);
    expect(res.timeline).toMatchObject({ intent: 'period', total: 5, shown: 5 });
    // Topic notes they link to come after the entries.
    const firstNote = res.results.findIndex((r) => r.date === undefined);
    expect(firstNote).toBe(5);
  });

  it('a period larger than the budget is spread over the year, says its counts, and fits the prompt', async () => {
    const res = await engine.search('Résume mon journal de 2025', { now: NOW });
    const entries = dated(res);
    expect(res.timeline!.total).toBe(37);
    expect(res.timeline!.shown).toBe(entries.length);
    expect(entries.length).toBeLessThan(37);
    const months = new Set(entries.map((r) => new Date(r.date!).getMonth()));
    expect(months.size).toBeGreaterThanOrEqual(8);
    const dates = entries.map((r) => r.date!);
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    const { used } = buildPrompt('Résume mon journal de 2025', res.results, { maxContextTokens: 3000, nonce: 'test' });
    for (const e of entries) expect(used).toContain(e);
  });

  it('topic words rank the entries within the period', async () => {
    // 37 entries in 2025, 8 of them about the project: those 8 are among the sources.
    const res = await engine.search("Qu'ai-je fait sur le projet 20 en 2025 ?", { now: NOW });
    const paths = dated(res).map((r) => r.path);
    expect(res.timeline!.total).toBe(37);
    expect(paths.length).toBeLessThan(37);
    for (const p of ['Journal/Journal du mardi 7 janvier 2025 à 20h00.md', 'Journal/2025-03-14.md', 'Journal/Journal du mardi 8 avril 2025 à 19h00.md', 'Journal/Journal du lundi 22 décembre 2025 à 18h10.md']) expect(paths).toContain(p);
  });

  it('an empty period says so and names the nearest entries', async () => {
    const res = await engine.ask("Qu'ai-je fait en mars 2023 ?", { now: NOW, chat: null });
    expect(res.intent).toBe('period');
    expect(res.sources).toHaveLength(0);
    expect(res.timeline).toMatchObject({ total: 0, after: { path: 'Journal/Journal du lundi 8 janvier 2024 à 20h14.md' } });
    expect(res.timeline!.before).toBeUndefined();
    expect(res.markdown).toContain('Aucune entrée de journal entre le 1er et le 31 mars 2023');
    expect(res.markdown).toContain('8 janvier 2024');
  });

  it('a forced period with no period in the question falls back to a fact question, with one notice', async () => {
    const res = await engine.search('Quelle carte graphique a mon ordinateur portable ?', { now: NOW, intent: 'period' });
    expect(res.intent).toBe('fact');
    expect(res.notices.filter((n) => n.code === 'no-period')).toHaveLength(1);
    expect(res.results.map((r) => r.path)).toContain('Journal/Journal du samedi 27 janvier 2024 à 10h30.md');
  });

  it('a forced fact runs the passage search', async () => {
    const res = await engine.search("Qu'ai-je fait en mars 2025 ?", { now: NOW, intent: 'fact' });
    expect(res.intent).toBe('fact');
    expect(res.timeline).toBeUndefined();
  });
});

describe('evolution and first/last questions', () => {
  it('evolution: the entries about the topic over the whole timeline, in date order, then the topic note', async () => {
    const res = await engine.search('Comment mon avis sur LangChain a-t-il changé ?', { now: NOW });
    expect(res.intent).toBe('evolution');
    expect(dated(res).map((r) => r.path)).toEqual(['Journal/Journal du samedi 26 octobre 2024 à 15h30.md', 'Journal/Journal du mercredi 11 décembre 2024 à 19h25.md']);
    expect(res.results[res.results.length - 1]!.path).toBe('LangChain.md');
    expect(res.timeline!.topics).toContain('LangChain');
  });

  it('first: an entry that names the note without linking it counts (« LoRA » in a list of words)', async () => {
    const res = await engine.search('Quand ai-je parlé de LoRA pour la première fois ?', { now: NOW });
    expect(res.intent).toBe('first');
    expect(dated(res)[0]!.path).toBe('Journal/Journal du mercredi 17 janvier 2024 à 21h02.md');
  });

  it('last: the latest entries, in date order, the latest last', async () => {
    const res = await engine.search("Quand ai-je parlé d'Ollama pour la dernière fois ?", { now: NOW });
    expect(res.intent).toBe('last');
    const entries = dated(res);
    expect(entries[entries.length - 1]!.path).toBe('Journal/Journal du mardi 14 octobre 2025 à 19h35.md');
    expect(entries.length).toBeLessThanOrEqual(3);
  });
});

describe('bad input', () => {
  const notes = {
    'RAG.md': '# RAG\n\nRécupérer puis générer.\n',
    'Journal/2025-03-03.md': '# 3 mars\n\nLu sur le [[RAG]] ce matin.\n',
    'Journal/2025-03-10.md': '---\ntags: [secret]\n---\nLe [[RAG]] en secret.\n',
    'Privé/2025-03-12.md': 'Mon [[RAG]] privé.\n',
    'Journal/Sans date.md': 'Une entrée sans date sur le [[RAG]].\n',
  };

  it('excluded folders and tags never appear in a timeline, and an undated note is never shown dated', async () => {
    const settings = defaultSettings();
    settings.retrieval.embeddingModel = '';
    settings.exclusions = { folders: ['Privé'], tags: ['secret'] };
    settings.journal.folders = ['Journal'];
    const e = await openVault(new MemoryVault(notes), { settings });
    for (const q of ["Qu'ai-je fait en mars 2025 ?", 'Comment mon avis sur le RAG a-t-il évolué ?', 'Quand ai-je parlé du RAG pour la première fois ?']) {
      const res = await e.search(q, { now: NOW });
      const paths = res.results.map((r) => r.path);
      expect(paths, q).not.toContain('Journal/2025-03-10.md');
      expect(paths, q).not.toContain('Privé/2025-03-12.md');
      for (const r of res.results) if (r.path === 'Journal/Sans date.md') expect(r.date).toBeUndefined();
      expect(dated(res).map((r) => r.path), q).toEqual(['Journal/2025-03-03.md']);
      const ans = await e.ask(q, { now: NOW, chat: null });
      expect(ans.markdown, q).not.toMatch(/secret|privé/i);
    }
    await e.close();
  });
});
