// One answer on screen, in the chat panel or the ask modal: a status line while searching, the
// answer rendered as markdown while it streams, then with its citations checked, one-line notices
// (no model, model failed, incomplete), the sources, and a row of actions.
import { Component, Keymap, setIcon, type App, type HoverParent, type IconName } from 'obsidian';
import { checkCitations } from '../../core/answer/citations';
import type { AnswerResponse, AnswerSegment } from '../../core/engine-types';
import type { SearchResult } from '../../core/types';
import { t } from '../i18n';
import { answerErrorReason, noticeText } from '../i18n/notices';
import { CITATION_CLASS, renderAnswerSegments } from './answer-markdown';
import { citedPassage } from '../../core/answer/source-groups';
import { renderSources, revealPassage, SOURCE_LINK_CLASS } from './sources-list';
import { openSource } from './open-source';
import { renderTimeline } from './timeline-list';

/** Id under which hovers are reported to the Page preview core plugin. */
export const HOVER_SOURCE = 'ask-vault';

/** Streaming re-renders at most this often: rendering markdown on every token would not keep up. */
const STREAM_RENDER_MS = 80;

export interface AnswerBlockContext {
  app: App;
  /** The note links resolve from ('' in the panel). */
  sourcePath: string;
  hoverParent: HoverParent;
  /** The LLM endpoint's host, to name it in errors. */
  endpointHost?: string;
}

export class AnswerBlock extends Component {
  readonly el: HTMLElement;
  private readonly statusEl: HTMLElement;
  private readonly bodyEl: HTMLElement;
  private readonly noticesEl: HTMLElement;
  private readonly timelineEl: HTMLElement;
  private readonly sourcesEl: HTMLElement;
  readonly actionsEl: HTMLElement;

  private sources: SearchResult[] = [];
  private segments: AnswerSegment[] = [];
  private renderChild: Component | null = null;
  private rendering: Promise<void> = Promise.resolve();
  private pendingText: string | null = null;
  private streamTimer: number | null = null;
  private finished = false;

  constructor(parent: HTMLElement, private readonly ctx: AnswerBlockContext) {
    super();
    this.el = parent.createDiv({ cls: 'ask-vault-answer' });
    this.statusEl = this.el.createDiv({ cls: 'ask-vault-answer-status' });
    this.bodyEl = this.el.createDiv({ cls: ['ask-vault-answer-body', 'markdown-rendered'] });
    this.noticesEl = this.el.createDiv({ cls: 'ask-vault-answer-notices' });
    this.timelineEl = this.el.createDiv({ cls: 'ask-vault-answer-timeline' });
    this.sourcesEl = this.el.createDiv({ cls: 'ask-vault-answer-sources' });
    this.actionsEl = this.el.createDiv({ cls: 'ask-vault-answer-actions' });
  }

  /** The answer's segments once finished (for copy and insert). */
  get answerSegments(): readonly AnswerSegment[] {
    return this.segments;
  }

  get isStreaming(): boolean {
    return !this.finished && this.el.hasClass('is-streaming');
  }

  override onload(): void {
    this.registerDomEvent(this.el, 'click', (ev) => this.onClick(ev));
    this.registerDomEvent(this.el, 'mouseover', (ev) => this.onHover(ev));
    this.register(() => {
      if (this.streamTimer !== null) window.clearTimeout(this.streamTimer);
    });
  }

  showSearching(): void {
    this.el.addClass('is-streaming');
    this.statusEl.setText(t('chat.searching'));
  }

  showSources(results: readonly SearchResult[]): void {
    this.sources = [...results];
    void renderSources(this.sourcesEl, results);
    this.statusEl.setText(results.length ? t('chat.writing') : t('chat.no-results'));
  }

  /** The streamed text so far; rendered at most every STREAM_RENDER_MS. */
  streamText(text: string): void {
    if (this.finished) return;
    this.pendingText = text;
    if (this.streamTimer !== null) return;
    this.streamTimer = window.setTimeout(() => {
      this.streamTimer = null;
      const pending = this.pendingText;
      this.pendingText = null;
      if (pending !== null && !this.finished) void this.render(checkCitations(visiblePart(pending), this.sources).segments);
    }, STREAM_RENDER_MS);
  }

  /** The final answer, citations checked. `stopped`: the user interrupted it. */
  async finish(response: AnswerResponse, stopped = false): Promise<void> {
    this.finished = true;
    this.cancelStreaming();
    this.el.removeClass('is-streaming');
    this.statusEl.setText('');
    if (stopped && response.extractive) {
      // Stopped before the model wrote anything: quoting passages now would not be what was asked.
      this.segments = [];
      await this.render([]);
      this.setNotices([t('error.llm.aborted')]);
    } else {
      this.segments = response.segments;
      await this.render(response.segments);
      this.setNotices(noticesFor(response, stopped, this.ctx.endpointHost ?? ''));
      // The intent it used, and a timeline as a dated list; with no model that list is the answer.
      renderTimeline(this.timelineEl, response);
      this.bodyEl.toggleClass('ask-vault-hidden', response.extractive && (response.timelineLines?.length ?? 0) > 0);
    }
    if (this.sources.length === 0) this.showSources(response.sources);
    this.statusEl.setText('');
  }

  /** A failure before any answer (index busy, search failed…). */
  async fail(message: string): Promise<void> {
    this.finished = true;
    this.cancelStreaming();
    this.el.removeClass('is-streaming');
    this.statusEl.setText('');
    await this.rendering;
    this.setNotices([message], true);
  }

  /** A saved answer, reopened: its citations are checked against its saved sources. */
  async showSaved(markdown: string, sources: SearchResult[]): Promise<void> {
    this.finished = true;
    this.showSources(sources);
    this.statusEl.setText('');
    this.segments = checkCitations(markdown, sources).segments;
    await this.render(this.segments);
  }

  /** A list of notes without an answer (related notes). */
  showList(results: readonly SearchResult[], emptyMessage: string): void {
    this.finished = true;
    this.el.removeClass('is-streaming');
    this.showSources(results);
    this.statusEl.setText('');
    this.setNotices(results.length ? [] : [emptyMessage]);
  }

  addAction(icon: IconName, label: string, onClick: () => unknown): HTMLButtonElement {
    const button = this.actionsEl.createEl('button', { cls: ['clickable-icon', 'ask-vault-action'], attr: { 'aria-label': label } });
    setIcon(button, icon);
    this.registerDomEvent(button, 'click', () => void onClick());
    return button;
  }

  private cancelStreaming(): void {
    if (this.streamTimer !== null) window.clearTimeout(this.streamTimer);
    this.streamTimer = null;
    this.pendingText = null;
  }

  /** Renders into a fresh element and swaps it in, one render at a time. */
  private render(segments: readonly AnswerSegment[]): Promise<void> {
    const job = this.rendering.then(async () => {
      const child = this.addChild(new Component());
      const fresh = createDiv();
      try {
        await renderAnswerSegments(fresh, segments, { app: this.ctx.app, sourcePath: this.ctx.sourcePath, component: child });
      } catch (err) {
        fresh.empty();
        fresh.createEl('p', { text: segments.map((s) => (s.kind === 'text' ? s.text : s.raw)).join('') });
        console.error('Ask Vault: rendering the answer failed', err);
      }
      this.bodyEl.replaceChildren(...Array.from(fresh.childNodes));
      if (this.renderChild) this.removeChild(this.renderChild);
      this.renderChild = child;
    });
    this.rendering = job.catch(() => undefined);
    return this.rendering;
  }

  private setNotices(notices: string[], error = false): void {
    this.noticesEl.empty();
    for (const notice of notices) this.noticesEl.createDiv({ cls: ['ask-vault-notice', ...(error ? ['mod-error'] : [])], text: notice });
  }

  private onClick(ev: MouseEvent): void {
    const link = (ev.target as HTMLElement | null)?.closest<HTMLAnchorElement>(`a.${CITATION_CLASS}, a.${SOURCE_LINK_CLASS}`);
    if (!link || !this.el.contains(link)) return;
    ev.preventDefault();
    const newLeaf = Keymap.isModEvent(ev);
    const path = link.getAttr('data-path') ?? '';
    if (link.hasClass(SOURCE_LINK_CLASS)) {
      void openSource(this.ctx.app, { path, line: Number(link.getAttr('data-line') ?? '0') }, newLeaf);
      return;
    }
    // A citation lands on the passage it cites: in the note (only if it exists), and among the sources below.
    const cited = citationTarget(link, this.sources);
    if (cited) {
      revealPassage(this.sourcesEl, cited.number);
      void openSource(this.ctx.app, { path: cited.result.path, line: Math.max(0, cited.result.lines[0] - 1) }, newLeaf);
    } else {
      const heading = link.getAttr('data-heading') || undefined;
      void openSource(this.ctx.app, { path, ...(heading ? { heading } : {}) }, newLeaf);
    }
  }

  private onHover(ev: MouseEvent): void {
    const link = (ev.target as HTMLElement | null)?.closest<HTMLAnchorElement>(`a.${CITATION_CLASS}, a.${SOURCE_LINK_CLASS}`);
    if (!link || !this.el.contains(link)) return;
    this.ctx.app.workspace.trigger('hover-link', {
      event: ev,
      source: HOVER_SOURCE,
      hoverParent: this.ctx.hoverParent,
      targetEl: link,
      linktext: link.getAttr('data-href') ?? '',
      sourcePath: this.ctx.sourcePath,
    });
  }
}

/** The passage a citation link points to, among the answer's sources. */
function citationTarget(link: HTMLElement, sources: readonly SearchResult[]): { number: number; result: SearchResult } | null {
  const path = link.getAttr('data-path');
  if (!path) return null;
  const heading = link.getAttr('data-heading') || undefined;
  const source = Number(link.getAttr('data-source') ?? '') || undefined;
  const number = citedPassage({ path, ...(heading !== undefined ? { heading } : {}), ...(source !== undefined ? { source } : {}) }, sources);
  const result = sources[number - 1];
  return number > 0 && result ? { number, result } : null;
}

/** While streaming, a citation still being written (`[[Not`) is left out rather than flagged. */
function visiblePart(text: string): string {
  const open = text.lastIndexOf('[[');
  return open >= 0 && text.indexOf(']]', open) < 0 ? text.slice(0, open) : text;
}

function noticesFor(response: AnswerResponse, stopped: boolean, host: string): string[] {
  const notices = response.notices.filter((n) => n.code !== 'no-chat-model' || (!stopped && !response.error)).map(noticeText);
  if (stopped) notices.push(t('error.llm.aborted'));
  else if (response.extractive && response.error) notices.push(t('chat.model-failed', { reason: answerErrorReason(response, host) }));
  else if (!response.extractive && !response.complete && response.error) notices.push(t('chat.incomplete', { reason: answerErrorReason(response, host) }));
  return notices;
}
