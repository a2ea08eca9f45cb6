// @vitest-environment happy-dom
// The "Ask vault" modal and the "ask and insert" flow, in a DOM, against the loopback LLM server.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App, Editor } from 'obsidian';
import { setLanguage } from '../../../src/plugin/i18n';
import { AskModal } from '../../../src/plugin/views/ask-modal';
import type { AskOutcome } from '../../../src/plugin/views/ask-question';
import { startLlmServer, type LlmServer } from '../../fakes/llm-server';
import { TextEditor } from '../fakes/text-editor';
import { harness, key, QUESTION, until, type Harness } from './view-harness';

let llm: LlmServer;
let h: Harness;
const modals: AskModal[] = [];

beforeAll(async () => {
  llm = await startLlmServer({ models: ['test-model'] });
});

afterAll(async () => {
  await llm.close();
});

beforeEach(async () => {
  setLanguage('en');
  llm.reset();
  h = await harness(llm);
});

afterEach(() => {
  for (const m of modals.splice(0)) m.close();
  setLanguage(null);
});

function open(options: ConstructorParameters<typeof AskModal>[2] = {}): AskModal {
  const modal = new AskModal(h.app as unknown as App, h.host, options);
  modals.push(modal);
  modal.open();
  return modal;
}

const answerBody = (m: AskModal) => m.contentEl.querySelector('.ask-vault-answer-body') as HTMLElement;
const action = (m: AskModal, label: string) => m.contentEl.querySelector(`.ask-vault-action[aria-label="${label}"]`) as HTMLElement | null;

describe('ask modal', () => {
  it('streams the answer under the question, with its sources and links', async () => {
    llm.script({ text: 'Le projet 20 doit citer ses sources [[Projet 20#Objectifs]] et [[Projet 99]].', chunkSize: 5, intervalMs: 30 });
    const modal = open();
    const input = modal.contentEl.querySelector('textarea') as HTMLTextAreaElement;
    input.value = QUESTION;
    key(input, 'Enter');
    await until(() => expect(answerBody(modal).textContent).toContain('Le projet'));
    expect(answerBody(modal).textContent).not.toContain('sources');
    await modal.answered;
    expect(answerBody(modal).querySelector('a.ask-vault-citation')?.getAttribute('data-href')).toBe('Projets/Projet 20#Objectifs');
    expect(answerBody(modal).querySelector('.ask-vault-bad-citation')?.textContent).toContain('Projet 99');
    expect(modal.contentEl.querySelectorAll('.ask-vault-source').length).toBeGreaterThan(0);
    expect(action(modal, 'Copy')).not.toBeNull();
  });

  it('stops the stream from the stop button', async () => {
    llm.script({ deltas: ['Le projet ', '20 '], end: 'endless', intervalMs: 5 });
    const modal = open({ question: QUESTION });
    await until(() => expect(answerBody(modal).textContent).toContain('Le projet'));
    const button = modal.contentEl.querySelector('.ask-vault-modal-form button') as HTMLButtonElement;
    expect(button.textContent).toBe('Stop');
    button.click();
    await modal.answered;
    await until(() => expect(llm.chatRequests()[0].clientGone).toBe(true));
    expect(button.textContent).toBe('Send');
    expect(modal.contentEl.querySelector('.ask-vault-notice')?.textContent).toContain('Stopped.');
  });

  it('closing the modal stops the stream', async () => {
    llm.script({ deltas: ['Le projet '], end: 'endless', intervalMs: 5 });
    const modal = open({ question: QUESTION });
    await until(() => expect(answerBody(modal).textContent).toContain('Le projet'));
    modal.close();
    await modal.answered;
    await until(() => expect(llm.chatRequests()[0].clientGone).toBe(true));
  });

  it('inserts at the cursor with footnotes, as one edit', async () => {
    llm.script({ text: 'Des citations vérifiables [[Projet 20#Objectifs]], et une démo en janvier [[Projet 20#Calendrier]] [[Projet 20#Objectifs]].' });
    const editor = new TextEditor('Avant.\n\nAprès.[^1]\n\n[^1]: Une note existante.', { from: 7 });
    const modal = open({ editor: editor as unknown as Editor, sourcePath: 'Notes/Ici.md', question: QUESTION });
    await modal.answered;
    action(modal, 'Insert at the cursor')!.click();
    expect(editor.transactions).toBe(1);
    expect(editor.getValue()).toBe([
      'Avant.',
      '',
      'Des citations vérifiables [^2], et une démo en janvier [^3] [^2].',
      '',
      'Après.[^1]',
      '',
      '[^1]: Une note existante.',
      '',
      '[^2]: [[Projet 20#Objectifs]]',
      '[^3]: [[Projet 20#Calendrier]]',
      '',
    ].join('\n'));
    expect(modal.containerEl.isConnected).toBe(false);
    editor.undo();
    expect(editor.getValue()).toBe('Avant.\n\nAprès.[^1]\n\n[^1]: Une note existante.');
  });

  it('"ask and insert": the selection is the question, the answer follows it once complete', async () => {
    llm.script({ text: 'Ils visent des réponses citées [[Projet 20#Objectifs]].', chunkSize: 6, intervalMs: 40 });
    const doc = `Ma question :\n${QUESTION}\nFin.`;
    const start = doc.indexOf(QUESTION);
    const editor = new TextEditor(doc, { from: start, to: start + QUESTION.length });
    const modal = open({ editor: editor as unknown as Editor, question: editor.getSelection(), insertWhenDone: true });
    await until(() => expect(answerBody(modal).textContent).toContain('Ils'));
    expect(editor.transactions).toBe(0);
    await modal.answered;
    expect(llm.chatRequests()[0].body.messages.at(-1).content).toContain(QUESTION);
    expect(editor.transactions).toBe(1);
    expect(editor.getValue()).toBe(`Ma question :\n${QUESTION}\n\nIls visent des réponses citées [^1].\n\nFin.\n\n[^1]: [[Projet 20#Objectifs]]\n`);
    expect(modal.containerEl.isConnected).toBe(false);
  });

  it('hands the question and its answer to the panel', async () => {
    llm.script({ text: 'Réponse [[Projet 20#Objectifs]].' });
    const handed: { question: string; outcome: AskOutcome }[] = [];
    const modal = open({ question: QUESTION, continueInPanel: async (question, outcome) => void handed.push({ question, outcome }) });
    await modal.answered;
    action(modal, 'Continue in the panel')!.click();
    await until(() => expect(handed).toHaveLength(1));
    expect(handed[0].question).toBe(QUESTION);
    expect(handed[0].outcome.response.markdown).toContain('[[Projets/Projet 20#Objectifs|');
    expect(modal.containerEl.isConnected).toBe(false);
  });

  it('copies the answer with its citations as links', async () => {
    llm.script({ text: 'Réponse [[Projet 20#Objectifs]].' });
    const modal = open({ question: QUESTION });
    await modal.answered;
    action(modal, 'Copy')!.click();
    await until(async () => expect(await navigator.clipboard.readText()).toContain('[[Projets/Projet 20#Objectifs|'));
  });
});
