// A passage of a note as a reader sees it in a one-line preview: links read as their display
// text, emphasis stays emphasis, list markers, quote markers and headings' hashes go. The result
// is plain spans (no HTML, no URL), so whatever renders it can fetch nothing.
import MarkdownIt, { type Token } from 'markdown-it';
import type { SafeInline } from '../render/safe-tree';

type MarkdownItInstance = InstanceType<typeof MarkdownIt>;

export interface SnippetSpan {
  text: string;
  strong?: boolean;
  em?: boolean;
  code?: boolean;
}

// Built on first use, not when main.js loads.
let md: MarkdownItInstance | null = null;

/** `[[target#heading|alias]]` and `![[…]]`, as Obsidian shows them: the alias, else `target › heading`. */
const WIKILINK = /!?\[\[([^\]\n]*?)\]\]/g;

function wikilinkDisplay(inner: string): string {
  const pipe = inner.indexOf('|');
  if (pipe >= 0 && inner.slice(pipe + 1).trim()) return inner.slice(pipe + 1).trim();
  const reference = pipe >= 0 ? inner.slice(0, pipe) : inner;
  const [target = '', ...headings] = reference.split('#').map((part) => part.trim());
  const name = (target.split('/').pop() ?? target).replace(/\.md$/i, '');
  return [name, ...headings.filter((h) => h && !h.startsWith('^'))].filter(Boolean).join(' › ');
}

/** Escapes what markdown-it would read as syntax in a link's display text. */
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>!#|~=]/g, (c) => `\\${c}`);
}

/**
 * The spans of `markdown` (a passage), whitespace collapsed, cut at `maxChars` characters of text
 * with an ellipsis. Wikilinks and markdown links become their display text, images their alt text.
 */
export function snippetSpans(markdown: string, maxChars = 220): SnippetSpan[] {
  const source = markdown.replace(WIKILINK, (_whole, inner: string) => escapeInline(wikilinkDisplay(inner)));
  const spans: SnippetSpan[] = [];
  let used = 0;
  let cut = false;
  const push = (text: string, style: Omit<SnippetSpan, 'text'>) => {
    if (cut || !text) return;
    const last = spans[spans.length - 1];
    let piece = text.replace(/\s+/g, ' ');
    if ((last === undefined || /\s$/.test(last.text)) && used === 0) piece = piece.replace(/^ /, '');
    if (last && / $/.test(last.text) && piece.startsWith(' ')) piece = piece.slice(1);
    if (!piece) return;
    if (used + piece.length > maxChars) {
      piece = `${piece.slice(0, Math.max(0, maxChars - used)).trimEnd()}…`;
      cut = true;
    }
    used += piece.length;
    if (last && !!last.strong === !!style.strong && !!last.em === !!style.em && !!last.code === !!style.code) last.text += piece;
    else spans.push({ text: piece, ...style });
  };

  let tokens: Token[];
  try {
    md ??= new MarkdownIt('default', { html: false, linkify: false, typographer: false, maxNesting: 40 });
    tokens = md.parse(source, {});
  } catch {
    tokens = [];
  }
  for (const token of tokens) {
    if (cut) break;
    if (token.type === 'inline') {
      inlineSpans(token.children ?? [], push);
      push(' ', {});
    } else if (token.type === 'fence' || token.type === 'code_block') {
      push(token.content, { code: true });
      push(' ', {});
    }
  }
  const last = spans[spans.length - 1];
  if (last) last.text = last.text.trimEnd();
  if (last && !last.text) spans.pop();
  return spans;
}

function inlineSpans(children: Token[], push: (text: string, style: Omit<SnippetSpan, 'text'>) => void): void {
  let strong = 0;
  let em = 0;
  const style = () => ({ ...(strong > 0 ? { strong: true } : {}), ...(em > 0 ? { em: true } : {}) });
  children.forEach((child, i) => {
    switch (child.type) {
      case 'strong_open': strong++; break;
      case 'strong_close': strong = Math.max(0, strong - 1); break;
      case 'em_open': em++; break;
      case 'em_close': em = Math.max(0, em - 1); break;
      case 'code_inline': push(child.content, { ...style(), code: true }); break;
      case 'image': push(child.content, style()); break;
      case 'softbreak':
      case 'hardbreak': push(' ', {}); break;
      case 'text':
        // A task's checkbox ("[x] Lire…") says nothing in a one-line preview.
        push(i === 0 ? child.content.replace(TASK_BOX, '') : child.content, style());
        break;
      case 'html_inline': push(child.content, style()); break;
      default: break;
    }
  });
}

const TASK_BOX = /^\[[ xX/-]\]\s+/;

/** The spans as the safe renderer's inline nodes (code inside emphasis inside strong), for the panel. */
export function snippetInline(spans: readonly SnippetSpan[]): SafeInline[] {
  return spans.map((span) => {
    let node: SafeInline = span.code ? { type: 'code', text: span.text } : { type: 'text', text: span.text };
    if (span.em) node = { type: 'em', children: [node] };
    if (span.strong) node = { type: 'strong', children: [node] };
    return node;
  });
}

/** The spans as plain text (the CLI, tooltips, tests). */
export function snippetPlainText(spans: readonly SnippetSpan[]): string {
  return spans.map((s) => s.text).join('');
}
