// The plugin's commands. None has a default hotkey: users choose their own.
import { MarkdownView, Notice, TFile, type Plugin } from 'obsidian';
import type { AskHost } from './ask-host';
import { t } from './i18n';
import type { IndexController } from './indexer/index-controller';
import { AskModal } from './views/ask-modal';
import type { ChatView } from './views/chat-view';
import { errorLine } from '../core/util/error-line';

export interface CommandHost extends AskHost {
  readonly indexer: IndexController | null;
  /** Opens (or reveals) the chat panel. */
  openChat(): Promise<ChatView | null>;
  openIndexStatus(): Promise<void>;
  rebuildIndex(): Promise<void>;
}

export function registerCommands(plugin: Plugin, host: CommandHost): void {
  const { app } = plugin;

  plugin.addCommand({
    id: 'ask',
    name: t('command.ask'),
    callback: () => {
      const view = app.workspace.getActiveViewOfType(MarkdownView);
      new AskModal(app, host, {
        editor: view?.editor ?? null,
        sourcePath: view?.file?.path ?? '',
        continueInPanel: async (question, outcome) => (await host.openChat())?.adopt(question, outcome),
      }).open();
    },
  });

  plugin.addCommand({
    id: 'ask-and-insert',
    name: t('command.ask-insert'),
    editorCallback: (editor, ctx) => {
      const selection = editor.getSelection().trim();
      new AskModal(app, host, {
        editor,
        sourcePath: ctx.file?.path ?? '',
        ...(selection ? { question: selection } : {}),
        insertWhenDone: true,
      }).open();
    },
  });

  plugin.addCommand({
    id: 'open-panel',
    name: t('command.open-panel'),
    callback: () => void host.openChat().then((view) => view?.focusInput()),
  });

  plugin.addCommand({
    id: 'find-related',
    name: t('command.related'),
    checkCallback: (checking) => {
      const file = app.workspace.getActiveFile();
      if (!(file instanceof TFile) || file.extension !== 'md') return false;
      if (!checking) void showRelated(host, file);
      return true;
    },
  });

  plugin.addCommand({
    id: 'pause-indexing',
    name: t('command.pause'),
    checkCallback: (checking) => {
      const indexer = host.indexer;
      if (!indexer || indexer.isPaused) return false;
      if (!checking) {
        indexer.pause();
        new Notice(t('notice.indexing-paused'));
      }
      return true;
    },
  });

  plugin.addCommand({
    id: 'resume-indexing',
    name: t('command.resume'),
    checkCallback: (checking) => {
      const indexer = host.indexer;
      if (!indexer?.isPaused) return false;
      if (!checking) {
        indexer.resume();
        new Notice(t('notice.indexing-resumed'));
      }
      return true;
    },
  });

  plugin.addCommand({
    id: 'rebuild-index',
    name: t('command.rebuild'),
    callback: () => {
      new Notice(t('notice.rebuilding'));
      void host.rebuildIndex().then(
        async () => new Notice(t('notice.index-rebuilt', { notes: (await host.engine()).status().notes })),
        (err: unknown) => new Notice(t('notice.rebuild-failed', { reason: errorLine(err) })),
      );
    },
  });

  plugin.addCommand({
    id: 'show-index-status',
    name: t('command.show-status'),
    callback: () => void host.openIndexStatus(),
  });
}

async function showRelated(host: CommandHost, file: TFile): Promise<void> {
  const view = await host.openChat();
  if (!view) return;
  try {
    const results = await (await host.engine()).related(file.path.normalize('NFC'), host.settings.retrieval.topK);
    view.showRelated(file.basename, results);
  } catch (err) {
    new Notice(t('notice.related-failed', { reason: errorLine(err) }));
  }
}
