// Settings of questions about time (branch time): which intent questions get, read from the
// question or forced.
import { Setting } from 'obsidian';
import { isIntent } from '../../core/question/intent';
import type { PluginSettings } from './plugin-settings';
import { t } from '../i18n';

export function timeSection(el: HTMLElement, settings: PluginSettings, save: () => Promise<void>): void {
  new Setting(el)
    .setName(t('settings.time.intent'))
    .setDesc(t('settings.time.intent-desc'))
    .addDropdown((dd) => dd
      .addOptions({
        auto: t('settings.time.intent-auto'),
        fact: t('settings.time.intent-fact'),
        period: t('settings.time.intent-period'),
        evolution: t('settings.time.intent-evolution'),
        first: t('settings.time.intent-first'),
        last: t('settings.time.intent-last'),
      })
      .setValue(settings.time.intent)
      .onChange(async (value) => {
        if (value === 'auto' || isIntent(value)) settings.time.intent = value;
        await save();
      }));
}
