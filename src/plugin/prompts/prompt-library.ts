// The saved prompts of the prompts folder, kept current as its notes are created, edited, renamed
// and deleted. Each valid one becomes a command and a `/` entry in the chat input; one that does
// not parse is kept with its reason for the index status view.
import { Component, normalizePath, TFile, type App, type TAbstractFile } from 'obsidian';
import { defaultPrompts } from '../../core/prompts/defaults';
import { parseTemplate, type PromptTemplate } from '../../core/prompts/template';

export interface PromptProblem {
  path: string;
  reason: string;
}

export interface PromptLibraryOptions {
  /** The folder from the settings (it may change). */
  folder: () => string;
  /** Called after each reload with the new list. */
  onChange: (templates: readonly PromptTemplate[]) => void;
}

const RELOAD_MS = 300;

export class PromptLibrary extends Component {
  private list: PromptTemplate[] = [];
  private failures: PromptProblem[] = [];
  private timer: number | null = null;
  private loading: Promise<void> = Promise.resolve();

  constructor(private readonly app: App, private readonly opts: PromptLibraryOptions) {
    super();
  }

  get templates(): readonly PromptTemplate[] {
    return this.list;
  }

  get problems(): readonly PromptProblem[] {
    return this.failures;
  }

  folderPath(): string {
    return normalizePath(this.opts.folder().trim() || 'Ask Vault/Prompts');
  }

  override onload(): void {
    const changed = (file: TAbstractFile, oldPath?: string) => {
      if (this.inFolder(file.path) || (oldPath !== undefined && this.inFolder(oldPath))) this.scheduleReload();
    };
    this.registerEvent(this.app.vault.on('create', (f) => changed(f)));
    this.registerEvent(this.app.vault.on('modify', (f) => changed(f)));
    this.registerEvent(this.app.vault.on('delete', (f) => changed(f)));
    this.registerEvent(this.app.vault.on('rename', (f, old) => changed(f, old)));
    this.register(() => {
      if (this.timer !== null) window.clearTimeout(this.timer);
    });
  }

  inFolder(path: string): boolean {
    const folder = this.folderPath();
    return folder === '/' ? true : path.startsWith(`${folder}/`);
  }

  /** Reads every note of the folder again; resolves when the list is current. */
  reload(): Promise<void> {
    this.loading = this.loading.then(async () => {
      const files = this.app.vault.getMarkdownFiles().filter((f) => this.inFolder(f.path)).sort((a, b) => a.path.localeCompare(b.path));
      const templates: PromptTemplate[] = [];
      const problems: PromptProblem[] = [];
      for (const file of files) {
        let text: string;
        try {
          text = await this.app.vault.cachedRead(file);
        } catch (err) {
          problems.push({ path: file.path, reason: `cannot be read (${err instanceof Error ? err.message : String(err)})` });
          continue;
        }
        const parsed = parseTemplate(file.path, text);
        if (parsed.ok) templates.push(parsed.template);
        else problems.push({ path: parsed.path, reason: parsed.reason });
      }
      this.list = templates;
      this.failures = problems;
      this.opts.onChange(templates);
    });
    return this.loading;
  }

  /**
   * The four defaults, created in the UI's language the first time prompts are used (`done` false),
   * each only where no note of that name exists: a default the user edited is never overwritten.
   */
  async createDefaults(lang: 'fr' | 'en'): Promise<number> {
    const folder = this.folderPath();
    const parts = folder.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const partial = parts.slice(0, i).join('/');
      if (partial && !this.app.vault.getAbstractFileByPath(partial)) await this.app.vault.createFolder(partial);
    }
    let created = 0;
    for (const d of defaultPrompts(lang)) {
      const path = normalizePath(`${folder}/${d.file}`);
      if (this.app.vault.getAbstractFileByPath(path)) continue;
      await this.app.vault.create(path, d.text);
      created++;
    }
    await this.reload();
    return created;
  }

  find(id: string): PromptTemplate | undefined {
    return this.list.find((p) => p.id === id);
  }

  private scheduleReload(): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.timer = null;
      void this.reload();
    }, RELOAD_MS);
  }
}

export function isFile(f: TAbstractFile | null): f is TFile {
  return f instanceof TFile;
}
