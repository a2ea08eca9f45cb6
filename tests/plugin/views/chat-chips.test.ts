// @vitest-environment happy-dom
// Chosen context in the chat panel: `[[` and `@` suggest, a choice becomes a chip, the chips scope
// the sources, Backspace and × remove them, and a chip naming a deleted note is dropped with a notice.
import { describe, expect, it } from 'vitest';
import { shownNotices } from '../../stubs/obsidian';
import { ChatView } from '../../../src/plugin/views/chat-view';
import { closeView, leafFor, openView } from '../fakes/stub-helpers';
import { liveSuite } from './live-suite';
import { key, until } from './view-harness';

let view: ChatView;
const suite = liveSuite(async (s) => {
  view = await openView(new ChatView(leafFor(s.h.app), s.h.host));
  input().dispatchEvent(new Event('focus'));
  await new Promise((r) => setTimeout(r, 0));
}, () => closeView(view));
const llm = { script: (...a: Parameters<typeof suite.llm.script>) => suite.llm.script(...a), chatRequests: () => suite.llm.chatRequests() };

const input = () => view.contentEl.querySelector('textarea.ask-vault-input') as HTMLTextAreaElement;
const chips = () => [...view.contentEl.querySelectorAll('.ask-vault-chip')].map((c) => c.textContent ?? '');
const rows = () => [...view.contentEl.querySelectorAll('.ask-vault-suggest .suggestion-item')].map((r) => r.getAttribute('data-value'));
const lastTurn = () => view.contentEl.querySelector('.ask-vault-turn:last-child') as HTMLElement;

function type(text: string): void {
  input().value = text;
  input().setSelectionRange(text.length, text.length);
  input().dispatchEvent(new Event('input'));
}

async function sendAndWait(): Promise<void> {
  key(input(), 'Enter');
  await until(() => expect(view.isBusy).toBe(false));
}

describe('chat panel chips', () => {
  it('[[ suggests notes fuzzily; Enter makes a chip, and the answer is given only that note', async () => {
    type('Que dit [[pj20');
    await until(() => expect(rows()).toContain('Projets/Projet 20.md'));
    key(input(), 'Enter');
    expect(chips().some((c) => c.includes('Projet 20'))).toBe(true);
    expect(input().value).toBe('Que dit ');
    expect(view.isBusy).toBe(false); // Enter chose the row; it did not send.
    llm.script({ text: 'Des citations [[Projet 20#Objectifs]].' });
    type('Que dit cette note sur la cuisine ?');
    await sendAndWait();
    const paths = new Set([...lastTurn().querySelectorAll('.ask-vault-source')].map((s) => s.textContent));
    expect([...paths].every((p) => p?.includes('Projet 20'))).toBe(true);
    const prompt = llm.chatRequests()[0].body.messages.at(-1).content as string;
    expect(prompt).toContain('Projet 20');
    expect(prompt).not.toContain('tarte aux pommes');
    expect(lastTurn().querySelector('.ask-vault-scope-used')?.textContent).toBe('Searched in: Projet 20');
  });

  it('@ suggests folders and tags; a folder chip scopes the sources to it', async () => {
    type('@Jour');
    await until(() => expect(rows()).toContain('Journal'));
    key(input(), 'Enter');
    expect(chips()).toContain('Journal/');
    llm.script({ text: 'ok' });
    type('Qui a parlé du projet 20 ?');
    await sendAndWait();
    const sources = [...lastTurn().querySelectorAll('.ask-vault-source')].map((s) => s.textContent ?? '');
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((s) => s.includes('Journal'))).toBe(true);
  });

  it('Backspace at the start of the input removes the last chip; × removes one by click', async () => {
    type('[[Cuis');
    await until(() => expect(rows()).toContain('Cuisine.md'));
    key(input(), 'Tab');
    type('@Proj');
    await until(() => expect(rows()).toContain('Projets'));
    key(input(), 'Enter');
    expect(chips().filter((c) => c !== 'This note')).toEqual(['Cuisine', 'Projets/']);
    input().value = '';
    input().setSelectionRange(0, 0);
    key(input(), 'Backspace');
    expect(chips().filter((c) => c !== 'This note')).toEqual(['Cuisine']);
    (view.contentEl.querySelector('.ask-vault-chip.is-note .ask-vault-chip-remove') as HTMLButtonElement).click();
    expect(chips().filter((c) => c !== 'This note')).toEqual([]);
  });

  it('Escape closes the suggester without sending', async () => {
    type('[[Pro');
    await until(() => expect(rows().length).toBeGreaterThan(0));
    key(input(), 'Escape');
    expect(view.contentEl.querySelector('.ask-vault-suggest')).toBeNull();
  });

  it('fills a period chip from the question', async () => {
    type('Qu’ai-je noté en décembre 2024 ?');
    expect(chips()).toContain('en décembre 2024');
    type('Qu’ai-je noté ?');
    expect(chips()).not.toContain('en décembre 2024');
  });

  it('drops a chip naming a note deleted since, with a notice, and searches without it', async () => {
    type('[[Cuis');
    await until(() => expect(rows()).toContain('Cuisine.md'));
    key(input(), 'Enter');
    await suite.h.engine.removeNote('Cuisine.md');
    const before = (shownNotices as { message: string }[]).length;
    llm.script({ text: 'ok' });
    type('Que faut-il pour la tarte ?');
    await sendAndWait();
    expect(chips().some((c) => c.includes('Cuisine'))).toBe(false);
    expect((shownNotices as { message: string }[]).slice(before).map((n) => n.message)).toContain('"Cuisine" no longer exists: its chip was removed.');
    expect(lastTurn().querySelector('.ask-vault-scope-used')?.textContent).toBe('Searched in: the whole vault');
  });
});

describe('chat panel period chip and / prompts', () => {
  it('the period chip is edited by click, and the edited period scopes the search', async () => {
    type('Qu’ai-je noté sur le projet 20 en décembre 2024 ?');
    (view.contentEl.querySelector('.ask-vault-chip.is-period .ask-vault-chip-label') as HTMLButtonElement).click();
    const field = view.contentEl.querySelector('.ask-vault-chip-edit') as HTMLInputElement;
    field.value = 'janvier 2025';
    key(field, 'Enter');
    expect(chips()).toContain('janvier 2025');
    llm.script({ text: 'ok' });
    await sendAndWait();
    expect(lastTurn().querySelector('.ask-vault-scope-used')?.textContent).toBe('Searched in: janvier 2025');
  });

  it('/ lists saved prompts; one that needs a question waits for it after its name, then runs with it', async () => {
    const runs: [string, string | undefined][] = [];
    (suite.h.host as { prompts?: unknown }).prompts = {
      list: () => [{ id: 'p-bilan', name: 'Bilan du jour', needsQuestion: true }],
      run: async (id: string, question?: string) => void runs.push([id, question]),
    };
    await closeView(view);
    view = await openView(new ChatView(leafFor(suite.h.app), suite.h.host));
    type('/bil');
    await until(() => expect(rows()).toEqual(['p-bilan']));
    key(input(), 'Enter');
    expect(runs).toEqual([]);
    expect(input().value).toBe('/bilan-du-jour ');
    input().value = '/bilan-du-jour le projet 20';
    key(input(), 'Enter');
    expect(runs).toEqual([['p-bilan', 'le projet 20']]);
    expect(view.contentEl.querySelectorAll('.ask-vault-turn')).toHaveLength(0);
  });
});
