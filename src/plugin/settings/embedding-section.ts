// The "Embeddings" section of the settings tab: who embeds (this device, or the user's server),
// the server's address, model, key and limits, the model's prefixes, "Test embeddings", and the
// optional reranker.
import { Setting, type App } from 'obsidian';
import { EMBEDDING_PRESETS, isPaidEndpoint } from '../../core/embedding/providers';
import { hostOf } from '../../core/http/classify';
import { t } from '../i18n';
import { apiKeySetting } from './api-key-setting';
import { rerankSection } from './rerank-section';
import type { PluginSettings } from './plugin-settings';
import type { SecretBackend } from './secret-keys';
import type { EmbeddingTestResult } from './test-embeddings';

export interface EmbeddingSectionHost {
  readonly settings: PluginSettings;
  readonly secrets: SecretBackend | null;
  saveSettings(): Promise<void>;
  testEmbeddings(): Promise<EmbeddingTestResult>;
}

export function embeddingSection(el: HTMLElement, app: App, host: EmbeddingSectionHost, redisplay: () => void): void {
  const s = host.settings;
  const e = s.embedding;
  const save = () => host.saveSettings();
  new Setting(el).setName(t('settings.section.embedding')).setHeading();
  const presetId = e.provider === 'transformers' ? 'transformers' : EMBEDDING_PRESETS.some((p) => p.id === e.preset) ? e.preset : 'custom';
  new Setting(el)
    .setName(t('embedding.provider'))
    .setDesc(t('embedding.provider-desc'))
    .setClass('ask-vault-embedding-provider')
    .addDropdown((dd) => {
      dd.addOption('transformers', t('embedding.provider-local'));
      for (const p of EMBEDDING_PRESETS) dd.addOption(p.id, p.label);
      dd.setValue(presetId).onChange(async (id) => {
        if (id === 'transformers') {
          e.provider = 'transformers';
        } else {
          const preset = EMBEDDING_PRESETS.find((p) => p.id === id)!;
          e.provider = preset.provider;
          e.preset = preset.id;
          if (preset.baseUrl) e.baseUrl = preset.baseUrl;
          if (preset.model) e.model = preset.model;
        }
        await save();
        redisplay();
      });
    });
  if (e.provider === 'transformers') {
    rerankSection(el, app, host, redisplay);
    return;
  }

  const text = (name: string, desc: string, value: string, set: (v: string) => void, cls: string) =>
    new Setting(el).setName(name).setDesc(desc).setClass(cls).addText((c) => c.setValue(value).onChange(async (v) => {
      set(v.trim());
      await save();
    }));
  text(t('embedding.base-url'), t('embedding.base-url-desc'), e.baseUrl, (v) => (e.baseUrl = v), 'ask-vault-embedding-url');
  if (e.baseUrl && isPaidEndpoint(e.baseUrl)) {
    el.createDiv({ cls: 'ask-vault-embedding-paid setting-item-description mod-warning', text: t('embedding.paid-warning', { host: hostOf(e.baseUrl) }) });
  }
  text(t('embedding.model'), t('embedding.model-desc', { example: 'bge-m3' }), e.model, (v) => (e.model = v), 'ask-vault-embedding-model');
  apiKeySetting(el, { app, settings: s, field: 'embedding', backend: host.secrets, name: t('embedding.api-key'), save }).setClass('ask-vault-embedding-key');
  const number = (name: string, desc: string, value: number, min: number, max: number, set: (n: number) => void) =>
    new Setting(el).setName(name).setDesc(desc).addText((c) => {
      c.inputEl.type = 'number';
      c.setValue(String(value)).onChange(async (v) => {
        const n = Math.round(Number(v));
        if (!Number.isFinite(n) || n < min || n > max) return;
        set(n);
        await save();
      });
    });
  number(t('embedding.concurrency'), t('embedding.concurrency-desc'), e.concurrency, 1, 16, (n) => (e.concurrency = n));
  number(t('embedding.batch-size'), t('embedding.batch-size-desc'), e.batchSize, 1, 2048, (n) => (e.batchSize = n));
  new Setting(el).setName(t('embedding.prefixes')).setDesc(t('embedding.prefixes-desc')).addToggle((c) => c.setValue(e.customPrefixes).onChange(async (on) => {
    e.customPrefixes = on;
    await save();
    redisplay();
  }));
  if (e.customPrefixes) {
    // Not trimmed: a prefix ends with its space.
    new Setting(el).setName(t('embedding.query-prefix')).addText((c) => c.setValue(e.queryPrefix).onChange(async (v) => {
      e.queryPrefix = v;
      await save();
    }));
    new Setting(el).setName(t('embedding.passage-prefix')).addText((c) => c.setValue(e.passagePrefix).onChange(async (v) => {
      e.passagePrefix = v;
      await save();
    }));
  }

  const test = new Setting(el).setName(t('embedding.test')).setDesc(t('embedding.test-desc')).setClass('ask-vault-embedding-test');
  const resultEl = test.descEl.createDiv({ cls: 'ask-vault-test-result' });
  test.addButton((button) => button.setButtonText(t('embedding.test-button')).onClick(async () => {
    button.setDisabled(true).setButtonText(t('embedding.testing'));
    resultEl.removeClass('mod-success', 'mod-error');
    resultEl.setText('');
    try {
      const r = await host.testEmbeddings();
      resultEl.setText(r.message);
      resultEl.addClass(r.ok ? 'mod-success' : 'mod-error');
    } finally {
      button.setDisabled(false).setButtonText(t('embedding.test-button'));
    }
  }));

  rerankSection(el, app, host, redisplay);
}
