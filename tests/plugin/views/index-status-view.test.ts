// @vitest-environment happy-dom
// The index status view over a real engine and indexer: counts, failures with their reason,
// exclusions, model, size on disk, warnings, and the pause button.
import { afterEach, describe, expect, it } from 'vitest';
import type { App, Vault } from 'obsidian';
import { Engine } from '../../../src/core/engine';
import { hostExclusions } from '../../../src/plugin/adapters/obsidian-exclusions';
import { VaultNoteSource } from '../../../src/plugin/adapters/vault-note-source';
import type { IndexHost } from '../../../src/plugin/ask-host';
import { setLanguage } from '../../../src/plugin/i18n';
import { IndexController } from '../../../src/plugin/indexer/index-controller';
import { defaultPluginSettings } from '../../../src/plugin/settings/plugin-settings';
import { IndexStatusView } from '../../../src/plugin/views/index-status-view';
import { MemoryBlobStore } from '../../core/index/memory-blob-store';
import { liveApp, LiveVault } from '../fakes/live-vault';
import { ManualTimers } from '../fakes/manual-timers';
import { closeView, leafFor, openView } from '../fakes/stub-helpers';

afterEach(() => setLanguage(null));

describe('index status view', () => {
  it('shows what is indexed, failed, excluded and pending, the model and the size on disk', async () => {
    setLanguage('en');
    const vault = new LiveVault({ 'a.md': '# A\n\nUne note.\n', 'b.md': 'Une autre note.\n', 'Privé/c.md': 'Secret.\n' });
    vault.put('cassé.md', new Uint8Array([0x66, 0xff, 0xfe, 0x0a]));
    vault.setConfig('userIgnoreFilters', ['Privé/']);
    const app = liveApp(vault);
    const isExcluded = hostExclusions(app as unknown as App, {});
    const store = new MemoryBlobStore();
    const settings = defaultPluginSettings();
    settings.retrieval.embeddingModel = '';
    const engine = await Engine.open({ source: new VaultNoteSource(vault as unknown as Vault), store, embedder: null, settings, extraExclusion: isExcluded });
    const timers = new ManualTimers();
    const indexer = new IndexController({ vault, metadataCache: app.metadataCache, engine: async () => engine, recreate: async () => undefined, isExcluded, timers });
    indexer.load();
    indexer.start();
    await indexer.whenIdle();
    let rebuilt = 0;
    const host: IndexHost = {
      app: app as unknown as App,
      settings,
      indexer,
      engine: async () => engine,
      indexSize: async () => (await store.size()) ?? 0,
      embeddingDevice: () => null,
      rebuildIndex: async () => void rebuilt++,
    };
    const view = await openView(new IndexStatusView(leafFor(app), host));
    const row = (cls: string) => view.contentEl.querySelector(`tr.${cls} td`)?.textContent;
    expect(row('is-notes')).toBe('2');
    expect(row('is-failed')).toBe('1');
    expect(row('is-excluded')).toBe('1');
    expect(row('is-pending')).toBe('0');
    expect(row('is-model')).toBe('None: keyword search only');
    expect(row('is-size')).toMatch(/^\d+(\.\d)? (B|KB)$/);
    expect(view.contentEl.querySelector('.ask-vault-index-failed')?.textContent).toContain('cassé.md');
    expect(view.contentEl.querySelector('.ask-vault-index-state')?.textContent).toBe('2 notes indexed');

    await vault.modify(vault.file('a.md'), '# A\n\nChangée.\n');
    indexer.pause();
    await new Promise((r) => setTimeout(r, 600));
    expect(row('is-pending')).toBe('1');
    const pauseButton = [...view.contentEl.querySelectorAll('button')].find((b) => b.textContent === 'Resume')!;
    pauseButton.click();
    expect(indexer.isPaused).toBe(false);
    await timers.advance(2_000);
    await indexer.whenIdle();
    await new Promise((r) => setTimeout(r, 20));
    expect(row('is-pending')).toBe('0');
    await closeView(view);
    expect(rebuilt).toBe(0);
  });
});
