// @vitest-environment happy-dom
// Saved prompts over a live in-memory vault: the folder's notes are read, kept current as they
// change, the examples are written once and never over a user's note, a template that does not
// parse is listed with its reason, and a variable that cannot be filled says why.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from 'obsidian';
import { setLanguage } from '../../../src/plugin/i18n';
import { PromptLibrary } from '../../../src/plugin/prompts/prompt-library';
import { preparePrompt } from '../../../src/plugin/prompts/run-prompt';
import { parseTemplate } from '../../../src/core/prompts/template';
import { liveApp, LiveVault } from '../fakes/live-vault';

let vault: LiveVault;
let library: PromptLibrary;
let changes = 0;

beforeEach(() => {
  setLanguage('en');
  vault = new LiveVault({
    'Ask Vault/Prompts/Résumer.md': '---\nname: Résumer\nscope: note\n---\nRésume {{note}}.\n',
    'Ask Vault/Prompts/Cassé.md': '---\nname: Cassé\n---\nExplique {{selectoin}}\n',
    'Notes/Autre.md': '---\nname: Pas un prompt\n---\nx\n',
  });
  changes = 0;
  library = new PromptLibrary(liveApp(vault) as unknown as App, { folder: () => 'Ask Vault/Prompts/', onChange: () => changes++ });
  library.load();
});

afterEach(() => {
  library.unload();
  setLanguage(null);
});

const names = () => library.templates.map((p) => p.name);

describe('saved prompts library', () => {
  it('reads the folder\'s notes, and lists the one that does not parse with its reason', async () => {
    await library.reload();
    expect(names()).toEqual(['Résumer']);
    expect(library.problems).toEqual([{ path: 'Ask Vault/Prompts/Cassé.md', reason: expect.stringMatching(/unknown variable \{\{selectoin\}\}/) }]);
  });

  it('follows the folder as notes are added, edited and deleted', async () => {
    await library.reload();
    await vault.create('Ask Vault/Prompts/Semaine.md', '---\nname: Ma semaine\n---\nQu’ai-je fait ?\n');
    await expect.poll(names, { timeout: 3000 }).toContain('Ma semaine');
    await vault.delete(vault.getAbstractFileByPath('Ask Vault/Prompts/Résumer.md')!);
    await expect.poll(names, { timeout: 3000 }).toEqual(['Ma semaine']);
    expect(changes).toBeGreaterThanOrEqual(3);
  });

  it('writes the four examples once, never over a note the user has', async () => {
    await vault.create('Ask Vault/Prompts/Summarise this note.md', '---\nname: Mine\n---\nmy own {{note}}\n');
    const created = await library.createDefaults('en');
    expect(created).toBe(3);
    expect(vault.text('Ask Vault/Prompts/Summarise this note.md')).toContain('my own');
    expect(names()).toEqual(expect.arrayContaining(['Mine', 'My week in review', 'Contradictions with my journal', 'Open questions in this note']));
    expect(await library.createDefaults('en')).toBe(0);
  });
});

describe('running a saved prompt', () => {
  const template = (text: string) => {
    const r = parseTemplate('P.md', text);
    if (!r.ok) throw new Error(r.reason);
    return r.template;
  };

  it('says why when {{selection}} has no selection, or the note is missing', () => {
    expect(preparePrompt(template('---\nname: Expliquer\n---\nExplique {{selection}}'), {})).toEqual({
      ok: false, reason: '"Expliquer" needs a selection: select text in a note, then run it again.',
    });
    expect(preparePrompt(template('---\nname: Résumer\nscope: note\n---\nRésume {{note}}'), { note: null })).toMatchObject({ ok: false, reason: expect.stringContaining('needs a note') });
  });

  it('fills the variables and turns the scope into chips\' scope', () => {
    const now = new Date(2025, 2, 10, 12);
    const r = preparePrompt(template('---\nname: Semaine\nscope:\n  folders: Journal\n  period: the last 7 days\n---\nWhat did I do {{period}} about {{note}}?'), {
      note: { path: 'Projets/Projet 20.md', title: 'Projet 20' }, now,
    });
    expect(r).toEqual({
      ok: true,
      question: 'What did I do the last 7 days about [[Projet 20]]?',
      scope: { folders: ['Journal'], range: { start: new Date(2025, 2, 4).getTime(), end: new Date(2025, 2, 11).getTime(), text: 'the last 7 days' } },
      insert: false,
    });
  });
});
