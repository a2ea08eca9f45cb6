// « Journals of this note »: a side view that follows the active note. It lists the journal
// entries that link to the note (optionally those that only name it), newest or oldest first,
// each with its date and the paragraph around the link, a click opening the entry there; then
// the notes most related to it, with the reasons search gives; and for an open journal entry,
// the notes it links to and the entries of the same day in earlier years.
//
// It updates on file-open and when the index changes, debounced; the engine's work yields to the
// event loop (time-sliced), and a refresh overtaken by a newer one is dropped, not rendered.
import { ItemView, Keymap, type TFile, type WorkspaceLeaf } from 'obsidian';
import type { NoteJournals } from '../../core/journal/note-journals';
import type { SearchResult } from '../../core/types';
import { dayInWords } from '../../core/answer/timeline-text';
import type { AskHost } from '../ask-host';
import type { IndexController } from '../indexer/index-controller';
import { currentLanguage, formatNumber, t } from '../i18n';
import { whyText } from './sources-list';
import { openSource } from './open-source';
import { errorLine } from '../../core/util/error-line';

export const JOURNAL_PANE_VIEW_TYPE = 'ask-vault-journals';
const REFRESH_MS = 250;
const RELATED = 5;
const PARAGRAPH_CHARS = 400;

export interface JournalPaneHost extends AskHost {
  readonly indexer: IndexController | null;
}

export class JournalPaneView extends ItemView {
  private bodyEl!: HTMLElement;
  private mentions = false;
  private newestFirst = true;
  private timer: number | null = null;
  private generation = 0;
  private unsubscribe: (() => void) | null = null;
  /** Milliseconds the last refresh took, from the file event to the rendered list (tests, bench). */
  lastRefreshMs = 0;

  constructor(leaf: WorkspaceLeaf, private readonly host: JournalPaneHost) {
    super(leaf);
  }

  getViewType(): string {
    return JOURNAL_PANE_VIEW_TYPE;
  }

  getDisplayText(): string {
    return t('journals.title');
  }

  override getIcon(): string {
    return 'calendar-days';
  }

  protected override async onOpen(): Promise<void> {
    const root = this.contentEl;
    root.empty();
    root.addClass('ask-vault-journal-pane');
    const controls = root.createDiv({ cls: 'ask-vault-journal-controls' });
    this.toggle(controls, t('journals.mentions'), this.mentions, (v) => (this.mentions = v));
    this.toggle(controls, t('journals.newest-first'), this.newestFirst, (v) => (this.newestFirst = v));
    this.bodyEl = root.createDiv({ cls: 'ask-vault-journal-body' });
    this.registerEvent(this.app.workspace.on('file-open', () => this.schedule()));
    this.registerDomEvent(root, 'click', (ev) => this.onClick(ev));
    this.watchIndex();
    this.schedule(0);
  }

  protected override async onClose(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.generation++;
  }

  private watchIndex(): void {
    const indexer = this.host.indexer;
    if (!indexer) return;
    // A finished pass or edit changes what the pane shows; progress ticks do not.
    this.unsubscribe = indexer.onChange((state) => {
      if (state.kind === 'idle') this.schedule();
    });
  }

  private toggle(el: HTMLElement, label: string, value: boolean, set: (v: boolean) => void): void {
    const wrap = el.createEl('label', { cls: 'ask-vault-journal-toggle' });
    const box = wrap.createEl('input', { type: 'checkbox' });
    box.checked = value;
    wrap.createSpan({ text: ` ${label}` });
    this.registerDomEvent(box, 'change', () => {
      set(box.checked);
      this.schedule(0);
    });
  }

  /** Refreshes after `ms` of quiet: a burst of events (open, index, open) costs one refresh. */
  schedule(ms = REFRESH_MS): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, ms);
  }

  async refresh(): Promise<void> {
    const started = performance.now();
    const generation = ++this.generation;
    const file = this.app.workspace.getActiveFile();
    if (!file || file.extension !== 'md') return this.renderEmpty(t('journals.no-note'));
    let data: NoteJournals;
    let related: SearchResult[];
    try {
      const engine = await this.host.engine();
      const path = file.path.normalize('NFC');
      data = await engine.noteJournals(path, { mentions: this.mentions, newestFirst: this.newestFirst });
      if (generation !== this.generation) return;
      related = (await engine.related(path, RELATED + 3)).filter((r) => r.date === undefined).slice(0, RELATED);
    } catch (err) {
      if (generation === this.generation) this.renderEmpty(errorLine(err));
      return;
    }
    if (generation !== this.generation) return;
    this.render(file, data, related);
    this.lastRefreshMs = performance.now() - started;
  }

  private renderEmpty(message: string): void {
    this.bodyEl.empty();
    this.bodyEl.createDiv({ cls: 'ask-vault-notice', text: message });
  }

  private render(file: TFile, data: NoteJournals, related: SearchResult[]): void {
    const lang = currentLanguage();
    const body = this.bodyEl;
    body.empty();
    body.createEl('h4', { text: file.basename });
    if (data.date !== undefined) {
      body.createDiv({ cls: 'ask-vault-journal-date', text: dayInWords(data.date, lang) });
      this.section(body, t('journals.links-to'), data.linksTo, (li, n) => this.link(li, n.path, n.title, 0));
      this.section(body, t('journals.on-this-day'), data.onThisDay, (li, j) => {
        li.createEl('time', { cls: 'ask-vault-journal-date', text: dayInWords(j.date, lang) });
        this.link(li, j.path, j.title, 0);
      });
    }
    this.section(body, t('journals.entries', { n: formatNumber(data.entries.length) }), data.entries, (li, e) => {
      li.createEl('time', { cls: 'ask-vault-journal-date', text: dayInWords(e.date, lang) });
      this.link(li, e.path, e.title, Math.max(0, e.lines[0] - 1));
      if (e.via === 'mention') li.createSpan({ cls: 'ask-vault-source-why', text: ` · ${t('journals.mention')}` });
      const text = e.excerpt.replace(/\s+/g, ' ').trim();
      if (text) li.createDiv({ cls: 'ask-vault-journal-paragraph', text: text.length > PARAGRAPH_CHARS ? `${text.slice(0, PARAGRAPH_CHARS)}…` : text });
    }, t('journals.empty'));
    this.section(body, t('journals.related'), related, (li, r) => {
      this.link(li, r.path, r.title, Math.max(0, r.lines[0] - 1));
      li.createDiv({ cls: 'ask-vault-source-why', text: whyText(r) });
    });
  }

  private section<T>(el: HTMLElement, title: string, items: readonly T[], fill: (li: HTMLElement, item: T) => void, empty?: string): void {
    if (items.length === 0 && empty === undefined) return;
    el.createEl('h4', { text: title });
    if (items.length === 0) {
      el.createDiv({ cls: 'ask-vault-notice', text: empty });
      return;
    }
    const list = el.createEl('ul', { cls: 'ask-vault-journal-list' });
    for (const item of items) fill(list.createEl('li', { cls: 'ask-vault-journal-entry' }), item);
  }

  private link(li: HTMLElement, path: string, title: string, line: number): void {
    li.createEl('a', { cls: ['internal-link', 'ask-vault-journal-link'], text: title, href: path, attr: { 'data-path': path, 'data-line': String(line) } });
  }

  private onClick(ev: MouseEvent): void {
    const link = (ev.target as HTMLElement | null)?.closest<HTMLAnchorElement>('a.ask-vault-journal-link');
    if (!link) return;
    ev.preventDefault();
    const path = link.getAttr('data-path') ?? '';
    const line = Number(link.getAttr('data-line') ?? '0');
    // Only a note that exists is opened; a path from the index is data, never a link to create.
    void openSource(this.app, { path, line }, Keymap.isModEvent(ev));
  }
}
