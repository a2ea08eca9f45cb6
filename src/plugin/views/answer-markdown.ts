// Renders an answer's segments with Obsidian's markdown renderer, then puts the citations back as
// elements this plugin builds itself. Each citation travels through the renderer as an inline code
// span holding a random token (a code span is never reinterpreted, wherever it lands: paragraph,
// list, table), and comes out as a verified internal link or a visibly unverified mark.
import { MarkdownRenderer, setTooltip, type App, type Component } from 'obsidian';
import type { AnswerSegment } from '../../core/engine-types';
import type { BadCitationCode } from '../../core/answer/citations';
import { linkSafeHeading, withoutMdExtension } from '../../core/answer/citation-link';
import { t, type MessageKey } from '../i18n';
import { neutraliseMarkdown, sanitizeRendered } from './safe-markdown';

export const CITATION_CLASS = 'ask-vault-citation';
export const BAD_CITATION_CLASS = 'ask-vault-bad-citation';

export interface RenderTarget {
  app: App;
  /** The note links are resolved from ('' for none). */
  sourcePath: string;
  /** Owns whatever the renderer attaches (embeds, post-processors); unloaded with it. */
  component: Component;
}

/** `folder/note#Heading`: the link text a verified citation opens. */
export function citationLinktext(path: string, heading?: string): string {
  const safe = heading ? linkSafeHeading(heading) : '';
  return safe ? `${withoutMdExtension(path)}#${safe}` : withoutMdExtension(path);
}

/** Renders `segments` into `el` (emptied first). */
export async function renderAnswerSegments(el: HTMLElement, segments: readonly AnswerSegment[], target: RenderTarget): Promise<void> {
  const token = randomToken();
  const placeholder = (i: number) => `⟦${token}:${i}⟧`;
  const markdown = segments
    .map((segment, i) => (segment.kind === 'text' ? segment.text : `\`${placeholder(i)}\``))
    .join('');

  el.empty();
  await MarkdownRenderer.render(target.app, neutraliseMarkdown(markdown), el, target.sourcePath, target.component);
  sanitizeRendered(el);

  const pattern = new RegExp(`^⟦${token}:(\\d+)⟧$`);
  for (const code of Array.from(el.querySelectorAll('code'))) {
    const match = pattern.exec(code.textContent ?? '');
    const segment = match ? segments[Number(match[1])] : undefined;
    if (!segment || segment.kind === 'text') continue;
    code.replaceWith(segment.kind === 'citation' ? citationLink(segment) : badCitationMark(segment));
  }
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

function randomToken(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
