// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { Plugin, type App } from 'obsidian';

class TestPlugin extends Plugin {}
import type { ConnectionDiagnosis } from '../../../src/core/answer/connection';
import { setLanguage } from '../../../src/plugin/i18n';
import { defaultPluginSettings, type PluginSettings } from '../../../src/plugin/settings/plugin-settings';
import { AskVaultSettingTab, type SettingsHost } from '../../../src/plugin/settings/settings-tab';

function setup(app: Partial<App> = {}, diagnosis?: ConnectionDiagnosis) {
  const settings: PluginSettings = defaultPluginSettings();
  const saved: string[] = [];
  const host: SettingsHost = {
    settings,
    saveSettings: async () => { saved.push(JSON.stringify(settings)); },
    testConnection: async () => diagnosis ?? { status: 'ok', message: 'Connected to 127.0.0.1:11434; model "llama3.1:8b" is available.', models: [] },
    secrets: null,
    testEmbeddings: async () => ({ ok: true, message: 'ok' }),
  };
  const fullApp = { vault: {}, ...app } as App;
  const tab = new AskVaultSettingTab(fullApp, new TestPlugin(fullApp, { id: 'ask-vault', name: 'Ask Vault', version: '0', minAppVersion: '1.5.0', description: '', author: '' }), host);
  tab.display();
  const el = tab.containerEl;
  const byName = (name: string) => [...el.querySelectorAll('.setting-item')].find((s) => s.querySelector('.setting-item-name')?.textContent === name) as HTMLElement | undefined;
  return { tab, el, settings, saved, byName };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => setLanguage(null));

describe('settings tab', () => {
  it('shows one heading per section, in sentence case', () => {
    setLanguage('en');
    const { el } = setup();
    const headings = [...el.querySelectorAll('.setting-item-heading .setting-item-name')].map((h) => h.textContent);
    expect(headings).toEqual(['Language model', 'Retrieval', 'Embeddings', 'Journals', 'Exclusions', 'Answers', 'Conversations', 'Indexing']);
    for (const h of headings) expect(h![0]).toBe(h![0]!.toUpperCase());
    for (const h of headings) expect(h!.slice(1)).toBe(h!.slice(1).toLowerCase());
  });

  it('hides the endpoint fields until a provider is chosen, then fills in its address', async () => {
    setLanguage('en');
    const { tab, settings, saved, byName } = setup();
    expect(byName('Base URL')).toBeUndefined();
    const select = byName('Provider')!.querySelector('select')!;
    select.value = 'ollama';
    select.dispatchEvent(new Event('change'));
    await flush();
    expect(settings.llm).toMatchObject({ preset: 'ollama', provider: 'ollama', baseUrl: 'http://127.0.0.1:11434' });
    expect(saved).toHaveLength(1);
    const base = tab.containerEl.querySelectorAll('.setting-item');
    expect([...base].some((s) => s.textContent?.includes('Base URL'))).toBe(true);
    const key = byName('API key')!;
    expect(key.querySelector('input')!.type).toBe('password');
    expect(key.querySelector('.setting-item-description')!.textContent).toMatch(/plain text in this plugin's data\.json/);
  });

  it('empties the key field when a new address clears the key, and keeps it for the same origin', async () => {
    setLanguage('en');
    const { settings, byName } = setup();
    const select = byName('Provider')!.querySelector('select')!;
    select.value = 'ollama';
    select.dispatchEvent(new Event('change'));
    await flush();
    const keyInput = () => byName('API key')!.querySelector('input')!;
    const type = (input: HTMLInputElement, value: string) => {
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    type(keyInput(), 'sk-secret');
    await flush();
    expect(settings.llm).toMatchObject({ apiKey: 'sk-secret', apiKeyOrigin: 'http://127.0.0.1:11434' });
    const base = byName('Base URL')!.querySelector('input')!;
    type(base, 'http://127.0.0.1:11434/v1');
    await flush();
    expect(keyInput().value).toBe('sk-secret');
    type(base, 'https://llm.example.net/v1');
    await flush();
    expect(settings.llm.apiKey).toBe('');
    expect(keyInput().value).toBe('');
  });

  it('runs the connection test through the host and shows its diagnosis', async () => {
    setLanguage('en');
    const { settings, tab } = setup({}, { status: 'cors', message: 'Cannot reach Ollama at 127.0.0.1:11434. Set OLLAMA_ORIGINS.', models: [] });
    settings.llm.preset = 'ollama';
    tab.display();
    const test = [...tab.containerEl.querySelectorAll('.setting-item')].find((s) => s.querySelector('.setting-item-name')?.textContent === 'Test connection')!;
    test.querySelector('button')!.click();
    await flush();
    const result = test.querySelector('.ask-vault-test-result')!;
    expect(result.textContent).toBe('Connection failed: Cannot reach Ollama at 127.0.0.1:11434. Set OLLAMA_ORIGINS.');
    expect(result.classList.contains('mod-error')).toBe(true);
    expect(test.querySelector('button')!.disabled).toBe(false);
  });

  it('saves folder lists when the field is left, one entry per line, without slashes', async () => {
    setLanguage('en');
    const { settings, saved, byName } = setup();
    const area = byName('Journal folders')!.querySelector('textarea')!;
    area.value = 'Journal/\n\n  /Daily notes  \n';
    area.dispatchEvent(new Event('input'));
    expect(saved).toHaveLength(0);
    area.dispatchEvent(new Event('change'));
    await flush();
    expect(settings.journal.folders).toEqual(['Journal', 'Daily notes']);
  });

  it('does not save an out-of-range passage size', async () => {
    setLanguage('en');
    const { settings, saved, byName } = setup();
    const input = byName('Passage size')!.querySelector('input')!;
    input.value = '5';
    input.dispatchEvent(new Event('change'));
    await flush();
    expect(saved).toHaveLength(0);
    expect(input.classList.contains('mod-invalid')).toBe(true);
    input.value = '384';
    input.dispatchEvent(new Event('change'));
    await flush();
    expect(settings.retrieval.chunkTokens).toBe(384);
  });

  it('offers the Daily notes folder as a journal folder when that core plugin is on', async () => {
    setLanguage('fr');
    const internalPlugins = { getPluginById: (id: string) => (id === 'daily-notes' ? { enabled: true, instance: { options: { folder: 'Journal/', format: 'YYYY-MM-DD' } } } : null) };
    const { el, settings } = setup({ internalPlugins } as unknown as Partial<App>);
    const offer = [...el.querySelectorAll('.setting-item')].find((s) => s.textContent?.includes('Dossier des notes quotidiennes : Journal'))!;
    expect(offer).toBeDefined();
    offer.querySelector('button')!.click();
    await flush();
    expect(settings.journal.folders).toEqual(['Journal']);
  });

  it('survives an app without internalPlugins, or with a broken one', () => {
    expect(() => setup({ internalPlugins: { getPluginById: () => { throw new Error('boom'); } } } as unknown as Partial<App>)).not.toThrow();
  });
});
