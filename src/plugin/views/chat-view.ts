// The chat panel (right sidebar). Enter sends, Shift+Enter adds a line, Escape or the stop button
// interrupts the answer. Each answer keeps its sources and its actions (copy, insert into the
// note, retry); the conversation is saved as a note after each answer and can be reopened.
import { ItemView, Notice, setIcon, type HoverPopover, type TFile, type WorkspaceLeaf } from 'obsidian';
import { existingSources } from './open-source';
import { answerAsNoteMarkdown } from '../../core/render/answer-note';
import type { SearchResult } from '../../core/types';
import type { AskHost } from '../ask-host';
import { sourcesOf, savedSourcesAsResults, type ConversationMeta } from '../conversations/conversation-note';
import { t } from '../i18n';
import { recentMarkdownView } from '../insertion/editor-target';
import { insertAnswer } from '../insertion/insert-answer';
import { vaultLinktext } from '../insertion/linktext';
import { AnswerBlock, type AnswerBlockContext } from './answer-block';
import { endpointHost } from '../i18n/notices';
import { askQuestion, type AskOutcome } from './ask-question';
import { ConversationPicker } from './conversation-picker';
import { showUnderstood } from './understood-line';
import { ContextInput } from './chips/context-input';
import type { RetrievalScope } from '../../core/retrieval/scope';
import type { HistoryTurn, TurnStatus } from '../../core/answer/history';
import type { SearchResponse } from '../../core/engine-types';
import type { ResolvedQuestion } from '../../core/question/follow-up';
import { fitToContent } from './grow-input';
import { errorLine } from '../../core/util/error-line';

export const CHAT_VIEW_TYPE = 'ask-vault-chat';

interface Turn {
  question: string;
  el: HTMLElement;
  block: AnswerBlock;
  /** What the turn was understood as; absent until answered (and for related-notes lists). */
  resolved?: ResolvedQuestion;
  /** What the model said, for the next turns' history; undefined while unanswered. */
  answer?: string;
  status?: TurnStatus;
  found?: SearchResponse;
  /** Not a question (a related-notes list): left out of the conversation. */
  aside?: boolean;
  /** The user undid the resolution: asked as typed, retries included. */
  asTyped?: boolean;
  /** The chips when it was asked; a retry keeps them. */
  scope?: RetrievalScope;
}

export class ChatView extends ItemView {
  hoverPopover: HoverPopover | null = null;
  private messagesEl!: HTMLElement;
  private emptyEl!: HTMLElement;
  private inputEl!: HTMLTextAreaElement;
  private sendButton!: HTMLButtonElement;
  private context!: ContextInput;
  private turns: Turn[] = [];
  private running: AbortController | null = null;
  private conversationFile: TFile | null = null;
  private conversationMeta: ConversationMeta | null = null;
  /** Bumped by "new chat": an answer of the previous conversation must not be saved into the next. */
  private generation = 0;

  constructor(leaf: WorkspaceLeaf, private readonly host: AskHost) {
    super(leaf);
  }

  getViewType(): string {
    return CHAT_VIEW_TYPE;
  }

  getDisplayText(): string {
    return t('chat.title');
  }

  override getIcon(): string {
    return 'message-square';
  }

  /** True while an answer is being searched or written. */
  get isBusy(): boolean {
    return this.running !== null;
  }

  protected override async onOpen(): Promise<void> {
    const root = this.contentEl;
    root.empty();
    root.addClass('ask-vault-chat');

    const toolbar = root.createDiv({ cls: 'ask-vault-chat-toolbar' });
    this.toolbarButton(toolbar, 'square-pen', t('chat.new-chat'), () => this.newChat());
    this.toolbarButton(toolbar, 'history', t('chat.history'), () => this.pickConversation());

    this.messagesEl = root.createDiv({ cls: 'ask-vault-messages' });
    this.emptyEl = this.messagesEl.createDiv({ cls: 'ask-vault-empty', text: t('chat.empty') });

    const composer = root.createDiv({ cls: 'ask-vault-composer' });
    this.inputEl = composer.createEl('textarea', {
      cls: 'ask-vault-input',
      attr: { rows: 2, placeholder: t('chat.placeholder'), 'aria-label': t('chat.placeholder') },
    });
    this.registerDomEvent(this.inputEl, 'input', () => fitToContent(this.inputEl));
    this.sendButton = composer.createEl('button', { cls: ['mod-cta', 'ask-vault-send'], text: t('chat.send') });
    const prompts = this.host.prompts;
    this.context = new ContextInput(this.host, composer, this.inputEl, {
      activeNote: () => recentMarkdownView(this.app)?.file?.path ?? null,
      ...(prompts ? { prompts: () => prompts.list(), onPrompt: (id: string) => this.runPrompt(id) } : {}),
    });
    this.registerDomEvent(this.sendButton, 'click', () => {
      if (this.running) this.stop();
      else this.submit();
    });
    this.registerDomEvent(this.inputEl, 'keydown', (ev) => {
      if (this.context.handleKeydown(ev)) return;
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        this.submit();
      }
    });
    this.registerDomEvent(root, 'keydown', (ev) => {
      if (ev.key === 'Escape' && this.running) {
        ev.preventDefault();
        this.stop();
      }
    });
  }

  protected override async onClose(): Promise<void> {
    this.stop();
    for (const turn of this.turns) this.removeChild(turn.block);
    this.turns = [];
  }

  focusInput(): void {
    this.inputEl.focus();
  }

  /** Sends what is in the question field. */
  submit(): void {
    const question = this.inputEl.value.trim();
    if (!question) {
      new Notice(t('chat.empty-question'));
      return;
    }
    if (this.running) return;
    // "/name the question": a saved prompt with its {{question}} typed after its name.
    const command = /^\/(\S+)\s+([\s\S]+)$/.exec(question);
    const prompt = command ? this.host.prompts?.list().find((p) => promptKey(p.name) === promptKey(command[1])) : undefined;
    if (command && prompt) {
      this.inputEl.value = '';
      void this.host.prompts?.run(prompt.id, command[2], this);
      return;
    }
    const scope = this.context.scope();
    this.inputEl.value = '';
    this.context.afterSend();
    fitToContent(this.inputEl);
    void this.ask(question, undefined, { ...(scope ? { scope } : {}) });
  }

  /** Asks `question` in this conversation; resolves when the answer is complete (or stopped). */
  async ask(question: string, replace?: Turn, opts: { resolve?: boolean; scope?: RetrievalScope } = {}): Promise<void> {
    if (this.running) this.stop();
    const turn = replace ? this.resetTurn(replace) : this.addTurn(question);
    const controller = new AbortController();
    this.running = controller;
    this.setBusy(true);
    const generation = this.generation;
    turn.block.showSearching();
    turn.asTyped = opts.resolve === false;
    if (!replace) turn.scope = opts.scope;
    const earlier = this.conversationBefore(turn);
    try {
      const outcome = await askQuestion(this.host, question, {
        signal: controller.signal,
        onResolved: (resolved) => {
          turn.resolved = resolved;
          this.showResolved(turn);
        },
        onSources: (found) => {
          this.context.report(turn.el, found.scope);
          turn.block.showSources(found.results);
        },
        onText: (text) => turn.block.streamText(text),
        ...(turn.scope ? { scope: turn.scope } : {}),
      }, {
        turns: earlier.map(historyOf),
        ...(earlier.at(-1)?.found ? { lastFound: earlier.at(-1)!.found! } : {}),
        ...(earlier.at(-1)?.scope ? { lastScope: earlier.at(-1)!.scope! } : {}),
        ...(opts.resolve === false ? { resolve: false } : {}),
      });
      await turn.block.finish(outcome.response, outcome.stopped);
      turn.answer = outcome.response.raw;
      turn.status = outcome.stopped ? 'stopped' : outcome.response.complete ? 'complete' : 'failed';
      turn.found = outcome.found;
      this.addAnswerActions(turn);
      if (generation === this.generation && !(outcome.stopped && outcome.response.extractive)) await this.save(question, outcome);
    } catch (err) {
      await turn.block.fail(controller.signal.aborted ? t('error.llm.aborted') : t('notice.answer-failed', { reason: errorLine(err) }));
      turn.answer = '';
      turn.status = controller.signal.aborted ? 'stopped' : 'failed';
      this.addRetry(turn);
    } finally {
      if (this.running === controller) {
        this.running = null;
        this.setBusy(false);
      }
    }
  }

  /**
   * A saved prompt chosen with `/`: what is left in the input is its {{question}}. One that needs a
   * question and has none leaves `/name ` in the input, for the question to be typed after it.
   */
  private runPrompt(id: string): void {
    const rest = this.inputEl.value.trim();
    const prompt = this.host.prompts?.list().find((p) => p.id === id);
    if (!rest && prompt?.needsQuestion) {
      this.inputEl.value = `/${promptKey(prompt.name)} `;
      this.inputEl.setSelectionRange(this.inputEl.value.length, this.inputEl.value.length);
      new Notice(t('prompts.missing-question', { name: prompt.name }));
      return;
    }
    this.inputEl.value = '';
    void this.host.prompts?.run(id, rest, this);
  }

  /** Interrupts the answer being written. */
  stop(): void {
    this.running?.abort();
  }

  newChat(): void {
    this.stop();
    this.generation++;
    for (const turn of this.turns) this.removeChild(turn.block);
    this.turns = [];
    this.conversationFile = null;
    this.conversationMeta = null;
    this.messagesEl.empty();
    this.emptyEl = this.messagesEl.createDiv({ cls: 'ask-vault-empty', text: t('chat.empty') });
    this.inputEl.focus();
  }

  /** Shows a saved conversation; further questions are appended to its note. */
  async openConversation(file: TFile): Promise<void> {
    const saved = await this.host.conversations.load(file);
    if (!saved) {
      new Notice(t('history.not-a-conversation', { name: file.basename }));
      return;
    }
    this.newChat();
    this.conversationFile = file;
    this.conversationMeta = saved.meta;
    for (const { question, answer, sources, resolved, anchor, status } of saved.turns) {
      const turn = this.addTurn(question);
      // A saved note can be edited by hand: only sources still in the vault are trusted.
      turn.answer = answer;
      turn.status = status ?? 'complete';
      if (resolved || anchor) {
        const text = resolved ?? question;
        turn.resolved = { asked: question, text, query: text, anchor: anchor ?? text, rule: 'standalone', sameSources: false, changed: text !== question };
        this.showResolved(turn, false);
      }
      await turn.block.showSaved(answer, savedSourcesAsResults(existingSources(this.app, sources)));
      this.addAnswerActions(turn);
    }
  }

  /** A question answered elsewhere (the ask modal), continued here. */
  async adopt(question: string, outcome: AskOutcome): Promise<void> {
    const turn = this.addTurn(question);
    turn.block.showSources(outcome.found.results);
    await turn.block.finish(outcome.response, outcome.stopped);
    turn.resolved = outcome.resolved;
    turn.answer = outcome.response.raw;
    turn.status = outcome.stopped ? 'stopped' : 'complete';
    turn.found = outcome.found;
    this.showResolved(turn, false);
    this.addAnswerActions(turn);
    await this.save(question, outcome);
  }

  /** Notes related to `title`'s note, as a list of sources. */
  showRelated(title: string, results: readonly SearchResult[]): void {
    const turn = this.addTurn(t('common.label-value', { label: t('related.title'), value: title }));
    turn.aside = true;
    turn.el.addClass('is-related');
    turn.block.showList(results, t('related.none'));
  }

  private addTurn(question: string): Turn {
    this.emptyEl.remove();
    const el = this.messagesEl.createDiv({ cls: 'ask-vault-turn' });
    el.createDiv({ cls: 'ask-vault-question', text: question });
    const block = this.addChild(new AnswerBlock(el, this.blockContext()));
    const turn = { question, el, block };
    this.turns.push(turn);
    el.scrollIntoView?.({ block: 'end' });
    return turn;
  }

  /** The answered turns before `turn`, oldest first: the conversation the next question continues. */
  private conversationBefore(turn: Turn): Turn[] {
    const at = this.turns.indexOf(turn);
    return (at < 0 ? this.turns : this.turns.slice(0, at)).filter((x) => !x.aside && x.answer !== undefined);
  }

  /** « Compris : … » under the question, with a button that asks it again as typed. */
  private showResolved(turn: Turn, undoable = true): void {
    const resolved = turn.resolved;
    turn.el.querySelector('.ask-vault-understood')?.remove();
    if (!resolved?.changed) return;
    const line = showUnderstood(turn.el, resolved.text, undoable ? () => void this.ask(turn.question, turn, { resolve: false }) : null);
    turn.el.querySelector('.ask-vault-question')?.after(line);
  }

  private resetTurn(turn: Turn): Turn {
    this.removeChild(turn.block);
    turn.block.el.remove();
    turn.block = this.addChild(new AnswerBlock(turn.el, this.blockContext()));
    return turn;
  }

  private blockContext(): AnswerBlockContext {
    return { app: this.app, sourcePath: '', hoverParent: this, endpointHost: endpointHost(this.host.settings.llm.baseUrl) };
  }

  private addAnswerActions(turn: Turn): void {
    const { block } = turn;
    block.addAction('copy', t('chat.copy'), async () => {
      await navigator.clipboard.writeText(answerAsNoteMarkdown(block.answerSegments));
      new Notice(t('chat.copied'));
    });
    block.addAction('file-input', t('chat.insert'), () => this.insertIntoNote(turn));
    this.addRetry(turn);
  }

  private addRetry(turn: Turn): void {
    turn.block.addAction('rotate-ccw', t('chat.retry'), () => this.ask(turn.question, turn, { resolve: !turn.asTyped }));
  }

  private insertIntoNote(turn: Turn): void {
    const view = recentMarkdownView(this.app);
    if (!view) {
      new Notice(t('chat.no-active-note'));
      return;
    }
    insertAnswer(view.editor, turn.block.answerSegments, vaultLinktext(this.app, view.file?.path ?? ''));
  }

  private pickConversation(): void {
    const files = this.host.conversations.list();
    new ConversationPicker(this.app, files, (file) => void this.openConversation(file)).open();
  }

  private async save(question: string, outcome: AskOutcome): Promise<void> {
    if (outcome.response.segments.length === 0) return;
    this.conversationMeta ??= { date: new Date().toISOString(), ...this.host.answerModelNames() };
    try {
      const { resolved } = outcome;
      this.conversationFile = await this.host.conversations.save(this.conversationFile, this.conversationMeta, {
        question,
        answer: answerAsNoteMarkdown(outcome.response.segments),
        sources: sourcesOf(outcome.response.sources),
        ...(resolved.changed ? { resolved: resolved.text } : {}),
        ...(resolved.anchor !== (resolved.changed ? resolved.text : question) ? { anchor: resolved.anchor } : {}),
        ...(outcome.stopped ? { status: 'stopped' as const } : {}),
      });
    } catch (err) {
      new Notice(t('chat.save-failed', { reason: errorLine(err) }));
    }
  }

  private setBusy(busy: boolean): void {
    this.sendButton.setText(busy ? t('chat.stop') : t('chat.send'));
    this.sendButton.toggleClass('mod-warning', busy);
    this.sendButton.toggleClass('mod-cta', !busy);
    this.contentEl.toggleClass('is-busy', busy);
  }

  private toolbarButton(parent: HTMLElement, icon: string, label: string, onClick: () => void): void {
    const button = parent.createEl('button', { cls: 'clickable-icon', attr: { 'aria-label': label } });
    setIcon(button, icon);
    this.registerDomEvent(button, 'click', onClick);
  }
}

/** A prompt's name as typed after `/`: lower case, words joined by dashes. */
function promptKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function historyOf(turn: Turn): HistoryTurn & { anchor?: string } {
  return {
    question: turn.question,
    answer: turn.answer ?? '',
    ...(turn.status ? { status: turn.status } : {}),
    ...(turn.resolved?.changed ? { resolved: turn.resolved.text } : {}),
    ...(turn.resolved ? { anchor: turn.resolved.anchor } : {}),
  };
}
