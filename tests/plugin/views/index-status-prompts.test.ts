// @vitest-environment happy-dom
// A saved prompt that does not parse is listed, with its reason, in the index status view.
import { afterEach, describe, expect, it } from 'vitest';
import type { App, Vault } from 'obsidian';
import { Engine } from '../../../src/core/engine';
import { VaultNoteSource } from '../../../src/plugin/adapters/vault-note-source';
import type { IndexHost } from '../../../src/plugin/ask-host';
import { setLanguage } from '../../../src/plugin/i18n';
import { PromptLibrary } from '../../../src/plugin/prompts/prompt-library';
import { defaultPluginSettings } from '../../../src/plugin/settings/plugin-settings';
import { IndexStatusView } from '../../../src/plugin/views/index-status-view';
import { MemoryBlobStore } from '../../core/index/memory-blob-store';
import { liveApp, LiveVault } from '../fakes/live-vault';
import { closeView, leafFor, openView } from '../fakes/stub-helpers';

afterEach(() => setLanguage(null));

describe('index status view and saved prompts', () => {
  it('lists each template that fails to parse, with its reason', async () => {
    setLanguage('en');
    const vault = new LiveVault({
      'a.md': 'Une note.\n',
      'Ask Vault/Prompts/Sans nom.md': '---\ninsert: true\n---\nRésume {{note}}\n',
      'Ask Vault/Prompts/Bon.md': '---\nname: Bon\n---\nRésume {{note}}\n',
    });
    const app = liveApp(vault);
    const settings = defaultPluginSettings();
    settings.retrieval.embeddingModel = '';
    const engine = await Engine.open({ source: new VaultNoteSource(vault as unknown as Vault), store: new MemoryBlobStore(), embedder: null, settings });
    const library = new PromptLibrary(app as unknown as App, { folder: () => settings.prompts.folder, onChange: () => {} });
    await library.reload();
    const host: IndexHost = {
      app: app as unknown as App,
      settings,
      indexer: null,
      engine: async () => engine,
      indexSize: async () => 0,
      embeddingDevice: () => null,
      rebuildIndex: async () => {},
      promptProblems: () => library.problems,
    };
    const view = await openView(new IndexStatusView(leafFor(app), host));
    await new Promise((r) => setTimeout(r, 20));
    const items = [...view.contentEl.querySelectorAll('.ask-vault-index-prompt-problems li')].map((li) => li.textContent);
    expect(items).toEqual(['Ask Vault/Prompts/Sans nom.md: "name" is missing or empty']);
    await closeView(view);
  });
});
