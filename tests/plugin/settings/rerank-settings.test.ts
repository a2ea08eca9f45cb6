// @vitest-environment happy-dom
// The reranking choice in the settings tab: off, a server, or a cross-encoder on this device,
// each showing only its own fields.
import { afterEach, describe, expect, it } from 'vitest';
import { Plugin, type App } from 'obsidian';
import { setLanguage } from '../../../src/plugin/i18n';
import { defaultPluginSettings } from '../../../src/plugin/settings/plugin-settings';
import { AskVaultSettingTab, type SettingsHost } from '../../../src/plugin/settings/settings-tab';

class TestPlugin extends Plugin {}
const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => setLanguage(null));

describe('rerank settings', () => {
  it('picks the on-device cross-encoder and takes its model, a hub id or a vault folder', async () => {
    setLanguage('en');
    const settings = defaultPluginSettings();
    const saved: string[] = [];
    const host: SettingsHost = {
      settings,
      saveSettings: async () => { saved.push(JSON.stringify(settings.rerank)); },
      testConnection: async () => ({ status: 'ok', message: 'ok', models: [] }),
      secrets: null,
      testEmbeddings: async () => ({ ok: true, message: 'ok' }),
    };
    const app = { vault: {} } as App;
    const tab = new AskVaultSettingTab(app, new TestPlugin(app, { id: 'ask-vault', name: 'Ask Vault', version: '0', minAppVersion: '1.5.0', description: '', author: '' }), host);
    tab.display();
    const byName = (name: string) => [...tab.containerEl.querySelectorAll('.setting-item')].find((s) => s.querySelector('.setting-item-name')?.textContent === name) as HTMLElement | undefined;
    const select = () => byName('Reranking')!.querySelector('select')!;
    expect(select().value).toBe('none');
    expect([...select().options].map((o) => o.value)).toEqual(['none', 'endpoint', 'cross-encoder']);
    expect(byName('Cross-encoder model')).toBeUndefined();
    expect(byName('Rerank server address')).toBeUndefined();

    select().value = 'cross-encoder';
    select().dispatchEvent(new Event('change'));
    await flush();
    expect(settings.rerank.kind).toBe('cross-encoder');
    const model = byName('Cross-encoder model')!.querySelector('input')!;
    expect(byName('Rerank server address')).toBeUndefined();
    model.value = 'Modèles/mmarco-reranker';
    model.dispatchEvent(new Event('input'));
    await flush();
    expect(settings.rerank.model).toBe('Modèles/mmarco-reranker');

    select().value = 'endpoint';
    select().dispatchEvent(new Event('change'));
    await flush();
    expect(settings.rerank.kind).toBe('endpoint');
    expect(byName('Rerank server address')).toBeDefined();
    expect(byName('Cross-encoder model')).toBeUndefined();
    expect(saved.length).toBeGreaterThanOrEqual(3);
  });
});
