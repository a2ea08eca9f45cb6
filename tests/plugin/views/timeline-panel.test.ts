// @vitest-environment happy-dom
// A timeline answer in the chat panel: the intent it used, a dated list whose entries open the
// journal, and, with a model, the timeline rules in the prompt; the summarize command asks the
// period question in the panel.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../../src/plugin/i18n';
import { ChatView } from '../../../src/plugin/views/chat-view';
import { SummarizeModal, localDay } from '../../../src/plugin/views/summarize-modal';
import { startLlmServer, type LlmServer } from '../../fakes/llm-server';
import { harness, until, type Harness } from './view-harness';
import { closeView, leafFor, openView } from '../fakes/stub-helpers';

let llm: LlmServer;
let h: Harness;
let view: ChatView;

beforeAll(async () => {
  llm = await startLlmServer({ models: ['test-model'] });
});
afterAll(async () => llm.close());

beforeEach(async () => {
  setLanguage('fr');
  llm.reset();
  h = await harness(null);
  view = await openView(new ChatView(leafFor(h.app), h.host));
});
afterEach(async () => {
  await closeView(view);
  setLanguage(null);
});

const last = () => view.contentEl.querySelector('.ask-vault-turn:last-child') as HTMLElement;

describe('timeline answers in the panel', () => {
  it('with no model: the intent line and a dated list, whose entry opens the journal', async () => {
    await view.ask("Qu'ai-je fait en décembre 2024 ?");
    await until(() => expect(last().querySelector('.ask-vault-timeline-entry')).not.toBeNull());
    expect(last().querySelector('.ask-vault-intent')?.textContent).toBe('Intention : période (1 entrée dans la période, 1 montrée)');
    const entry = last().querySelector('.ask-vault-timeline-entry')!;
    expect(entry.querySelector('time')?.textContent).toBe('26 décembre 2024');
    expect(entry.querySelector('.ask-vault-timeline-sentence')?.textContent).toContain('Camille');
    // The extractive answer is the list: the markdown body is not shown twice.
    expect(last().querySelector('.ask-vault-answer-body')?.classList.contains('ask-vault-hidden')).toBe(true);
    (entry.querySelector('a') as HTMLElement).click();
    await until(() => expect(h.app.workspace.opened).toHaveLength(1));
    expect(h.app.workspace.opened[0]).toMatchObject({ linktext: 'Journal/Journal du jeudi 26 décembre 2024 à 15:03' });
  });

  it('with a model: the prompt asks for a chronological answer with dated citations; the list stays', async () => {
    const withModel = await harness(llm);
    const chatView = await openView(new ChatView(leafFor(withModel.app), withModel.host));
    llm.script({ text: 'Le 26 décembre 2024, Camille a posé une question [[Journal du jeudi 26 décembre 2024 à 15:03]].' });
    await chatView.ask("Qu'ai-je fait en décembre 2024 ?");
    const turn = chatView.contentEl.querySelector('.ask-vault-turn:last-child') as HTMLElement;
    await until(() => expect(turn.querySelector('.ask-vault-timeline-entry')).not.toBeNull());
    const system = JSON.stringify(llm.requests[llm.requests.length - 1]);
    expect(system).toContain('Answer chronologically');
    expect(turn.querySelector('.ask-vault-answer-body')?.classList.contains('ask-vault-hidden')).toBe(false);
    await closeView(chatView);
  });

  it('a fact question says its intent too, with no list', async () => {
    await view.ask('Quels sont les objectifs du projet 20 ?');
    await until(() => expect(last().querySelector('.ask-vault-intent')?.textContent).toBe('Intention : fait'));
    expect(last().querySelector('.ask-vault-timeline')).toBeNull();
  });
});

describe('summarize my journal', () => {
  it('asks the period question of the choice', () => {
    const asked: string[] = [];
    const modal = new SummarizeModal(h.app as never, (q) => asked.push(q));
    const choices = modal.getSuggestions('');
    expect(choices.map((c) => c.choice)).toEqual(['this-week', 'last-week', 'this-month', 'last-month', 'range']);
    modal.onChooseSuggestion(choices[1]!);
    expect(asked).toEqual(['Résume mon journal de la semaine dernière']);
    expect(modal.getSuggestions('mois').map((c) => c.choice)).toEqual(['this-month', 'last-month']);
  });

  it('reads a date field as a local day', () => {
    expect(localDay('2025-03-01')?.getTime()).toBe(new Date(2025, 2, 1).getTime());
    expect(localDay('')).toBeNull();
  });
});
