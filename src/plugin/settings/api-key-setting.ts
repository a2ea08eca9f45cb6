// One API key field: Obsidian's SecretComponent (the key lives in secret storage, data.json
// keeps its id) where this Obsidian has one, else a password field saved in data.json, said so.
import { requireApiVersion, SecretComponent, Setting, type App } from 'obsidian';
import { t } from '../i18n';
import type { PluginSettings } from './plugin-settings';
import { setApiKey } from './key-origin';
import { urlOrigin } from '../../core/http/origin';
import { DEFAULT_SECRET_IDS, type KeyField, type SecretBackend } from './secret-keys';

export interface ApiKeySettingOptions {
  app: App;
  settings: PluginSettings;
  field: KeyField;
  backend: SecretBackend | null;
  name: string;
  save(): Promise<void>;
}

export function apiKeySetting(el: HTMLElement, o: ApiKeySettingOptions): Setting {
  const setting = new Setting(el).setName(o.name);
  // SecretComponent is as new as secret storage (1.11.4): both must be there.
  if (requireApiVersion('1.11.4') && o.backend && typeof SecretComponent === 'function') {
    setting.setDesc(t('secrets.stored'));
    setting.addComponent((controlEl) =>
      new SecretComponent(o.app, controlEl).setValue(o.settings.secrets[o.field] || DEFAULT_SECRET_IDS[o.field]).onChange(async (id) => {
        o.settings.secrets[o.field] = id.trim();
        o.settings[o.field].apiKey = '';
        // The chosen secret is bound to the LLM address's origin, as a typed key is (key-origin.ts).
        if (o.field === 'llm') o.settings.llm.apiKeyOrigin = id.trim() ? urlOrigin(o.settings.llm.baseUrl) : '';
        await o.save();
      }),
    );
    return setting;
  }
  setting.setDesc(t('secrets.plain'));
  setting.addText((text) => {
    text.inputEl.type = 'password';
    text.inputEl.autocomplete = 'off';
    text.setValue(o.settings[o.field].apiKey).onChange(async (value) => {
      if (o.field === 'llm') setApiKey(o.settings.llm, value.trim());
      else o.settings[o.field].apiKey = value.trim();
      await o.save();
    });
  });
  return setting;
}
