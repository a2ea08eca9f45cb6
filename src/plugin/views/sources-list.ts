// The "Sources" section under an answer: each retrieved passage with its note, heading, journal
// date, score and the reason it was retrieved. A click opens the note at the passage.
import type { SearchResult } from '../../core/types';
import { withoutMdExtension } from '../../core/answer/citation-link';
import { currentLanguage, formatNumber, t } from '../i18n';
import { citationLinktext } from './answer-markdown';
import { withRerankLabel } from './rerank-label';

export const SOURCE_LINK_CLASS = 'ask-vault-source-link';
const SNIPPET_CHARS = 180;

export function renderSources(el: HTMLElement, results: readonly SearchResult[]): void {
  el.empty();
  if (results.length === 0) return;
  const details = el.createEl('details', { cls: 'ask-vault-sources', attr: { open: true } });
  details.createEl('summary', { text: `${t('chat.sources')} (${formatNumber(results.length)})` });
  const list = details.createEl('ol', { cls: 'ask-vault-source-list' });
  for (const result of results) renderSource(list.createEl('li', { cls: 'ask-vault-source' }), result);
}

function renderSource(li: HTMLElement, result: SearchResult): void {
  const head = li.createDiv({ cls: 'ask-vault-source-head' });
  const linktext = citationLinktext(result.path, result.heading);
  head.createEl('a', {
    cls: ['internal-link', SOURCE_LINK_CLASS],
    text: [result.title || withoutMdExtension(result.path), ...result.headingPath].join(' › '),
    href: linktext,
    attr: { 'data-href': linktext, 'data-path': result.path, 'data-line': String(Math.max(0, result.lines[0] - 1)) },
  });
  const meta = li.createDiv({ cls: 'ask-vault-source-meta' });
  if (result.date !== undefined) meta.createSpan({ cls: 'ask-vault-source-date', text: formatDate(result.date) });
  meta.createSpan({ cls: 'ask-vault-source-why', text: withRerankLabel(whyText(result), result) });
  meta.createSpan({ cls: 'ask-vault-source-score', text: t('chat.score', { score: formatNumber(result.score, currentLanguage(), 3) }) });
  const snippet = result.text.replace(/\s+/g, ' ').trim();
  if (snippet) {
    li.createDiv({ cls: 'ask-vault-source-snippet', text: snippet.length > SNIPPET_CHARS ? `${snippet.slice(0, SNIPPET_CHARS)}…` : snippet });
  }
}

/** Why a passage is among the sources, in the user's language. */
export function whyText(result: SearchResult): string {
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

function formatDate(ms: number): string {
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'full', timeStyle: 'short' }).format(new Date(ms));
}
