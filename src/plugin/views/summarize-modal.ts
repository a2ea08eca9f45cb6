// « Summarize my journal… »: this week, last week, this month, last month or a date range; the
// period question is then asked in the panel.
import { Modal, SuggestModal, type App } from 'obsidian';
import { periodQuestion, type PeriodChoice } from '../../core/question/period-question';
import { currentLanguage, t, type MessageKey } from '../i18n';

const CHOICES: { choice: PeriodChoice; label: MessageKey }[] = [
  { choice: 'this-week', label: 'summarize.this-week' },
  { choice: 'last-week', label: 'summarize.last-week' },
  { choice: 'this-month', label: 'summarize.this-month' },
  { choice: 'last-month', label: 'summarize.last-month' },
  { choice: 'range', label: 'summarize.range' },
];

export class SummarizeModal extends SuggestModal<(typeof CHOICES)[number]> {
  constructor(app: App, private readonly ask: (question: string) => void) {
    super(app);
    this.setPlaceholder(t('summarize.placeholder'));
  }

  getSuggestions(query: string): (typeof CHOICES)[number][] {
    const q = query.trim().toLowerCase();
    return CHOICES.filter((c) => t(c.label).toLowerCase().includes(q));
  }

  renderSuggestion(value: (typeof CHOICES)[number], el: HTMLElement): void {
    el.setText(t(value.label));
  }

  onChooseSuggestion(value: (typeof CHOICES)[number]): void {
    if (value.choice === 'range') new DateRangeModal(this.app, this.ask).open();
    else this.ask(periodQuestion(value.choice, currentLanguage()));
  }
}

/** Two date fields; Enter or the button asks. */
export class DateRangeModal extends Modal {
  constructor(app: App, private readonly ask: (question: string) => void) {
    super(app);
  }

  override onOpen(): void {
    this.titleEl.setText(t('summarize.range-title'));
    const form = this.contentEl.createEl('form', { cls: 'ask-vault-range-form' });
    const field = (label: string) => {
      const wrap = form.createEl('label', { text: `${label} ` });
      return wrap.createEl('input', { type: 'date' });
    };
    const from = field(t('summarize.from'));
    const to = field(t('summarize.to'));
    const error = form.createDiv({ cls: 'ask-vault-notice mod-error' });
    form.createEl('button', { text: t('summarize.ask'), cls: 'mod-cta', type: 'submit' });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const a = localDay(from.value);
      const b = localDay(to.value);
      if (!a || !b) {
        error.setText(t('summarize.bad-range'));
        return;
      }
      this.close();
      this.ask(periodQuestion('range', currentLanguage(), a, b));
    });
    from.focus();
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}

/** "2025-03-01" from a date input → that local day (not UTC midnight). */
export function localDay(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d;
}
