// @vitest-environment happy-dom
// The Ask vault modal opened from a note: « This note » is on, and the sources come from that note;
// switched off, the whole vault is searched again.
import { describe, expect, it } from 'vitest';
import type { App } from 'obsidian';
import { AskModal } from '../../../src/plugin/views/ask-modal';
import { liveSuite } from './live-suite';
import { key, until } from './view-harness';

let modal: AskModal | null = null;
const suite = liveSuite(undefined, () => modal?.close());

const sources = (m: AskModal) => [...m.contentEl.querySelectorAll('.ask-vault-source')].map((s) => s.textContent ?? '');

async function ask(m: AskModal, question: string): Promise<void> {
  const input = m.contentEl.querySelector('textarea') as HTMLTextAreaElement;
  input.value = question;
  key(input, 'Enter');
  await m.answered;
  await until(() => expect(sources(m).length).toBeGreaterThan(0));
}

describe('ask modal chips', () => {
  it('opened from a note, searches that note; « This note » toggles off by click', async () => {
    modal = new AskModal(suite.h.app as unknown as App, suite.h.host, { sourcePath: 'Cuisine.md' });
    modal.open();
    const chip = modal.contentEl.querySelector('.ask-vault-chip.is-this-note') as HTMLElement;
    expect(chip.classList.contains('is-off')).toBe(false);
    suite.llm.script({ text: 'Une pâte brisée [[Cuisine]].' }, { text: 'ok' });
    await ask(modal, 'Que faut-il pour le projet 20 ?');
    expect(sources(modal).every((s) => s.includes('Cuisine'))).toBe(true);
    expect(modal.contentEl.querySelector('.ask-vault-scope-used')?.textContent).toBe('Searched in: Cuisine');

    (chip.querySelector('button') as HTMLButtonElement).click();
    expect(modal.contentEl.querySelector('.ask-vault-chip.is-this-note')?.classList.contains('is-off')).toBe(true);
    await ask(modal, 'Que faut-il pour le projet 20 ?');
    expect(sources(modal).some((s) => s.includes('Projet 20'))).toBe(true);
  });
});
