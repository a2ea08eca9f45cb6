// The suggester under the question field: `[[` lists notes (fuzzy over titles and aliases), `@`
// lists folders and tags, `/` at the start lists saved prompts. Arrow keys move, Enter or Tab
// chooses, Escape closes; the typed trigger is taken out of the question when a chip is made.
// A textarea, not an <input>: Obsidian's AbstractInputSuggest does not attach to one.
import type { NoteEntry } from '../../../core/engine-types';
import { fuzzyMatcher } from './fuzzy';

export interface Suggestion {
  /** What the row says. */
  title: string;
  /** A muted second line (the path, the alias that matched). */
  note?: string;
  /** Identifies the row in tests and for the chosen action. */
  value: string;
  kind: 'note' | 'folder' | 'tag' | 'prompt';
}

export interface SuggestSources {
  notes(): readonly NoteEntry[];
  prompts?(): readonly { id: string; name: string; note?: string }[];
}

interface Trigger {
  kind: 'notes' | 'places' | 'prompts';
  /** Where the trigger starts in the input, and the query typed after it. */
  start: number;
  query: string;
}

const MAX_ROWS = 12;

export function findTrigger(text: string, caret: number, prompts: boolean): Trigger | null {
  const before = text.slice(0, caret);
  const link = /\[\[([^\]\n[]*)$/.exec(before);
  if (link) return { kind: 'notes', start: link.index, query: link[1] };
  const at = /(^|\s)@([^\s@]*)$/.exec(before);
  if (at) return { kind: 'places', start: at.index + at[1].length, query: at[2] };
  const slash = /^\/(\S*)$/.exec(before);
  if (slash && prompts) return { kind: 'prompts', start: 0, query: slash[1] };
  return null;
}

export function rankSuggestions(trigger: Trigger, sources: SuggestSources): Suggestion[] {
  const match = fuzzyMatcher(trigger.query);
  const scored: { s: Suggestion; score: number }[] = [];
  if (trigger.kind === 'notes') {
    for (const n of sources.notes()) {
      let best: { score: number; alias?: string } | null = null;
      for (const [text, alias] of [[n.title, undefined], ...n.aliases.map((a) => [a, a] as const)] as const) {
        const score = match(text);
        if (score !== null && (!best || score > best.score)) best = { score, ...(alias ? { alias } : {}) };
      }
      if (best) scored.push({ s: { kind: 'note', title: n.title, note: best.alias ? `${best.alias} · ${n.path}` : n.path, value: n.path }, score: best.score });
    }
  } else if (trigger.kind === 'places') {
    const folders = new Set<string>();
    const tags = new Map<string, string>();
    for (const n of sources.notes()) {
      const parts = n.path.split('/').slice(0, -1);
      for (let i = 1; i <= parts.length; i++) folders.add(parts.slice(0, i).join('/'));
      for (const tag of n.tags) tags.set(tag.toLowerCase(), tag);
    }
    const tagQuery = trigger.query.startsWith('#');
    const tagMatch = tagQuery ? fuzzyMatcher(trigger.query.slice(1)) : match;
    if (!tagQuery) {
      for (const f of folders) {
        const score = match(f);
        if (score !== null) scored.push({ s: { kind: 'folder', title: `${f}/`, value: f }, score });
      }
    }
    for (const tag of tags.values()) {
      const score = tagMatch(tag);
      if (score !== null) scored.push({ s: { kind: 'tag', title: `#${tag}`, value: tag }, score: score - 0.01 });
    }
  } else {
    for (const p of sources.prompts?.() ?? []) {
      const score = match(p.name);
      if (score !== null) scored.push({ s: { kind: 'prompt', title: p.name, ...(p.note ? { note: p.note } : {}), value: p.id }, score });
    }
  }
  scored.sort((a, b) => b.score - a.score || a.s.title.localeCompare(b.s.title));
  return scored.slice(0, MAX_ROWS).map((x) => x.s);
}

export class ContextSuggest {
  private popup: HTMLElement | null = null;
  private rows: Suggestion[] = [];
  private selected = 0;
  private trigger: Trigger | null = null;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly anchor: HTMLElement,
    private readonly sources: SuggestSources,
    private readonly choose: (s: Suggestion) => void,
  ) {}

  get isOpen(): boolean {
    return this.popup !== null;
  }

  /** Called on every input and caret move. */
  update(): void {
    const caret = this.input.selectionStart ?? this.input.value.length;
    const trigger = findTrigger(this.input.value, caret, this.sources.prompts !== undefined);
    this.trigger = trigger;
    if (!trigger) return this.close();
    this.rows = rankSuggestions(trigger, this.sources);
    this.selected = 0;
    this.render();
  }

  /** Keys the open suggester takes; true when it took this one. */
  handleKey(ev: KeyboardEvent): boolean {
    if (!this.popup || ev.isComposing) return false;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (this.rows.length) this.selected = (this.selected + (ev.key === 'ArrowDown' ? 1 : this.rows.length - 1)) % this.rows.length;
      this.render();
      return true;
    }
    if (ev.key === 'Enter' || ev.key === 'Tab') {
      const row = this.rows[this.selected];
      if (!row) return false;
      ev.preventDefault();
      this.pick(row);
      return true;
    }
    if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      this.close();
      return true;
    }
    return false;
  }

  close(): void {
    this.popup?.remove();
    this.popup = null;
  }

  private pick(row: Suggestion): void {
    const trigger = this.trigger;
    if (trigger) {
      const caret = this.input.selectionStart ?? this.input.value.length;
      const after = this.input.value.slice(caret).replace(/^\]\]/, '');
      const before = this.input.value.slice(0, trigger.start).replace(/[ \t]+$/, trigger.start > 0 ? ' ' : '');
      this.input.value = row.kind === 'prompt' ? after.trimStart() : `${before}${after}`;
      const at = row.kind === 'prompt' ? 0 : before.length;
      this.input.setSelectionRange(at, at);
    }
    this.close();
    this.choose(row);
  }

  private render(): void {
    if (!this.popup) {
      this.popup = this.anchor.createDiv({ cls: ['suggestion-container', 'ask-vault-suggest'], attr: { role: 'listbox' } });
    }
    const popup = this.popup;
    popup.empty();
    const list = popup.createDiv({ cls: 'suggestion' });
    if (this.rows.length === 0) {
      list.createDiv({ cls: 'suggestion-empty', text: '…' });
      return;
    }
    this.rows.forEach((row, i) => {
      const item = list.createDiv({ cls: ['suggestion-item', `is-${row.kind}`], attr: { role: 'option', 'data-value': row.value, 'aria-selected': String(i === this.selected) } });
      item.toggleClass('is-selected', i === this.selected);
      item.createDiv({ cls: 'suggestion-title', text: row.title });
      if (row.note) item.createDiv({ cls: 'suggestion-note', text: row.note });
      item.addEventListener('mousedown', (ev) => {
        ev.preventDefault();
        this.pick(row);
      });
    });
  }
}
