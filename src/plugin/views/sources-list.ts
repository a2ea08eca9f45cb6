// The "Sources" section under an answer, by note: each note once, with its title, its journal
// date, why it was retrieved and its best passage as readable text; its other passages fold
// under it, and notes past the first few fold behind "N other sources". Every passage carries
// its number (the `[n]` of citations), so a citation can reveal it. Scores are in tooltips.
import { setTooltip } from 'obsidian';
import type { SearchResult } from '../../core/types';
import { withoutMdExtension } from '../../core/answer/citation-link';
import { groupSourcesByNote, type SourceGroup, type SourcePassage } from '../../core/answer/source-groups';
import { snippetInline, snippetSpans } from '../../core/notes/snippet-text';
import { formatDateInWords } from '../../core/util/format-date';
import { currentLanguage, formatNumber, t } from '../i18n';
import { citationLinktext } from './answer-markdown';
import { withRerankLabel } from './rerank-label';
import { renderSafeInline } from '../render/safe-dom';
import { macrotask } from '../../core/util/yield';

export const SOURCE_LINK_CLASS = 'ask-vault-source-link';
export const PASSAGE_CLASS = 'ask-vault-passage';
/** Notes shown before the rest fold away. */
export const NOTES_SHOWN = 5;
const SNIPPET_CHARS = 220;

/**
 * Renders the sources into `el`. The notes shown come at once; the folded ones in a later task
 * (they are out of sight, and a long list would hold the main thread). Returns when all are in.
 */
export function renderSources(el: HTMLElement, results: readonly SearchResult[]): Promise<void> {
  el.empty();
  if (results.length === 0) return Promise.resolve();
  const groups = groupSourcesByNote(results);
  const details = el.createEl('details', { cls: 'ask-vault-sources', attr: { open: true } });
  details.createEl('summary', { text: `${t('chat.sources')} (${formatNumber(groups.length)})` });
  const list = details.createEl('ol', { cls: 'ask-vault-source-list' });
  for (const group of groups.slice(0, NOTES_SHOWN)) renderGroup(list.createEl('li', { cls: 'ask-vault-source' }), group);
  const rest = groups.slice(NOTES_SHOWN);
  if (rest.length === 0) return Promise.resolve();
  const more = details.createEl('details', { cls: 'ask-vault-sources-rest' });
  more.createEl('summary', { text: t('sources.more-notes', { n: rest.length }) });
  const restList = more.createEl('ol', { cls: 'ask-vault-source-list' });
  return macrotask().then(() => {
    // Replaced meanwhile (a new answer, a retry): nothing to add.
    if (!el.contains(details)) return;
    for (const group of rest) renderGroup(restList.createEl('li', { cls: 'ask-vault-source' }), group);
  });
}

/**
 * Shows passage `n` (1-based): unfolds what hides it, scrolls to it and marks it for a moment.
 * Returns it, or null when no passage has that number.
 */
export function revealPassage(el: HTMLElement, n: number): HTMLElement | null {
  const passage = el.querySelector<HTMLElement>(`.${PASSAGE_CLASS}[data-source="${n}"]`);
  if (!passage) return null;
  for (let p: HTMLElement | null = passage.parentElement; p && p !== el; p = p.parentElement) {
    if (p.tagName === 'DETAILS') (p as HTMLDetailsElement).open = true;
  }
  for (const other of Array.from(el.querySelectorAll(`.${PASSAGE_CLASS}.is-cited`))) other.removeClass('is-cited');
  passage.addClass('is-cited');
  passage.scrollIntoView?.({ block: 'nearest' });
  return passage;
}

function renderGroup(li: HTMLElement, group: SourceGroup): void {
  li.setAttr('data-path', group.path);
  const head = li.createDiv({ cls: 'ask-vault-source-head' });
  head.appendChild(sourceLink(group.best.result, group.title || withoutMdExtension(group.path), 'ask-vault-source-title'));
  const meta = li.createDiv({ cls: 'ask-vault-source-meta' });
  if (group.date !== undefined) meta.createSpan({ cls: 'ask-vault-source-date', text: formatDateInWords(group.date, currentLanguage()) });
  meta.createSpan({ cls: 'ask-vault-source-why', text: withRerankLabel(whyText(group), group.best.result) });
  renderPassage(li, group.best);
  if (group.others.length === 0) return;
  const others = li.createEl('details', { cls: 'ask-vault-source-more' });
  others.createEl('summary', { text: t('sources.more-passages', { n: group.others.length }) });
  for (const passage of group.others) renderPassage(others, passage);
}

function renderPassage(parent: HTMLElement, passage: SourcePassage): void {
  const { result, number } = passage;
  const el = parent.createDiv({ cls: PASSAGE_CLASS, attr: { 'data-source': String(number) } });
  setTooltip(el, t('chat.score', { score: formatNumber(result.score, currentLanguage(), 3) }));
  el.createSpan({ cls: 'ask-vault-source-number', text: String(number), attr: { 'aria-label': t('sources.number', { n: number }) } });
  const body = el.createDiv({ cls: 'ask-vault-passage-body' });
  if (result.headingPath.length > 0) body.appendChild(sourceLink(result, result.headingPath.join(' › '), 'ask-vault-passage-heading'));
  const spans = snippetSpans(result.text, SNIPPET_CHARS);
  if (spans.length > 0) renderSafeInline(body.createDiv({ cls: 'ask-vault-source-snippet' }), snippetInline(spans));
}

/** A link that opens the note at the passage. */
function sourceLink(result: SearchResult, text: string, cls: string): HTMLElement {
  const linktext = citationLinktext(result.path, result.heading);
  return createEl('a', {
    cls: ['internal-link', SOURCE_LINK_CLASS, cls],
    text,
    href: linktext,
    attr: { 'data-href': linktext, 'data-path': result.path, 'data-line': String(Math.max(0, result.lines[0] - 1)) },
  });
}

/** Why a note is among the sources, in the user's language. */
export function whyText(result: Pick<SearchResult, 'source' | 'via'>): string {
  const via = result.via ? noteName(result.via) : '';
  switch (result.source) {
    case 'lexical':
      return t('chat.why-lexical');
    case 'vector':
      return t('chat.why-vector');
    case 'hybrid':
      return t('chat.why-hybrid');
    case 'journal':
      return via ? t('chat.why-journal', { note: via }) : t('chat.why-journal-entry');
    case 'link':
      return via ? t('chat.why-link', { note: via }) : t('chat.why-hybrid');
  }
}

function noteName(path: string): string {
  return withoutMdExtension(path.split('/').pop() ?? path);
}
