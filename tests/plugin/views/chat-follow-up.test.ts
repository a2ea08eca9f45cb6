// @vitest-environment happy-dom
// Follow-ups in the chat panel: the model gets the earlier turns, retrieval gets the question as
// understood, « Understood: … » shows it with an undo, and a reopened conversation keeps its thread.
import { describe, expect, it } from 'vitest';
import { ChatView } from '../../../src/plugin/views/chat-view';
import { closeView, leafFor, openView } from '../fakes/stub-helpers';
import { liveSuite } from './live-suite';
import { key, until } from './view-harness';

let view: ChatView;
const suite = liveSuite(async (s) => {
  view = await openView(new ChatView(leafFor(s.h.app), s.h.host));
}, () => closeView(view));
const llm = { script: (...a: Parameters<typeof suite.llm.script>) => suite.llm.script(...a), chatRequests: () => suite.llm.chatRequests() };

const input = () => view.contentEl.querySelector('textarea.ask-vault-input') as HTMLTextAreaElement;
const lastTurn = () => view.contentEl.querySelector('.ask-vault-turn:last-child') as HTMLElement;
const sourcePaths = (turn: Element) => [...turn.querySelectorAll('.ask-vault-source')].map((s) => s.textContent ?? '');

async function send(question: string): Promise<void> {
  input().value = question;
  key(input(), 'Enter');
  await until(() => expect(view.isBusy).toBe(false));
}

describe('chat panel follow-ups', () => {
  it('sends the first turn with the second request, and shows the question as understood', async () => {
    llm.script({ text: 'Une démonstration est prévue en janvier [[Projet 20#Calendrier]].' }, { text: 'Des citations vérifiables [[Projet 20#Objectifs]].' });
    await send('Quand a lieu la démonstration du projet 20 ?');
    await send('Et ses objectifs ?');
    const [, second] = llm.chatRequests();
    const messages = second.body.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[1].content).toBe('Quand a lieu la démonstration du projet 20 ?');
    expect(messages[2].content).toBe('Une démonstration est prévue en janvier [[Projet 20#Calendrier]].');
    expect(messages[3].content).toContain('Question: Et ses objectifs ? — démonstration du projet 20');
    expect(lastTurn().querySelector('.ask-vault-understood-text')?.textContent).toBe('Understood: Et ses objectifs ? — démonstration du projet 20');
    expect(sourcePaths(lastTurn()).join(' ')).toContain('Projet 20');
  });

  it('undoes the resolution in one click: the question is asked again as typed', async () => {
    llm.script({ text: 'En janvier [[Projet 20#Calendrier]].' }, { text: 'a' }, { text: 'b' });
    await send('Quand a lieu la démonstration du projet 20 ?');
    await send('Et ses objectifs ?');
    (lastTurn().querySelector('button.ask-vault-understood-undo') as HTMLButtonElement).click();
    await until(() => expect(llm.chatRequests()).toHaveLength(3));
    await until(() => expect(view.isBusy).toBe(false));
    expect(llm.chatRequests()[2].body.messages.at(-1).content).toMatch(/Question: Et ses objectifs \?$/);
    expect(lastTurn().querySelector('.ask-vault-understood')).toBeNull();
    expect(view.contentEl.querySelectorAll('.ask-vault-turn')).toHaveLength(2);
  });

  it('a "why?" keeps the sources of the answer it asks about', async () => {
    llm.script({ text: 'Des citations vérifiables [[Projet 20#Objectifs]].' }, { text: 'Parce que [[Projet 20#Objectifs]].' });
    await send('Quels sont les objectifs du projet 20 ?');
    const first = sourcePaths(lastTurn());
    await send('Pourquoi ?');
    expect(sourcePaths(lastTurn())).toEqual(first);
    expect(lastTurn().querySelector('.ask-vault-understood-text')?.textContent).toBe('Understood: Pourquoi ? — Quels sont les objectifs du projet 20 ?');
  });

  it('saves the resolved question in the note, and a reopened conversation continues the thread', async () => {
    llm.script({ text: 'En janvier [[Projet 20#Calendrier]].' }, { text: 'Citées [[Projet 20#Objectifs]].' }, { text: 'c' });
    await send('Quand a lieu la démonstration du projet 20 ?');
    await send('Et ses objectifs ?');
    const path = suite.h.vault.paths().find((p) => p.startsWith('Ask Vault/'))!;
    await until(() => expect(suite.h.vault.text(path)).toContain('%%ask-vault-resolved: Et ses objectifs ? — démonstration du projet 20%%'));
    expect(suite.h.vault.text(path)).toContain('%%ask-vault-anchor: Quand a lieu la démonstration du projet 20 ?%%');

    view.newChat();
    await view.openConversation(suite.h.vault.file(path));
    expect(view.contentEl.querySelectorAll('.ask-vault-understood')).toHaveLength(1);
    await send('Et sa date ?');
    const messages = llm.chatRequests()[2].body.messages as { role: string; content: string }[];
    expect(messages).toHaveLength(6);
    expect(messages[3].content).toContain('Et ses objectifs ?');
    // Resolved against the reopened conversation's anchor, not asked alone.
    expect(messages[5].content).toContain('Question: Et sa date ? — démonstration du projet 20');
  });
});
