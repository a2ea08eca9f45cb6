// A timeline answer in the panel: the intent it used and its counts, then a dated list of the
// journal entries, earliest first, each opening the entry at its passage on click (the answer
// block's source-link handler). Built with createEl: entry text is note text, never rendered.
import type { AnswerResponse } from '../../core/engine-types';
import { dayInWords, intentHeader } from '../../core/answer/timeline-text';
import { withoutMdExtension } from '../../core/answer/citation-link';
import { currentLanguage } from '../i18n';
import { citationLinktext } from './answer-markdown';
import { SOURCE_LINK_CLASS } from './sources-list';

const SENTENCE_CHARS = 280;

export function renderTimeline(el: HTMLElement, response: Pick<AnswerResponse, 'intent' | 'timeline' | 'timelineLines'>): void {
  el.empty();
  const lang = currentLanguage();
  el.createDiv({ cls: 'ask-vault-intent', text: intentHeader(response.intent, response.timeline, lang) });
  const lines = response.timelineLines ?? [];
  if (!response.timeline || lines.length === 0) return;
  const list = el.createEl('ol', { cls: 'ask-vault-timeline' });
  for (const line of lines) {
    const li = list.createEl('li', { cls: 'ask-vault-timeline-entry' });
    const d = new Date(line.date);
    const iso = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    li.createEl('time', { cls: 'ask-vault-timeline-date', text: dayInWords(line.date, lang), attr: { datetime: iso } });
    const linktext = citationLinktext(line.source.path, line.source.heading);
    li.createEl('a', {
      cls: ['internal-link', SOURCE_LINK_CLASS, 'ask-vault-timeline-link'],
      text: line.source.title || withoutMdExtension(line.source.path),
      href: linktext,
      attr: { 'data-href': linktext, 'data-path': line.source.path, 'data-line': String(Math.max(0, line.source.lines[0] - 1)) },
    });
    const sentence = line.sentence.length > SENTENCE_CHARS ? `${line.sentence.slice(0, SENTENCE_CHARS)}…` : line.sentence;
    if (sentence) li.createDiv({ cls: 'ask-vault-timeline-sentence', text: sentence });
  }
}
