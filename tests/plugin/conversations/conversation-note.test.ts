// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Vault } from 'obsidian';
import { formatConversationHeader, formatTurn, parseConversation } from '../../../src/plugin/conversations/conversation-note';
import { ConversationStore } from '../../../src/plugin/conversations/conversation-store';
import { LiveVault } from '../fakes/live-vault';

const labels = { question: 'Question', sources: 'Sources' };
const meta = { date: '2025-01-03T14:05:00.000Z', model: 'llama3.1:8b', endpoint: 'Ollama' };
const turn = {
  question: 'Où en est le projet 20 ?\nEt la démo ?',
  answer: 'Il avance [[Projets/Projet 20#Objectifs|Projet 20 › Objectifs]].\n\n> Une citation du modèle.\n\n⚠︎ `Note inventée` (unverified)',
  sources: [{ path: 'Projets/Projet 20.md', title: 'Projet 20', heading: 'Objectifs', line: 4 }, { path: 'Journal/2024-12-26.md', title: '2024-12-26' }],
};

describe('conversation notes', () => {
  it('round-trips: frontmatter, questions over several lines, answers with quotes, sources with lines', () => {
    const text = formatConversationHeader(meta) + formatTurn(turn, labels) + formatTurn({ question: 'Suite ?', answer: 'Oui.', sources: [] }, labels);
    expect(text).toContain('> [!quote]- Sources\n> 1. [[Projets/Projet 20#Objectifs|Projet 20 › Objectifs]] %%line 4%%\n> 2. [[Journal/2024-12-26|2024-12-26]]');
    const parsed = parseConversation(text);
    expect(parsed).toEqual({ meta, turns: [turn, { question: 'Suite ?', answer: 'Oui.', sources: [] }] });
  });

  it('is not fooled by notes that are not conversations', () => {
    expect(parseConversation('# Une note\n\nTexte.')).toBeNull();
    expect(parseConversation('---\ntitle: x\n---\n> [!question] Q\n> ?')).toBeNull();
    expect(parseConversation('---\n: : :\n---\n')).toBeNull();
  });

  it('saves the first turn as a new note in the folder, appends later ones, and lists conversations newest first', async () => {
    const vault = new LiveVault({ 'Ask Vault/Archives/ancienne.md': 'x', 'Ailleurs.md': 'y' });
    const store = new ConversationStore(vault as unknown as Vault, () => 'Ask Vault/', () => labels);
    const file = await store.save(null, meta, { ...turn, question: 'Où en est le projet 20 : la démo / le POC ?' });
    expect(file.path).toMatch(/^Ask Vault\/2025-01-0[34] \d{2}\.05 Où en est le projet 20 la démo le POC\.md$/);
    const same = await store.save(file, meta, { question: 'Suite ?', answer: 'Oui.', sources: [] });
    expect(same).toBe(file);
    const again = await store.save(null, meta, { ...turn, question: 'Où en est le projet 20 : la démo / le POC ?' });
    expect(again.path).toBe(file.path.replace(/\.md$/, ' 2.md'));
    const loaded = await store.load(file);
    expect(loaded?.turns.map((t) => t.question)).toEqual(['Où en est le projet 20 : la démo / le POC ?', 'Suite ?']);
    expect(store.list().map((f) => f.path)).toEqual([again.path, file.path, 'Ask Vault/Archives/ancienne.md']);
  });

  it('creates the folder when it does not exist', async () => {
    const vault = new LiveVault();
    const store = new ConversationStore(vault as unknown as Vault, () => 'Archives/IA/Discussions', () => labels);
    const file = await store.save(null, meta, { question: '...Pourquoi ?', answer: 'Parce que.', sources: [] });
    expect(file.path).toMatch(/^Archives\/IA\/Discussions\/\d{4}-\d{2}-\d{2} \d{2}\.\d{2} Pourquoi\.md$/);
  });
});
