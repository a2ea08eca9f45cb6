// Lists saved conversations (newest first) to reopen one in the panel.
import { FuzzySuggestModal, type App, type TFile } from 'obsidian';
import { t } from '../i18n';

export class ConversationPicker extends FuzzySuggestModal<TFile> {
  constructor(app: App, private readonly files: TFile[], private readonly onPick: (file: TFile) => void) {
    super(app);
    this.setPlaceholder(t('history.placeholder'));
    this.emptyStateText = t('history.empty');
  }

  getItems(): TFile[] {
    return this.files;
  }

  getItemText(file: TFile): string {
    return file.basename;
  }

  onChooseItem(file: TFile): void {
    this.onPick(file);
  }
}
