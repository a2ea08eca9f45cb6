// The commands of questions over time: the journal pane and « Summarize my journal… ». No
// default hotkeys.
import type { Plugin, WorkspaceLeaf } from 'obsidian';
import type { CommandHost } from './commands';
import { t } from './i18n';
import { JOURNAL_PANE_VIEW_TYPE, JournalPaneView } from './views/journal-pane';
import { SummarizeModal } from './views/summarize-modal';

export function registerTimeViews(plugin: Plugin, host: CommandHost): void {
  plugin.registerView(JOURNAL_PANE_VIEW_TYPE, (leaf) => new JournalPaneView(leaf, host));

  plugin.addCommand({
    id: 'show-journals',
    name: t('command.show-journals'),
    callback: () => void revealJournalPane(plugin),
  });

  plugin.addCommand({
    id: 'summarize-journal',
    name: t('command.summarize'),
    callback: () => {
      new SummarizeModal(plugin.app, (question) => {
        void host.openChat().then((view) => view?.ask(question));
      }).open();
    },
  });
}

async function revealJournalPane(plugin: Plugin): Promise<WorkspaceLeaf | null> {
  const { workspace } = plugin.app;
  let leaf: WorkspaceLeaf | null = workspace.getLeavesOfType(JOURNAL_PANE_VIEW_TYPE)[0] ?? null;
  if (!leaf) {
    leaf = workspace.getRightLeaf(false);
    if (!leaf) return null;
    await leaf.setViewState({ type: JOURNAL_PANE_VIEW_TYPE, active: true });
  }
  await workspace.revealLeaf(leaf);
  return leaf;
}
