// « Compris : Où en était le projet 20 en janvier 2025 ? » under a follow-up, so the user sees what
// was searched for, with one click (or Enter) to ask the question as typed instead. The text is
// plain text: a model's rewrite (condensation) may have produced it.
import { t } from '../i18n';

export function showUnderstood(parent: HTMLElement, text: string, undo: (() => void) | null): HTMLElement {
  const line = parent.createDiv({ cls: 'ask-vault-understood' });
  line.createSpan({ cls: 'ask-vault-understood-text', text: `${t('chat.understood')} ${text}` });
  if (undo) {
    const button = line.createEl('button', { cls: 'ask-vault-understood-undo', text: t('chat.understood-undo'), attr: { 'aria-label': t('chat.understood-undo-hint') } });
    button.addEventListener('click', (ev) => {
      ev.preventDefault();
      undo();
    });
  }
  return line;
}
