// Saved prompts as commands and `/` entries, following the library: a prompt added to the folder
// gets its command, a prompt removed loses it. Obsidian has no public way to remove a command, so
// the private `app.commands.removeCommand` is used when present; without it the command stays
// until reload and says the prompt is gone (fails closed: it runs nothing).
import { Notice, type App, type Plugin } from 'obsidian';
import type { PromptTemplate } from '../../core/prompts/template';
import { currentLanguage, t } from '../i18n';
import { recentMarkdownView } from '../insertion/editor-target';
import type { ChatView } from '../views/chat-view';
import { AskModal } from '../views/ask-modal';
import type { AskHost } from '../ask-host';
import { PromptLibrary } from './prompt-library';
import { preparePrompt } from './run-prompt';

interface CommandRegistry {
  removeCommand?: (id: string) => void;
}

export interface PromptHost extends AskHost {
  openChat(): Promise<ChatView | null>;
  saveSettings(): Promise<void>;
}

export class SavedPrompts {
  readonly library: PromptLibrary;
  private readonly registered = new Set<string>();

  constructor(private readonly plugin: Plugin, private readonly host: PromptHost) {
    this.library = new PromptLibrary(plugin.app, {
      folder: () => host.settings.prompts.folder,
      onChange: (templates) => this.syncCommands(templates),
    });
    plugin.addChild(this.library);
  }

  private creating: Promise<void> | null = null;

  /** At layout ready: the folder's prompts. Nothing is written into the vault before prompts are used. */
  async start(): Promise<void> {
    await this.library.reload();
  }

  /**
   * The examples, the first time prompts are used (the first `/` in the chat): written once, each
   * only where no note of its name exists, and never again once the setting records it.
   */
  ensureDefaults(): Promise<void> {
    const settings = this.host.settings.prompts;
    if (settings.defaultsCreated) return Promise.resolve();
    this.creating ??= (async () => {
      try {
        const n = await this.library.createDefaults(currentLanguage());
        settings.defaultsCreated = true;
        await this.host.saveSettings();
        if (n > 0) new Notice(t('prompts.defaults-created', { n, folder: this.library.folderPath() }));
      } catch {
        // A read-only or odd vault: prompts are still read from whatever is there.
        this.creating = null;
      }
    })();
    return this.creating;
  }

  list(): { id: string; name: string; note?: string; needsQuestion: boolean }[] {
    void this.ensureDefaults();
    return this.library.templates.map((p) => ({ id: p.id, name: p.name, note: p.path, needsQuestion: p.variables.includes('question') }));
  }

  /** Runs a prompt from the command palette or the chat's `/`; `question` is what was typed after it. */
  async run(id: string, question = '', from?: ChatView): Promise<void> {
    const template = this.library.find(id);
    if (!template) {
      new Notice(t('prompts.none'));
      return;
    }
    const app: App = this.plugin.app;
    const view = recentMarkdownView(app);
    const selection = view?.editor.getSelection().trim() ?? '';
    const file = view?.file ?? null;
    const prepared = preparePrompt(template, {
      ...(selection ? { selection } : {}),
      note: file ? { path: file.path, title: file.basename } : null,
      ...(question.trim() ? { question: question.trim() } : {}),
    });
    if (!prepared.ok) {
      new Notice(prepared.reason);
      return;
    }
    if (prepared.insert && view) {
      new AskModal(app, this.host, {
        editor: view.editor,
        sourcePath: file?.path ?? '',
        question: prepared.question,
        insertWhenDone: true,
        ...(prepared.scope ? { scope: prepared.scope } : {}),
      }).open();
      return;
    }
    const chat = from ?? (await this.host.openChat());
    await chat?.ask(prepared.question, undefined, { ...(prepared.scope ? { scope: prepared.scope } : {}) });
  }

  private syncCommands(templates: readonly PromptTemplate[]): void {
    const ids = new Set(templates.map((p) => `prompt-${p.id}`));
    const registry = (this.plugin.app as unknown as { commands?: CommandRegistry }).commands;
    for (const id of [...this.registered]) {
      if (ids.has(id)) continue;
      if (typeof registry?.removeCommand === 'function') {
        registry.removeCommand(`${this.plugin.manifest.id}:${id}`);
        this.registered.delete(id);
      }
    }
    for (const p of templates) {
      const id = `prompt-${p.id}`;
      if (this.registered.has(id)) continue;
      this.registered.add(id);
      this.plugin.addCommand({ id, name: t('prompts.command', { name: p.name }), callback: () => void this.run(p.id) });
    }
  }
}
