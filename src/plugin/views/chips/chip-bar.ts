// The chips above the question: notes chosen with `[[`, folders and tags chosen with `@`, the
// period (filled in from the question, editable), and « Cette note » as a toggle. Each chip is
// removed by its × button, or by Backspace at the start of the input (the last chip first).
import { Notice, setIcon } from 'obsidian';
import type { RetrievalScope } from '../../../core/retrieval/scope';
import { parseTimeRange } from '../../../core/journal/time-range';
import { t } from '../../i18n';

export type Chip =
  | { kind: 'note'; path: string; label: string }
  | { kind: 'folder'; path: string; label: string }
  | { kind: 'tag'; tag: string; label: string }
  | { kind: 'period'; start: number; end: number; text: string; auto: boolean }
  | { kind: 'this-note'; path: string | null; on: boolean };

export class ChipBar {
  private list: Chip[] = [];

  constructor(
    readonly el: HTMLElement,
    private readonly input: HTMLTextAreaElement,
    private readonly onChange: () => void = () => {},
  ) {
    el.addClass('ask-vault-chips');
    this.render();
  }

  get chips(): readonly Chip[] {
    return this.list;
  }

  add(chip: Chip): void {
    const same = (c: Chip) =>
      c.kind === chip.kind && (
        (c.kind === 'note' && chip.kind === 'note' && c.path === chip.path)
        || (c.kind === 'folder' && chip.kind === 'folder' && c.path === chip.path)
        || (c.kind === 'tag' && chip.kind === 'tag' && c.tag.toLowerCase() === chip.tag.toLowerCase())
        || c.kind === 'period' || c.kind === 'this-note');
    this.list = [...this.list.filter((c) => !same(c)), chip];
    this.render();
  }

  remove(chip: Chip): void {
    if (chip.kind === 'this-note') chip.on = false;
    else this.list = this.list.filter((c) => c !== chip);
    this.render();
  }

  /** Removes notes that no longer exist, by path; returns how many went. */
  dropNotes(paths: readonly string[]): number {
    const before = this.list.length;
    this.list = this.list.filter((c) => !(c.kind === 'note' && paths.includes(c.path)));
    this.render();
    return before - this.list.length;
  }

  /** Backspace with the caret at the very start: the last chip goes (« Cette note » is switched off). */
  handleBackspace(ev: KeyboardEvent): boolean {
    if (ev.key !== 'Backspace' || this.input.selectionStart !== 0 || this.input.selectionEnd !== 0) return false;
    const last = [...this.list].reverse().find((c) => c.kind !== 'this-note' || c.on);
    if (!last) return false;
    ev.preventDefault();
    this.remove(last);
    return true;
  }

  /** The period chip follows the question as typed, unless the user set it by hand. */
  followQuestion(now: Date): void {
    const current = this.list.find((c): c is Extract<Chip, { kind: 'period' }> => c.kind === 'period');
    if (current && !current.auto) return;
    const range = parseTimeRange(this.input.value, now);
    if (!range) {
      if (current) this.remove(current);
      return;
    }
    if (current && current.start === range.start && current.end === range.end) return;
    this.add({ kind: 'period', start: range.start, end: range.end, text: range.text, auto: true });
  }

  /** After a question is sent: the period came from its text and goes with it; chosen context stays. */
  afterSend(): void {
    this.list = this.list.filter((c) => !(c.kind === 'period' && c.auto));
    this.render();
  }

  scope(): RetrievalScope | undefined {
    const notes: string[] = [];
    const folders: string[] = [];
    const tags: string[] = [];
    let range: RetrievalScope['range'];
    for (const c of this.list) {
      if (c.kind === 'note') notes.push(c.path);
      else if (c.kind === 'folder') folders.push(c.path);
      else if (c.kind === 'tag') tags.push(c.tag);
      else if (c.kind === 'this-note' && c.on && c.path) notes.push(c.path);
      // An automatic period is the question's own: retrieval reads it from the question anyway.
      else if (c.kind === 'period' && !c.auto) range = { start: c.start, end: c.end, text: c.text };
    }
    if (!notes.length && !folders.length && !tags.length && !range) return undefined;
    return { ...(notes.length ? { notes } : {}), ...(folders.length ? { folders } : {}), ...(tags.length ? { tags } : {}), ...(range ? { range } : {}) };
  }

  private render(): void {
    this.el.empty();
    for (const chip of this.list) this.renderChip(chip);
    this.el.toggleClass('is-empty', this.list.length === 0);
    this.onChange();
  }

  private renderChip(chip: Chip): void {
    const el = this.el.createDiv({ cls: ['ask-vault-chip', `is-${chip.kind}`] });
    if (chip.kind === 'this-note') {
      el.toggleClass('is-off', !chip.on);
      const toggle = el.createEl('button', {
        cls: 'ask-vault-chip-label',
        text: t('chips.this-note'),
        attr: { 'aria-pressed': String(chip.on), 'aria-label': chip.on ? t('chips.this-note-off') : t('chips.this-note-on') },
      });
      toggle.addEventListener('click', () => {
        chip.on = !chip.on;
        this.render();
      });
      return;
    }
    const label = chip.kind === 'period' ? chip.text : chip.label;
    const labelEl = el.createEl(chip.kind === 'period' ? 'button' : 'span', { cls: 'ask-vault-chip-label', text: label });
    if (chip.kind === 'period') {
      labelEl.setAttr('aria-label', t('chips.period-edit'));
      labelEl.addEventListener('click', () => this.editPeriod(el, chip));
    }
    const remove = el.createEl('button', { cls: ['clickable-icon', 'ask-vault-chip-remove'], attr: { 'aria-label': t('chips.remove', { name: label }) } });
    setIcon(remove, 'x');
    remove.addEventListener('click', () => {
      this.remove(chip);
      this.input.focus();
    });
  }

  /** The period chip becomes a field: Enter applies (a period chrono can read), Escape cancels. */
  private editPeriod(el: HTMLElement, chip: Extract<Chip, { kind: 'period' }>): void {
    el.empty();
    const field = el.createEl('input', { cls: 'ask-vault-chip-edit', attr: { type: 'text', value: chip.text, 'aria-label': t('chips.period-edit') } });
    field.value = chip.text;
    field.focus();
    field.select();
    field.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') {
        ev.preventDefault();
        ev.stopPropagation();
        this.render();
        this.input.focus();
      } else if (ev.key === 'Enter') {
        ev.preventDefault();
        ev.stopPropagation();
        const range = parseTimeRange(field.value, new Date());
        if (!range) {
          new Notice(t('chips.period-invalid', { text: field.value }));
          return;
        }
        this.add({ kind: 'period', start: range.start, end: range.end, text: range.text, auto: false });
        this.input.focus();
      }
    });
  }
}
