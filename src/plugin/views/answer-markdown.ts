// Renders an answer's segments through the allow-list renderer (../render/safe-dom.ts), never
// through MarkdownRenderer, so no other plugin's processor sees the model's text. Each citation
// crosses the markdown parser as a slot and comes out as an element built here: a verified
// internal link or a visibly unverified mark.
import { setTooltip, type App, type Component } from 'obsidian';
import type { AnswerSegment } from '../../core/engine-types';
import type { BadCitationCode } from '../../core/answer/citations';
import { linkSafeHeading, withoutMdExtension } from '../../core/answer/citation-link';
import { citationSlots } from '../../core/render/citation-slots';
import { t, type MessageKey } from '../i18n';
import { renderSafeMarkdown } from '../render/safe-dom';

export const CITATION_CLASS = 'ask-vault-citation';
export const BAD_CITATION_CLASS = 'ask-vault-bad-citation';

export interface RenderTarget {
  app: App;
  /** The note links are resolved from ('' for none). */
  sourcePath: string;
  /** Owns what the render attaches (nothing today; kept for the callers' lifecycle). */
  component: Component;
}

/** `folder/note#Heading`: the link text a verified citation opens. */
export function citationLinktext(path: string, heading?: string): string {
  const safe = heading ? linkSafeHeading(heading) : '';
  return safe ? `${withoutMdExtension(path)}#${safe}` : withoutMdExtension(path);
}

/** Renders `segments` into `el` (emptied first). */
export function renderAnswerSegments(el: HTMLElement, segments: readonly AnswerSegment[], _target?: RenderTarget): Promise<void> {
  el.empty();
  const slots = citationSlots(segments);
  renderSafeMarkdown(el, slots.markdown, {
    slots,
    citation: (i) => {
      const segment = segments[i];
      if (segment.kind === 'citation') return citationLink(segment);
      if (segment.kind === 'bad-citation') return badCitationMark(segment);
      return document.createTextNode(segment.text);
    },
  });
  return Promise.resolve();
}

function citationLink(segment: Extract<AnswerSegment, { kind: 'citation' }>): HTMLElement {
  const linktext = citationLinktext(segment.path, segment.heading);
  // The cited note and source number, so a click can land on the passage (see citedPassage).
  const source = (segment as { source?: number }).source;
  const attr = { 'data-href': linktext, 'data-path': segment.path, 'data-heading': segment.heading ?? '', ...(source ? { 'data-source': String(source) } : {}) };
  return createEl('a', { cls: ['internal-link', CITATION_CLASS], text: segment.display, href: linktext, attr });
}

const BAD_REASON_KEYS: Record<BadCitationCode, MessageKey> = {
  malformed: 'citation.malformed',
  unsafe: 'citation.unsafe',
  'not-a-source': 'citation.not-a-source',
  'no-such-note': 'citation.no-such-note',
  ambiguous: 'citation.ambiguous',
  'heading-not-found': 'citation.heading-not-found',
  'no-such-source': 'citation.no-such-source',
};

function badCitationMark(segment: Extract<AnswerSegment, { kind: 'bad-citation' }>): HTMLElement {
  const code = (segment as { code?: BadCitationCode }).code;
  const reason = code ? t(BAD_REASON_KEYS[code]) : segment.reason;
  const span = createSpan({ cls: BAD_CITATION_CLASS, text: `⚠︎ ${segment.raw}` });
  span.setAttr('data-reason', code ?? 'unverified');
  setTooltip(span, t('common.label-value', { label: t('chat.unverified-citation'), value: reason }));
  return span;
}
