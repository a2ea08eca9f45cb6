// "Ask vault": a question field, the answer streaming underneath with its sources, and then:
// insert at the cursor, copy, or continue in the panel. With `insertWhenDone` (the "ask and
// insert" command) the answer goes into the note as soon as it is complete, and the modal closes.
import { Component, Modal, Notice, type App, type Editor, type HoverPopover } from 'obsidian';
import { answerAsNoteMarkdown } from '../../core/render/answer-note';
import type { AskHost } from '../ask-host';
import { t } from '../i18n';
import { endpointHost } from '../i18n/notices';
import { insertAnswer } from '../insertion/insert-answer';
import { vaultLinktext } from '../insertion/linktext';
import { AnswerBlock } from './answer-block';
import { askQuestion, type AskOutcome } from './ask-question';
import { ContextInput } from './chips/context-input';
import { errorLine } from '../../core/util/error-line';

export interface AskModalOptions {
  /** The note editor the answer can be inserted into, captured when the modal opened. */
  editor?: Editor | null;
  /** Path of that note ('' when none). */
  sourcePath?: string;
  /** Asked at once when set (the selection, for "ask and insert"). */
  question?: string;
  insertWhenDone?: boolean;
  /** Context chosen beforehand (a saved prompt's scope), on top of the chips. */
  scope?: import('../../core/retrieval/scope').RetrievalScope;
  /** Moves the question and its answer to the chat panel. */
  continueInPanel?(question: string, outcome: AskOutcome): Promise<void>;
}

export class AskModal extends Modal {
  hoverPopover: HoverPopover | null = null;
  private readonly component = new Component();
  private inputEl!: HTMLTextAreaElement;
  private askButton!: HTMLButtonElement;
  private context!: ContextInput;
  private answerEl!: HTMLElement;
  private block: AnswerBlock | null = null;
  private running: AbortController | null = null;
  private last: { question: string; outcome: AskOutcome } | null = null;
  /** Settles when the current question is answered (tests and the insert command wait on it). */
  answered: Promise<void> = Promise.resolve();

  constructor(app: App, private readonly host: AskHost, private readonly options: AskModalOptions = {}) {
    super(app);
  }

  override onOpen(): void {
    this.component.load();
    this.modalEl.addClass('ask-vault-modal');
    this.setTitle(t('modal.ask-title'));
    const form = this.contentEl.createDiv({ cls: 'ask-vault-modal-form' });
    this.inputEl = form.createEl('textarea', {
      cls: 'ask-vault-input',
      attr: { rows: 2, placeholder: t('modal.ask-placeholder'), 'aria-label': t('modal.ask-placeholder') },
    });
    this.askButton = form.createEl('button', { cls: 'mod-cta', text: t('chat.send') });
    // « Cette note » is on when the modal was opened from a note: the question is most likely about it.
    const sourcePath = this.options.sourcePath || null;
    this.context = new ContextInput(this.host, form, this.inputEl, {
      ...(sourcePath ? { activeNote: () => sourcePath, thisNoteOn: !this.options.insertWhenDone } : {}),
    });
    this.answerEl = this.contentEl.createDiv({ cls: 'ask-vault-modal-answer' });
    this.component.registerDomEvent(this.askButton, 'click', () => {
      if (this.running) this.running.abort();
      else this.submit();
    });
    this.component.registerDomEvent(this.inputEl, 'keydown', (ev) => {
      if (this.context.handleKeydown(ev)) return;
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        this.submit();
      }
    });
    if (this.options.question) {
      this.inputEl.value = this.options.question;
      this.submit();
    } else {
      this.inputEl.focus();
    }
  }

  override onClose(): void {
    this.running?.abort();
    this.component.unload();
    this.contentEl.empty();
  }

  /** Interrupts the answer being written. */
  stop(): void {
    this.running?.abort();
  }

  submit(): void {
    const question = this.inputEl.value.trim();
    if (!question) {
      new Notice(t('chat.empty-question'));
      return;
    }
    if (this.running) return;
    this.answered = this.ask(question);
  }

  private async ask(question: string): Promise<void> {
    if (this.block) this.component.removeChild(this.block);
    this.answerEl.empty();
    this.last = null;
    const block = this.component.addChild(new AnswerBlock(this.answerEl, { app: this.app, sourcePath: this.options.sourcePath ?? '', hoverParent: this, endpointHost: endpointHost(this.host.settings.llm.baseUrl) }));
    this.block = block;
    const controller = new AbortController();
    this.running = controller;
    this.askButton.setText(t('chat.stop'));
    block.showSearching();
    try {
      const scope = this.options.scope ?? this.context.scope();
      const outcome = await askQuestion(this.host, question, {
        signal: controller.signal,
        ...(scope ? { scope } : {}),
        onSources: (found) => {
          this.context.report(this.answerEl, found.scope);
          block.showSources(found.results);
        },
        onText: (text) => block.streamText(text),
      });
      await block.finish(outcome.response, outcome.stopped);
      this.last = { question, outcome };
      if (this.options.insertWhenDone && !outcome.stopped && this.insert()) {
        this.close();
        return;
      }
      this.addActions(block);
    } catch (err) {
      await block.fail(controller.signal.aborted ? t('error.llm.aborted') : t('notice.answer-failed', { reason: errorLine(err) }));
    } finally {
      if (this.running === controller) this.running = null;
      this.askButton?.setText(t('chat.send'));
    }
  }

  private addActions(block: AnswerBlock): void {
    if (this.options.editor) block.addAction('file-input', t('modal.insert'), () => this.insert() && this.close());
    block.addAction('copy', t('chat.copy'), async () => {
      await navigator.clipboard.writeText(answerAsNoteMarkdown(block.answerSegments));
      new Notice(t('chat.copied'));
    });
    if (this.options.continueInPanel) {
      block.addAction('panel-right', t('modal.continue'), async () => {
        const last = this.last;
        if (!last) return;
        this.close();
        await this.options.continueInPanel!(last.question, last.outcome);
      });
    }
  }

  /** Inserts the answer at the editor's cursor, in one undoable edit; false when there is nowhere to. */
  private insert(): boolean {
    const editor = this.options.editor;
    const segments = this.block?.answerSegments ?? [];
    if (!editor) {
      new Notice(t('chat.no-active-note'));
      return false;
    }
    if (segments.length === 0) return false;
    insertAnswer(editor, segments, vaultLinktext(this.app, this.options.sourcePath ?? ''));
    return true;
  }
}
