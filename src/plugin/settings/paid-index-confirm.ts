// Before the first index through a paid or remote embedding endpoint (not loopback, not a
// private address): how many tokens the vault is, and a question. The answer is remembered for
// that address and model, so an edit later never asks again.
import type { App } from 'obsidian';
import { CHARS_PER_TOKEN } from '../../core/chunking';
import { isPaidEndpoint, withConfirmation } from '../../core/embedding/providers';
import { hostOf } from '../../core/http/classify';
import type { Embedder } from '../../core/ports';
import { formatNumber, t } from '../i18n';
import { confirm } from '../views/confirm-modal';
import type { PluginSettings } from './plugin-settings';

export function confirmationKey(s: PluginSettings): string {
  return `${s.embedding.provider} ${s.embedding.baseUrl} ${s.embedding.model}`;
}

export function guardPaidEndpoint(app: App, settings: PluginSettings, embedder: Embedder, save: () => Promise<void>): Embedder {
  const e = settings.embedding;
  if (e.provider === 'transformers' || !isPaidEndpoint(e.baseUrl) || e.confirmed === confirmationKey(settings)) return embedder;
  const host = hostOf(e.baseUrl);
  return withConfirmation(
    embedder,
    async () => {
      const files = app.vault.getMarkdownFiles();
      const bytes = files.reduce((sum, f) => sum + f.stat.size, 0);
      const tokens = Math.ceil(bytes / CHARS_PER_TOKEN);
      const ok = await confirm(app, t('embedding.paid-confirm', { tokens: formatNumber(tokens), notes: formatNumber(files.length), host, model: e.model }), t('embedding.paid-confirm-button'));
      if (ok) {
        e.confirmed = confirmationKey(settings);
        await save();
      }
      return ok;
    },
    `Indexing through ${host} was not confirmed: nothing was sent; search is lexical until it is.`,
  );
}
