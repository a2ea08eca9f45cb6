// @vitest-environment happy-dom
// The journal pane over the real engine: it follows the open note, lists the entries that link to
// it with their date and paragraph, opens an entry at that paragraph, and for an open journal
// entry lists the notes it links to.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TFile } from 'obsidian';
import { setLanguage } from '../../../src/plugin/i18n';
import { JournalPaneView } from '../../../src/plugin/views/journal-pane';
import { harness, until, type Harness } from './view-harness';
import { closeView, leafFor, openView } from '../fakes/stub-helpers';

let h: Harness;
let view: JournalPaneView;

beforeEach(async () => {
  setLanguage('fr');
  h = await harness(null);
  view = await openView(new JournalPaneView(leafFor(h.app), { ...h.host, indexer: null }));
});

afterEach(async () => {
  await closeView(view);
  setLanguage(null);
});

const open = (path: string) => {
  h.app.workspace.activeFile = h.vault.file(path) as unknown as TFile;
  h.app.workspace.trigger('file-open', h.app.workspace.activeFile);
};

describe('journal pane', () => {
  it('follows the open note: its journal entries with date and paragraph, then related notes', async () => {
    open('Projets/Projet 20.md');
    await until(() => expect(view.contentEl.querySelectorAll('.ask-vault-journal-entry').length).toBeGreaterThan(0));
    const entry = view.contentEl.querySelector('.ask-vault-journal-entry')!;
    expect(entry.querySelector('time')?.textContent).toBe('26 décembre 2024');
    expect(entry.querySelector('.ask-vault-journal-paragraph')?.textContent).toContain('citerait ses sources');
    expect(view.contentEl.textContent).toContain('Entrées de journal (1)');
    (entry.querySelector('a.ask-vault-journal-link') as HTMLElement).click();
    await until(() => expect(h.app.workspace.opened).toHaveLength(1));
    expect(h.app.workspace.opened[0]).toMatchObject({ linktext: 'Journal/Journal du jeudi 26 décembre 2024 à 15:03', state: { eState: { line: 0 } } });
    expect(view.lastRefreshMs).toBeGreaterThan(0);
  });

  it('for a journal entry: the notes it links to', async () => {
    open('Journal/Journal du jeudi 26 décembre 2024 à 15:03.md');
    await until(() => expect(view.contentEl.textContent).toContain('Renvoie à'));
    const links = [...view.contentEl.querySelectorAll('a.ask-vault-journal-link')].map((a) => a.textContent);
    expect(links).toContain('Projet 20');
  });

  it('says so when no note is open, and when no entry links to the note', async () => {
    h.app.workspace.activeFile = null;
    h.app.workspace.trigger('file-open', null);
    await until(() => expect(view.contentEl.textContent).toContain('Ouvrez une note'));
    open('Cuisine.md');
    await until(() => expect(view.contentEl.textContent).toContain('Aucune entrée de journal ne renvoie à cette note.'));
  });
});
