// A note's own name wins: the question is, or is mostly, a note's title or alias.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { defaultSettings } from '../../../src/core/settings';
import { NoteNames, nameKey } from '../../../src/core/lexical/note-names';
import { MemoryBlobStore } from '../index/memory-blob-store';
import { MemoryVault } from '../../fakes/memory-vault';

describe('note names', () => {
  it('folds names as questions are folded', () => {
    expect(nameKey('Intent AI Home')).toBe('intent ai home');
    expect(nameKey('Kosta Petrović')).toBe('kosta petrovic');
    expect(nameKey('Ritu’s')).toBe('ritu');
  });

  it('finds the names a question is or contains, the longest first, not a name inside a longer one', () => {
    const names = new NoteNames();
    names.set('Intent AI Home.md', 'Intent AI Home', ['intent AI', 'IAH']);
    names.set('Home.md', 'Home', []);
    names.set('People/Ritu Goel.md', 'Ritu Goel', ['Ritu']);
    expect(names.findIn('Intent AI Home')).toEqual([{ path: 'Intent AI Home.md', words: 3, name: 'intent ai home' }]);
    expect(names.findIn("What's Ritu's role on intent AI?").map((n) => [n.path, n.words])).toEqual([
      ['Intent AI Home.md', 2],
      ['People/Ritu Goel.md', 1],
    ]);
    names.remove('Intent AI Home.md');
    expect(names.findIn('Intent AI Home').map((n) => n.path)).toEqual(['Home.md']);
  });
});

const notes: Record<string, string> = {
  // Its words are everywhere else; its name is only here.
  'Projects/Intent AI Home.md': '---\naliases: [intent AI]\n---\n# Intent AI Home\n\nThe spoken assistant for the app.\n',
  'Meetings/Intent sync.md': '# Intent sync\n\nIntent classifier at home: the home intent model, AI for home intents, intent accuracy at home.\n',
  'Meetings/Home intents.md': '# Home intents\n\nIntent AI and home: intent, intent, home, home, AI roadmap.\n',
  'Meetings/Atlas/Retro.md': '# Retro\n\nAtlas retro: the dual write shipped on time.\n',
  'Meetings/Lighthouse/Retro.md': '# Retro\n\nLighthouse retro: the dashboard refresh works.\n',
  'Ollama.md': '# Ollama\n\nFaire tourner des modèles en local.\n',
  'Journal/2025-03-14.md': "J'ai lancé le modèle Mistral avec [[Ollama]] sur mon portable : 12 tokens par seconde.\n",
};

async function engine(change: (s: ReturnType<typeof defaultSettings>) => void = () => {}) {
  const s = defaultSettings();
  change(s);
  const e = await Engine.open({ source: new MemoryVault(notes), store: new MemoryBlobStore(), embedder: null, settings: s });
  await e.sync();
  return e;
}

const paths = async (e: Engine, q: string) => [...new Set((await e.search(q, { mode: 'lexical', k: 10 })).results.map((r) => r.path))];

describe('own-name signal', () => {
  it('puts the note a question names first, even when its words favour others', async () => {
    const e = await engine();
    expect((await paths(e, 'Intent AI Home'))[0]).toBe('Projects/Intent AI Home.md');
    expect((await paths(e, 'Who works on Intent AI?'))[0]).toBe('Projects/Intent AI Home.md');
    const off = await engine((s) => (s.retrieval.lexical.ownName = false));
    expect((await paths(off, 'Intent AI Home'))[0]).not.toBe('Projects/Intent AI Home.md');
  });

  it('breaks a tie between notes that share a name by the rest of the question', async () => {
    const e = await engine();
    expect((await paths(e, 'Lighthouse retro')).slice(0, 2)).toEqual(['Meetings/Lighthouse/Retro.md', 'Meetings/Atlas/Retro.md']);
    expect((await paths(e, 'Retro dual write')).slice(0, 2)).toEqual(['Meetings/Atlas/Retro.md', 'Meetings/Lighthouse/Retro.md']);
  });

  it('leaves alone a note only mentioned in passing', async () => {
    const e = await engine();
    expect((await paths(e, "Combien de tokens par seconde pour le modèle Mistral lancé avec Ollama sur mon portable ?"))[0]).toBe('Journal/2025-03-14.md');
    const always = await engine((s) => (s.retrieval.lexical.ownNameShare = 0));
    expect((await paths(always, "Combien de tokens par seconde pour le modèle Mistral lancé avec Ollama sur mon portable ?"))[0]).toBe('Ollama.md');
  });
});
