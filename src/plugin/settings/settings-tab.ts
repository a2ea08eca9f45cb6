// The plugin's settings tab, one heading per section. Cheap fields save on every keystroke;
// fields whose change re-indexes the vault or reloads the model (embedding model, model
// folder, passage size, folder lists) save when the field loses focus, so typing a model
// name does not start a download per letter.
import { Notice, PluginSettingTab, requireApiVersion, SecretComponent, Setting, TextComponent, type App, type Plugin, type TextAreaComponent } from 'obsidian';
import type { ConnectionDiagnosis } from '../../core/answer/connection';
import { t } from '../i18n';
import { readDailyNotesConfig } from './daily-notes';
import { MAX_WORKER_POOL_SIZE, type PluginSettings } from './plugin-settings';
import { findPreset, LLM_PRESETS } from './presets';
import { clearKeyForNewOrigin } from './key-origin';
import { isPlainHttpRemote } from '../../core/http/origin';
import { apiKeySetting } from './api-key-setting';
import { embeddingSection } from './embedding-section';
import type { SecretBackend } from './secret-keys';
import type { EmbeddingTestResult } from './test-embeddings';
import { timeSection } from './time-settings';
import { errorLine } from '../../core/util/error-line';

/** What the tab needs from the plugin. */
export interface SettingsHost {
  readonly settings: PluginSettings;
  /** Persists the settings and applies them (the host decides what needs reloading). */
  saveSettings(): Promise<void>;
  /** Checks the endpoint with the current LLM settings (the core's ChatEndpoint.testConnection). */
  testConnection(): Promise<ConnectionDiagnosis>;
  /** Obsidian's secret storage, null on an Obsidian without it (providers branch). */
  readonly secrets: SecretBackend | null;
  testEmbeddings(): Promise<EmbeddingTestResult>;
}

export class AskVaultSettingTab extends PluginSettingTab {
  /** The LLM key's field, emptied when a change of address clears the key. */
  private llmKey: Setting | null = null;
  constructor(app: App, plugin: Plugin, private readonly host: SettingsHost) {
    super(app, plugin);
  }

  override display(): void {
    const { containerEl } = this;
    containerEl.empty();
    containerEl.addClass('ask-vault-settings');
    this.llmSection(containerEl);
    this.retrievalSection(containerEl);
    embeddingSection(containerEl, this.app, this.host, () => this.display());
    this.journalSection(containerEl);
    timeSection(containerEl, this.s, () => this.save());
    this.exclusionSection(containerEl);
    this.answerSection(containerEl);
    this.conversationSection(containerEl);
    this.followUpSection(containerEl);
    this.indexingSection(containerEl);
  }

  /** Follow-ups, history budget and saved prompts (branch convo). */
  private followUpSection(el: HTMLElement): void {
    new Setting(el)
      .setName(t('settings.chat.condense'))
      .setDesc(t('settings.chat.condense-desc'))
      .addToggle((toggle) => toggle.setValue(this.s.chat.condense).onChange(async (on) => {
        this.s.chat.condense = on;
        await this.save();
      }));
    new Setting(el)
      .setName(t('settings.chat.history-tokens'))
      .setDesc(t('settings.chat.history-tokens-desc'))
      .addText((text) => this.commitOnBlur(text.setValue(String(this.s.chat.historyTokens)), async (value) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0) return;
        this.s.chat.historyTokens = n;
        await this.save();
      }));
    new Setting(el)
      .setName(t('prompts.folder'))
      .setDesc(t('prompts.folder-desc'))
      .addText((text) => this.commitOnBlur(text.setValue(this.s.prompts.folder), async (value) => {
        const folder = stripSlashes(value);
        if (!folder) return;
        this.s.prompts.folder = `${folder}/`;
        await this.save();
      }));
  }

  private get s(): PluginSettings {
    return this.host.settings;
  }


  /** The key is cleared when the address moves to another origin (settings/key-origin.ts). */
  private keyFollowsOrigin(llm: PluginSettings['llm']): void {
    const origin = clearKeyForNewOrigin(llm, this.s.secrets);
    if (origin === null) return;
    // The field shows what is now saved: nothing (a password field would keep its dots otherwise).
    for (const c of this.llmKey?.components ?? []) {
      // SecretComponent is absent before Obsidian 1.11.4.
      if (c instanceof TextComponent) c.setValue('');
      else if (requireApiVersion('1.11.4') && typeof SecretComponent === 'function' && c instanceof SecretComponent) c.setValue('');
    }
    new Notice(t('settings.llm.key-cleared', { origin: origin || llm.baseUrl }));
  }

  private save(): Promise<void> {
    return this.host.saveSettings();
  }

  private llmSection(el: HTMLElement): void {
    new Setting(el).setName(t('settings.section.llm')).setHeading();
    const llm = this.s.llm;
    const preset = findPreset(llm.preset) ?? findPreset('custom')!;

    new Setting(el)
      .setName(t('settings.llm.preset'))
      .setDesc(t('settings.llm.preset-desc'))
      .addDropdown((dd) => {
        for (const p of LLM_PRESETS) {
          dd.addOption(p.id, p.id === 'none' ? t('settings.llm.preset-none') : p.id === 'custom' ? t('settings.llm.preset-custom') : p.label);
        }
        dd.setValue(preset.id).onChange(async (id) => {
          const next = findPreset(id);
          if (!next) return;
          llm.preset = next.id;
          llm.provider = next.provider;
          // Keep a custom address the user typed when switching to "custom".
          if (next.baseUrl || next.id === 'none') llm.baseUrl = next.baseUrl;
          this.keyFollowsOrigin(llm);
          await this.save();
          this.display();
        });
      });
    if (preset.id === 'none') return;

    const baseUrl = new Setting(el)
      .setName(t('settings.llm.base-url'))
      .setDesc(t('settings.llm.base-url-desc'));
    const httpWarning = baseUrl.descEl.createDiv({ cls: 'mod-warning', text: t('settings.llm.http-warning') });
    httpWarning.toggle(isPlainHttpRemote(llm.baseUrl));
    baseUrl.addText((text) => text
        .setPlaceholder(preset.baseUrl || 'http://localhost:8080/v1')
        .setValue(llm.baseUrl)
        .onChange(async (value) => {
          llm.baseUrl = value.trim();
          httpWarning.toggle(isPlainHttpRemote(llm.baseUrl));
          this.keyFollowsOrigin(llm);
          await this.save();
        }));

    new Setting(el)
      .setName(t('settings.llm.model'))
      .setDesc(t('settings.llm.model-desc', { example: preset.exampleModel || 'gpt-4o-mini' }))
      .addText((text) => text
        .setPlaceholder(preset.exampleModel)
        .setValue(llm.model)
        .onChange(async (value) => {
          llm.model = value.trim();
          await this.save();
        }));

    this.llmKey = apiKeySetting(el, { app: this.app, settings: this.s, field: 'llm', backend: this.host.secrets, name: t('settings.llm.api-key'), save: () => this.save() });

    new Setting(el)
      .setName(t('settings.llm.temperature'))
      .setDesc(t('settings.llm.temperature-desc'))
      .addSlider((slider) => slider
        .setLimits(0, 1.5, 0.05)
        .setValue(llm.temperature)
        .setDynamicTooltip()
        .onChange(async (value) => {
          llm.temperature = value;
          await this.save();
        }));

    this.numberSetting(el, t('settings.llm.context'), t('settings.llm.context-desc'), llm.maxContextTokens, 256, 200_000, async (n) => {
      llm.maxContextTokens = n;
      await this.save();
    });

    this.numberSetting(el, t('settings.llm.timeout'), t('settings.llm.timeout-desc'), Math.round(llm.timeoutMs / 1000), 1, 3600, async (n) => {
      llm.timeoutMs = n * 1000;
      await this.save();
    });

    const test = new Setting(el).setName(t('settings.llm.test')).setDesc(t('settings.llm.test-desc'));
    const resultEl = test.descEl.createDiv({ cls: 'ask-vault-test-result' });
    test.addButton((button) => button
      .setButtonText(t('settings.llm.test-button'))
      .onClick(async () => {
        button.setDisabled(true).setButtonText(t('settings.llm.testing'));
        resultEl.removeClass('mod-success', 'mod-error');
        resultEl.setText('');
        try {
          const diagnosis = await this.host.testConnection();
          const ok = diagnosis.status === 'ok';
          // A success message already says "Connected to …" (and, when streaming is blocked, how to fix it).
          resultEl.setText(ok ? diagnosis.message : t('settings.llm.test-failed', { reason: diagnosis.message }));
          resultEl.addClass(ok ? 'mod-success' : 'mod-error');
        } catch (err) {
          resultEl.setText(t('settings.llm.test-failed', { reason: errorLine(err) }));
          resultEl.addClass('mod-error');
        } finally {
          button.setDisabled(false).setButtonText(t('settings.llm.test-button'));
        }
      }));
  }

  private retrievalSection(el: HTMLElement): void {
    new Setting(el).setName(t('settings.section.retrieval')).setHeading();
    const r = this.s.retrieval;

    new Setting(el)
      .setName(t('settings.retrieval.model'))
      .setDesc(t('settings.retrieval.model-desc'))
      .addText((text) => this.commitOnBlur(text.setValue(r.embeddingModel), async (value) => {
        r.embeddingModel = value.trim();
        await this.save();
      }));

    new Setting(el)
      .setName(t('settings.retrieval.local-folder'))
      .setDesc(t('settings.retrieval.local-folder-desc'))
      .addText((text) => this.commitOnBlur(text.setValue(this.s.indexing.localModelFolder), async (value) => {
        this.s.indexing.localModelFolder = value.trim().replace(/^\/+|\/+$/g, '');
        await this.save();
      }));

    this.numberSetting(el, t('settings.retrieval.chunk-size'), t('settings.retrieval.chunk-size-desc'), r.chunkTokens, 32, 2048, async (n) => {
      r.chunkTokens = n;
      await this.save();
    }, true);

    new Setting(el)
      .setName(t('settings.retrieval.top-k'))
      .setDesc(t('settings.retrieval.top-k-desc'))
      .addSlider((slider) => slider.setLimits(1, 20, 1).setValue(r.topK).setDynamicTooltip().onChange(async (value) => {
        r.topK = value;
        await this.save();
      }));

    new Setting(el)
      .setName(t('settings.retrieval.mode'))
      .addDropdown((dd) => dd
        .addOptions({
          hybrid: t('settings.retrieval.mode-hybrid'),
          lexical: t('settings.retrieval.mode-lexical'),
          vector: t('settings.retrieval.mode-vector'),
        })
        .setValue(r.mode)
        .onChange(async (value) => {
          if (value === 'hybrid' || value === 'lexical' || value === 'vector') r.mode = value;
          await this.save();
        }));

    new Setting(el)
      .setName(t('settings.retrieval.lexical-weight'))
      .setDesc(t('settings.retrieval.weights-desc'))
      .addSlider((slider) => slider.setLimits(0, 3, 0.1).setValue(r.lexicalWeight).setDynamicTooltip().onChange(async (value) => {
        r.lexicalWeight = value;
        await this.save();
      }));
    new Setting(el)
      .setName(t('settings.retrieval.vector-weight'))
      .setDesc(t('settings.retrieval.weights-desc'))
      .addSlider((slider) => slider.setLimits(0, 3, 0.1).setValue(r.vectorWeight).setDynamicTooltip().onChange(async (value) => {
        r.vectorWeight = value;
        await this.save();
      }));

    new Setting(el)
      .setName(t('settings.retrieval.journal-excerpts'))
      .setDesc(t('settings.retrieval.journal-excerpts-desc'))
      .addSlider((slider) => slider.setLimits(0, 10, 1).setValue(r.journalExcerptsPerNote).setDynamicTooltip().onChange(async (value) => {
        r.journalExcerptsPerNote = value;
        await this.save();
      }));

    new Setting(el)
      .setName(t('settings.retrieval.max-chunks-per-note'))
      .setDesc(t('settings.retrieval.max-chunks-per-note-desc'))
      .addSlider((slider) => slider.setLimits(0, 10, 1).setValue(r.maxChunksPerNote).setDynamicTooltip().onChange(async (value) => {
        r.maxChunksPerNote = value;
        await this.save();
      }));

    new Setting(el)
      .setName(t('settings.retrieval.offline'))
      .setDesc(t('settings.retrieval.offline-desc'))
      .addToggle((toggle) => toggle.setValue(r.offline).onChange(async (value) => {
        r.offline = value;
        await this.save();
      }));
  }

  private journalSection(el: HTMLElement): void {
    new Setting(el).setName(t('settings.section.journals')).setHeading();
    const j = this.s.journal;

    new Setting(el)
      .setName(t('settings.journals.folders'))
      .setDesc(t('settings.journals.folders-desc'))
      .addTextArea((area) => this.listArea(area, j.folders, async (folders) => {
        j.folders = folders.map(stripSlashes).filter(Boolean);
        await this.save();
      }));

    const daily = readDailyNotesConfig(this.app);
    if (daily && daily.folder && !j.folders.includes(daily.folder)) {
      new Setting(el)
        .setDesc(t('settings.journals.daily-notes', { folder: daily.folder, format: daily.format }))
        .addButton((button) => button.setButtonText(t('settings.journals.daily-notes-add')).onClick(async () => {
          j.folders = [...j.folders, daily.folder];
          await this.save();
          this.display();
        }));
    }

    new Setting(el)
      .setName(t('settings.journals.file-name-dates'))
      .setDesc(t('settings.journals.file-name-dates-desc'))
      .addToggle((toggle) => toggle.setValue(j.detectFileNameDate).onChange(async (value) => {
        j.detectFileNameDate = value;
        await this.save();
      }));
    new Setting(el)
      .setName(t('settings.journals.frontmatter-dates'))
      .setDesc(t('settings.journals.frontmatter-dates-desc'))
      .addToggle((toggle) => toggle.setValue(j.detectFrontmatterDate).onChange(async (value) => {
        j.detectFrontmatterDate = value;
        await this.save();
      }));
  }

  private exclusionSection(el: HTMLElement): void {
    new Setting(el).setName(t('settings.section.exclusions')).setHeading();
    const x = this.s.exclusions;
    new Setting(el).setDesc(t('settings.exclusions.obsidian'));

    new Setting(el)
      .setName(t('settings.exclusions.folders'))
      .setDesc(t('settings.exclusions.folders-desc'))
      .addTextArea((area) => this.listArea(area, x.folders, async (folders) => {
        x.folders = folders.map(stripSlashes).filter(Boolean);
        await this.save();
      }));
    new Setting(el)
      .setName(t('settings.exclusions.tags'))
      .setDesc(t('settings.exclusions.tags-desc'))
      .addTextArea((area) => this.listArea(area, x.tags, async (tags) => {
        x.tags = tags.map((tag) => tag.replace(/^#/, '')).filter(Boolean);
        await this.save();
      }));
    new Setting(el)
      .setName(t('settings.exclusions.conversations'))
      .setDesc(t('settings.exclusions.conversations-desc'))
      .addToggle((toggle) => toggle.setValue(this.s.conversations.excludeFromIndex).onChange(async (value) => {
        this.s.conversations.excludeFromIndex = value;
        await this.save();
      }));
  }

  private answerSection(el: HTMLElement): void {
    new Setting(el).setName(t('settings.section.answers')).setHeading();
    const a = this.s.answer;
    new Setting(el)
      .setName(t('settings.answers.language'))
      .addDropdown((dd) => dd
        .addOptions({
          auto: t('settings.answers.language-auto'),
          fr: t('settings.answers.language-fr'),
          en: t('settings.answers.language-en'),
        })
        .setValue(a.language)
        .onChange(async (value) => {
          if (value === 'auto' || value === 'fr' || value === 'en') a.language = value;
          await this.save();
        }));
    new Setting(el)
      .setName(t('settings.answers.system-prompt'))
      .setDesc(t('settings.answers.system-prompt-desc'))
      .addTextArea((area) => {
        area.inputEl.rows = 4;
        this.commitOnBlur(area.setValue(a.systemPrompt), async (value) => {
          a.systemPrompt = value;
          await this.save();
        });
      });
  }

  private conversationSection(el: HTMLElement): void {
    new Setting(el).setName(t('settings.section.conversations')).setHeading();
    new Setting(el)
      .setName(t('settings.conversations.folder'))
      .setDesc(t('settings.conversations.folder-desc'))
      .addText((text) => this.commitOnBlur(text.setValue(this.s.conversations.folder), async (value) => {
        // An empty folder would put conversations (and their exclusion) at the vault root.
        const folder = stripSlashes(value);
        if (!folder) return;
        this.s.conversations.folder = `${folder}/`;
        await this.save();
      }));
  }

  private indexingSection(el: HTMLElement): void {
    new Setting(el).setName(t('settings.section.indexing')).setHeading();
    const ix = this.s.indexing;
    new Setting(el)
      .setName(t('settings.indexing.workers'))
      .setDesc(t('settings.indexing.workers-desc'))
      .addSlider((slider) => slider.setLimits(0, MAX_WORKER_POOL_SIZE, 1).setValue(ix.workerPoolSize).setDynamicTooltip().onChange(async (value) => {
        ix.workerPoolSize = value;
        await this.save();
      }));
    new Setting(el)
      .setName(t('settings.indexing.status-bar'))
      .setDesc(t('settings.indexing.status-bar-desc'))
      .addToggle((toggle) => toggle.setValue(ix.showStatusBar).onChange(async (value) => {
        ix.showStatusBar = value;
        await this.save();
      }));
  }

  /** A text field for a bounded integer; invalid input is left on screen but not saved. */
  private numberSetting(
    el: HTMLElement, name: string, desc: string, value: number, min: number, max: number,
    apply: (n: number) => Promise<void>, onBlur = false,
  ): void {
    new Setting(el).setName(name).setDesc(desc).addText((text) => {
      text.inputEl.type = 'number';
      text.inputEl.min = String(min);
      text.inputEl.max = String(max);
      text.setValue(String(value));
      const commit = async (raw: string): Promise<void> => {
        const n = Number(raw);
        const valid = raw.trim() !== '' && Number.isInteger(n) && n >= min && n <= max;
        text.inputEl.toggleClass('mod-invalid', !valid);
        if (valid) await apply(n);
      };
      if (onBlur) this.commitOnBlur(text, commit);
      else text.onChange(commit);
    });
  }

  /** Saves when the field loses focus (the DOM 'change' event), not on each keystroke. */
  private commitOnBlur(component: TextComponent | TextAreaComponent, commit: (value: string) => Promise<void>): void {
    component.inputEl.addEventListener('change', () => {
      void commit(component.getValue());
    });
  }

  private listArea(area: TextAreaComponent, values: string[], commit: (values: string[]) => Promise<void>): void {
    area.inputEl.rows = 3;
    area.setValue(values.join('\n'));
    this.commitOnBlur(area, (value) => commit(value.split('\n').map((line) => line.trim()).filter(Boolean)));
  }
}

function stripSlashes(path: string): string {
  return path.trim().replace(/^\/+|\/+$/g, '');
}
