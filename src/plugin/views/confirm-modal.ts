// A yes/no question before something costly (rebuilding the index embeds every note again).
import { Modal, Setting, type App } from 'obsidian';
import { t } from '../i18n';

export function confirm(app: App, message: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    let answered = false;
    const modal = new (class extends Modal {
      override onOpen(): void {
        this.contentEl.createEl('p', { text: message });
        new Setting(this.contentEl)
          .addButton((b) => b.setButtonText(t('confirm.cancel')).onClick(() => this.close()))
          .addButton((b) => b.setButtonText(confirmLabel).setWarning().onClick(() => {
            answered = true;
            resolve(true);
            this.close();
          }));
      }

      override onClose(): void {
        this.contentEl.empty();
        if (!answered) resolve(false);
      }
    })(app);
    modal.open();
  });
}
