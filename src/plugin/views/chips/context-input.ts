// The question field with its chosen context: the chip bar above it and the suggester under it,
// the same in the chat panel and the Ask vault modal. The suggesters read the index's catalog of
// notes (titles, aliases, tags), so an excluded note is never offered as context.
import { Notice } from 'obsidian';
import type { NoteEntry } from '../../../core/engine-types';
import type { RetrievalScope, ScopeReport } from '../../../core/retrieval/scope';
import type { AskHost } from '../../ask-host';
import { t } from '../../i18n';
import { ChipBar } from './chip-bar';
import { ContextSuggest, type Suggestion } from './context-suggest';

export interface ContextInputOptions {
  /** The note « Cette note » means, read when a question is sent; omitted: no such chip. */
  activeNote?: () => string | null;
  /** « Cette note » on from the start (the modal opened from a note). */
  thisNoteOn?: boolean;
  /** Saved prompts for `/`; omitted: `/` is plain text. */
  prompts?: () => readonly { id: string; name: string; note?: string }[];
  onPrompt?: (id: string) => void;
}

export class ContextInput {
  readonly chips: ChipBar;
  private readonly suggest: ContextSuggest;
  private catalog: readonly NoteEntry[] = [];

  constructor(
    private readonly host: Pick<AskHost, 'engine'>,
    composer: HTMLElement,
    private readonly input: HTMLTextAreaElement,
    private readonly opts: ContextInputOptions = {},
  ) {
    const bar = createDiv();
    composer.insertBefore(bar, composer.firstChild);
    this.chips = new ChipBar(bar, input);
    if (opts.activeNote) this.chips.add({ kind: 'this-note', path: opts.activeNote(), on: opts.thisNoteOn ?? false });
    composer.addClass('ask-vault-has-suggest');
    this.suggest = new ContextSuggest(input, composer, {
      notes: () => this.catalog,
      ...(opts.prompts ? { prompts: opts.prompts } : {}),
    }, (s) => this.chosen(s));
    input.addEventListener('focus', () => void this.refreshCatalog());
    input.addEventListener('input', () => {
      this.suggest.update();
      this.chips.followQuestion(new Date());
    });
    input.addEventListener('click', () => this.suggest.update());
    input.addEventListener('blur', () => this.suggest.close());
    void this.refreshCatalog();
  }

  /** Keys for the suggester and the chips; true when taken (the caller must not send on this Enter). */
  handleKeydown(ev: KeyboardEvent): boolean {
    if (this.suggest.handleKey(ev)) return true;
    return this.chips.handleBackspace(ev);
  }

  get suggesting(): boolean {
    return this.suggest.isOpen;
  }

  /** The chosen context for the question being sent. */
  scope(): RetrievalScope | undefined {
    const thisNote = this.chips.chips.find((c) => c.kind === 'this-note');
    if (thisNote && thisNote.kind === 'this-note' && this.opts.activeNote) thisNote.path = this.opts.activeNote();
    return this.chips.scope();
  }

  afterSend(): void {
    this.chips.afterSend();
  }

  /**
   * What retrieval applied, said under the question ("Searched in: …"); chips naming a note that
   * is gone are removed, with a notice.
   */
  report(turnEl: HTMLElement, report: ScopeReport | undefined): void {
    turnEl.querySelector('.ask-vault-scope-used')?.remove();
    if (!report) return;
    if (report.droppedNotes.length) {
      this.chips.dropNotes(report.droppedNotes);
      for (const path of report.droppedNotes) new Notice(t('chips.note-gone', { name: path.replace(/\.md$/i, '') }));
    }
    const parts = [
      ...report.notes.map((p) => (p.split('/').pop() ?? p).replace(/\.md$/i, '')),
      ...report.folders.map((f) => `${f}/`),
      ...report.tags.map((tag) => `#${tag}`),
      ...(report.range ? [report.range.text] : []),
    ];
    const text = parts.length ? t('chips.scope-used', { scope: parts.join(', ') }) : t('chips.scope-whole');
    const line = createDiv({ cls: 'ask-vault-scope-used', text });
    const question = turnEl.querySelector('.ask-vault-understood') ?? turnEl.querySelector('.ask-vault-question');
    if (question) question.after(line);
    else turnEl.prepend(line);
  }

  private async refreshCatalog(): Promise<void> {
    try {
      const engine = await this.host.engine();
      this.catalog = engine.catalog?.() ?? [];
    } catch {
      // The index is not open yet: the suggester lists nothing until it is.
    }
  }

  private chosen(s: Suggestion): void {
    if (s.kind === 'note') this.chips.add({ kind: 'note', path: s.value, label: s.title });
    else if (s.kind === 'folder') this.chips.add({ kind: 'folder', path: s.value, label: `${s.value}/` });
    else if (s.kind === 'tag') this.chips.add({ kind: 'tag', tag: s.value, label: `#${s.value}` });
    else this.opts.onPrompt?.(s.value);
    this.input.focus();
  }
}
