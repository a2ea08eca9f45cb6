// The reranking part of the "Embeddings" section: off, a `/v1/rerank` server, or a cross-encoder
// on this device (in a worker). Shown whoever embeds: the on-device reranker is most at home
// beside the on-device embedder.
import { Setting, type App } from 'obsidian';
import { t } from '../i18n';
import { apiKeySetting } from './api-key-setting';
import type { EmbeddingSectionHost } from './embedding-section';

export function rerankSection(el: HTMLElement, app: App, host: EmbeddingSectionHost, redisplay: () => void): void {
  const s = host.settings;
  const r = s.rerank;
  const save = () => host.saveSettings();
  const text = (name: string, desc: string, value: string, set: (v: string) => void, cls: string) =>
    new Setting(el).setName(name).setDesc(desc).setClass(cls).addText((c) => c.setValue(value).onChange(async (v) => {
      set(v.trim());
      await save();
    }));
  new Setting(el).setName(t('rerank.kind')).setDesc(t('rerank.kind-desc', { n: r.candidates })).setClass('ask-vault-rerank-kind').addDropdown((dd) => dd
    .addOption('none', t('rerank.kind-none'))
    .addOption('endpoint', t('rerank.enable'))
    .addOption('cross-encoder', t('rerank.kind-cross-encoder'))
    .setValue(r.kind)
    .onChange(async (kind) => {
      r.kind = kind === 'endpoint' || kind === 'cross-encoder' ? kind : 'none';
      await save();
      redisplay();
    }));
  if (r.kind === 'cross-encoder') {
    text(t('rerank.cross-encoder-model'), t('rerank.cross-encoder-model-desc'), r.model, (v) => (r.model = v), 'ask-vault-rerank-model');
  }
  if (r.kind === 'endpoint') {
    text(t('rerank.base-url'), t('rerank.enable-desc', { n: r.candidates }), r.baseUrl, (v) => (r.baseUrl = v), 'ask-vault-rerank-url');
    text(t('rerank.model'), '', r.model, (v) => (r.model = v), 'ask-vault-rerank-model');
    apiKeySetting(el, { app, settings: s, field: 'rerank', backend: host.secrets, name: t('rerank.api-key'), save });
  }
}
