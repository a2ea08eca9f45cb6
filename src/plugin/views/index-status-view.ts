// The index status view (opened from the status bar): what is indexed, pending, failed (with the
// reason) and excluded, the embedding model, the size on disk and the index's warnings, with
// pause/resume and rebuild.
import { ItemView, Notice, setIcon, type WorkspaceLeaf } from 'obsidian';
import type { IndexStatus } from '../../core/engine-types';
import type { IndexHost } from '../ask-host';
import { formatBytes, formatNumber, t } from '../i18n';
import { noticeText } from '../i18n/notices';
import { statusText } from '../indexer/status-text';
import { confirm } from './confirm-modal';
import { errorLine } from '../../core/util/error-line';

export const INDEX_STATUS_VIEW_TYPE = 'ask-vault-index-status';

/** Redraws at most this often while indexing runs. */
const REDRAW_MS = 500;

export class IndexStatusView extends ItemView {
  private redrawTimer: number | null = null;
  private bytes: number | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(leaf: WorkspaceLeaf, private readonly host: IndexHost) {
    super(leaf);
  }

  getViewType(): string {
    return INDEX_STATUS_VIEW_TYPE;
  }

  getDisplayText(): string {
    return t('index-view.title');
  }

  override getIcon(): string {
    return 'database';
  }

  protected override async onOpen(): Promise<void> {
    this.contentEl.addClass('ask-vault-index-status');
    this.subscribe();
    await this.refresh();
  }

  protected override async onClose(): Promise<void> {
    this.unsubscribe?.();
    if (this.redrawTimer !== null) window.clearTimeout(this.redrawTimer);
  }

  /** Re-reads the size on disk and redraws. */
  async refresh(): Promise<void> {
    this.bytes = await this.host.indexSize().catch(() => null);
    await this.draw();
  }

  private subscribe(): void {
    const indexer = this.host.indexer;
    if (!indexer || this.unsubscribe) return;
    this.unsubscribe = indexer.onChange((state) => {
      if (state.kind === 'idle') {
        void this.refresh();
        return;
      }
      if (this.redrawTimer !== null) return;
      this.redrawTimer = window.setTimeout(() => {
        this.redrawTimer = null;
        void this.draw();
      }, REDRAW_MS);
    });
  }

  private async draw(): Promise<void> {
    let status: IndexStatus | null = null;
    let unavailable = '';
    try {
      status = (await this.host.engine()).status();
    } catch (err) {
      unavailable = t('notice.index-unavailable', { reason: errorLine(err) });
    }
    const root = this.contentEl;
    root.empty();
    const indexer = this.host.indexer;
    root.createDiv({ cls: 'ask-vault-index-state', text: indexer ? statusText(indexer.state) : unavailable });
    if (!status) {
      if (unavailable) root.createDiv({ cls: ['ask-vault-notice', 'mod-error'], text: unavailable });
      return;
    }

    const table = root.createEl('table', { cls: 'ask-vault-index-table' });
    const row = (label: string, value: string, cls?: string) => {
      const tr = table.createEl('tr', cls ? { cls } : undefined);
      tr.createEl('th', { text: label });
      tr.createEl('td', { text: value });
    };
    row(t('index-view.notes'), formatNumber(status.notes), 'is-notes');
    row(t('index-view.chunks'), formatNumber(status.chunks));
    row(t('index-view.vectors'), formatNumber(status.vectors));
    row(t('index-view.pending'), formatNumber(indexer?.pending ?? 0), 'is-pending');
    row(t('index-view.failed-count'), formatNumber(status.failed.length), 'is-failed');
    row(t('index-view.excluded'), formatNumber(status.excluded), 'is-excluded');
    const device = this.host.embeddingDevice();
    const model = status.model ?? (this.host.settings.retrieval.embeddingModel || null);
    row(t('index-view.model'), model ? (device ? `${model} (${device})` : model) : t('index-view.no-model'), 'is-model');
    row(t('index-view.size'), this.bytes === null ? '—' : formatBytes(this.bytes), 'is-size');

    if (status.failed.length > 0) {
      root.createEl('h4', { text: t('index-view.failed') });
      const list = root.createEl('ul', { cls: 'ask-vault-index-failed' });
      for (const f of status.failed) {
        const li = list.createEl('li');
        li.createSpan({ cls: 'ask-vault-index-path', text: f.path });
        li.createSpan({ cls: 'ask-vault-index-reason', text: f.reason });
      }
    }
    const promptProblems = this.host.promptProblems?.() ?? [];
    if (promptProblems.length > 0) {
      root.createEl('h4', { text: t('index-view.prompt-problems') });
      const list = root.createEl('ul', { cls: 'ask-vault-index-prompt-problems' });
      for (const p of promptProblems) list.createEl('li', { text: t('common.label-value', { label: p.path, value: p.reason }) });
    }
    root.createEl('h4', { text: t('index-view.warnings') });
    const warnings = root.createEl('ul', { cls: 'ask-vault-index-warnings' });
    // The index's and the session's notices in the user's words (the index's English warnings are
    // the same notices' log text).
    const lines = (status.notices ?? []).map(noticeText);
    if (lines.length === 0) warnings.createEl('li', { text: t('index-view.none') });
    for (const line of lines) warnings.createEl('li', { text: line });

    const actions = root.createDiv({ cls: 'ask-vault-index-actions' });
    if (indexer) {
      const paused = indexer.isPaused;
      this.button(actions, paused ? 'play' : 'pause', paused ? t('index-view.resume') : t('index-view.pause'), () => {
        if (paused) indexer.resume();
        else indexer.pause();
        void this.draw();
      });
    }
    this.button(actions, 'refresh-cw', t('index-view.rebuild'), async () => {
      if (!(await confirm(this.app, t('index-view.rebuild-confirm'), t('index-view.rebuild')))) return;
      await this.host.rebuildIndex();
      new Notice(t('notice.index-rebuilt', { notes: (await this.host.engine()).status().notes }));
    });
  }

  private button(parent: HTMLElement, icon: string, label: string, onClick: () => unknown): void {
    const button = parent.createEl('button', { cls: 'ask-vault-index-button' });
    const iconEl = button.createSpan();
    setIcon(iconEl, icon);
    button.createSpan({ text: label });
    // Not registered on the view: the button is thrown away at the next redraw, its listener with it.
    button.addEventListener('click', () => void onClick());
  }
}
