// @vitest-environment happy-dom
// The plugin's lifecycle on the obsidian stub: what onload registers, indexing from onLayoutReady
// into the index folder under the config dir (with the writer lock), an answer in the panel, and
// a clean unload. No embedding model is configured, so no worker starts (the worker has its own
// browser test).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { App, PluginManifest } from 'obsidian';
import { setLanguage } from '../../src/plugin/i18n';
import { ChatView } from '../../src/plugin/views/chat-view';
import { FsDataAdapter } from './fakes/fs-data-adapter';
import { liveApp, LiveVault } from './fakes/live-vault';
import { TextEditor } from './fakes/text-editor';

// The inlined worker exists only in main.js (build-time modules); no model is configured here, so
// no worker is ever asked for.
vi.mock('../../src/plugin/adapters/inline-worker', () => ({
  InlineEmbedWorkers: class {
    createWorker(): never {
      throw new Error('no embedding worker in this test');
    }
    dispose(): void {}
  },
}));

const { default: AskVaultPlugin } = await import('../../src/plugin/main');

interface StubPlugin {
  commands: { id: string; name: string; hotkeys?: unknown[]; callback?: () => unknown; checkCallback?: (checking: boolean) => boolean | void; editorCallback?: unknown }[];
  statusBarEl: HTMLElement;
  hoverLinkSources: Record<string, unknown>;
  settingTabs: unknown[];
  saveData(data: unknown): Promise<void>;
  unload(): void;
  load(): void;
}

let dir = '';
afterEach(async () => {
  setLanguage(null);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const manifest: PluginManifest = { id: 'ask-vault', name: 'Ask Vault', version: '0.1.0', minAppVersion: '1.5.0', description: '', author: '', dir: '.obsidian/plugins/ask-vault' };

async function until(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() - started > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('plugin lifecycle', () => {
  it('registers everything on load, indexes once the layout is ready, answers in the panel, and writes the index on unload', async () => {
    setLanguage('en');
    dir = await mkdtemp(join(tmpdir(), 'ask-vault-plugin-'));
    const vault = new LiveVault({
      'Projet 20.md': '# Projet 20\n\nLe projet 20 crée un POC de RAG.\n\n## Objectifs\n\nLes objectifs du projet 20 : citer les notes.\n',
      'Journal/2024-12-26.md': 'Camille m\'a parlé du [[Projet 20]] aujourd\'hui.\n',
      'Privé/secret.md': 'Le code est zanzibar.\n',
      'Ask Vault/ancienne.md': 'Une ancienne discussion sur zanzibar.\n',
    });
    vault.setConfig('userIgnoreFilters', ['Privé/']);
    (vault as unknown as { adapter: FsDataAdapter }).adapter = new FsDataAdapter(dir);
    const app = liveApp(vault);
    const plugin = new AskVaultPlugin(app as unknown as App, manifest);
    const stub = plugin as unknown as StubPlugin;
    // Settings of an earlier version: migrated, and the embedding model left empty (no worker).
    await stub.saveData({ endpoint: '', embeddingModel: '', conversationFolder: 'Ask Vault' });
    // As Obsidian does: load() runs onload (which is async: wait for what it registers last).
    stub.load();
    await until(() => expect(stub.settingTabs).toHaveLength(1));

    expect(stub.commands.map((c) => c.id)).toEqual(['ask', 'ask-and-insert', 'open-panel', 'find-related', 'pause-indexing', 'resume-indexing', 'rebuild-index', 'show-index-status', 'show-journals', 'summarize-journal']);
    expect(stub.commands.every((c) => c.hotkeys === undefined)).toBe(true);
    expect(stub.commands.find((c) => c.id === 'ask-and-insert')?.editorCallback).toBeTypeOf('function');
    expect(stub.hoverLinkSources['ask-vault']).toEqual({ display: 'Ask Vault', defaultMod: true });
    expect(stub.settingTabs).toHaveLength(1);
    expect(plugin.settings.version).toBe(1);
    expect(plugin.settings.retrieval.embeddingModel).toBe('');

    // Nothing is indexed before the layout is ready.
    expect(plugin.indexer).toBeNull();
    app.workspace.finishLayout();
    await plugin.indexer!.whenIdle();
    await until(() => expect(stub.statusBarEl.textContent).toBe('2 notes indexed'));
    const engine = await plugin.engine();
    expect(engine.status()).toMatchObject({ notes: 2, excluded: 2 });
    expect(JSON.parse(await readFile(join(dir, '.obsidian/plugins/ask-vault/index/writer.lock'), 'utf8')).owner.tool).toBe('plugin');
    expect(await readFile(join(dir, '.obsidian/plugins/ask-vault/index/manifest.json'), 'utf8')).toContain('"generation"');

    // The panel opens in the right sidebar and answers (extractively: no endpoint configured).
    stub.commands.find((c) => c.id === 'open-panel')!.callback!();
    await until(() => expect(app.workspace.getLeavesOfType('ask-vault-chat')).toHaveLength(1));
    const view = (app.workspace.getLeavesOfType('ask-vault-chat')[0] as { view: ChatView }).view;
    expect(view).toBeInstanceOf(ChatView);
    await view.ask('Quels sont les objectifs du projet 20 ?');
    expect(view.contentEl.querySelector('.ask-vault-answer-body a.ask-vault-citation')).not.toBeNull();
    expect(view.contentEl.textContent).not.toContain('zanzibar');
    // The saved conversation is in the excluded folder: it never enters the index.
    await until(() => expect(vault.paths().filter((p) => p.startsWith('Ask Vault/'))).toHaveLength(2));

    // "Find notes related to the current note" lists them in the panel.
    const command = (id: string) => stub.commands.find((c) => c.id === id)!;
    expect(command('find-related').checkCallback!(true)).toBe(false);
    app.workspace.activeFile = vault.file('Projet 20.md');
    expect(command('find-related').checkCallback!(true)).toBe(true);
    command('find-related').checkCallback!(false);
    await until(() => expect(view.contentEl.querySelector('.ask-vault-turn.is-related .ask-vault-source-link')?.getAttribute('data-path')).toBe('Journal/2024-12-26.md'));

    // "Ask vault and insert the answer at the cursor": the selection is the question.
    const doc = 'Quels sont les objectifs du projet 20 ?';
    const editor = new TextEditor(doc, { from: 0, to: doc.length });
    (command('ask-and-insert').editorCallback as (editor: unknown, ctx: unknown) => void)(editor, { file: vault.file('Projet 20.md') });
    await until(() => expect(editor.transactions).toBe(1));
    expect(editor.getValue()).toMatch(/^Quels sont les objectifs du projet 20 \?\n\nPassages de vos notes/);
    // Neutralised for the note: the quote's lazy continuation line is written with its own `> `.
    expect(editor.getValue()).toContain('> Les objectifs du projet 20 : citer les notes.\n> — [^1]');
    expect(editor.getValue()).toMatch(/\n\n\[\^1\]: \[\[Projet 20#Objectifs\]\]\n\[\^2\]: \[\[Projet 20\]\]\n\[\^3\]: \[\[2024-12-26\]\]\n$/);
    expect(document.querySelector('.ask-vault-modal')).toBeNull();

    // Pause and resume are offered one at a time.
    const check = (id: string) => stub.commands.find((c) => c.id === id)!.checkCallback!(true);
    expect([check('pause-indexing'), check('resume-indexing')]).toEqual([true, false]);
    stub.commands.find((c) => c.id === 'pause-indexing')!.checkCallback!(false);
    expect([check('pause-indexing'), check('resume-indexing')]).toEqual([false, true]);
    expect(stub.statusBarEl.textContent).toBe('Indexing paused');

    stub.unload();
    await until(async () => {
      await expect(readFile(join(dir, '.obsidian/plugins/ask-vault/index/writer.lock'))).rejects.toThrow();
    });
    expect(stub.statusBarEl.textContent).toBe('');
  });
});
