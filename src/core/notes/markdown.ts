// markdown-it configured for Obsidian notes: CommonMark block structure plus inline rules for
// wikilinks, embeds and tags. Doing these as inline rules (rather than regexes over the text)
// means code spans, escapes and link destinations are excluded exactly as the renderer does.
import MarkdownIt, { type StateInline, type Token } from 'markdown-it';
import { runSteps } from '../util/yield';

type MarkdownItInstance = InstanceType<typeof MarkdownIt>;

/**
 * Token depth at which lists and quotes stop nesting: deep enough for any real note (a list
 * level costs two). Deeper markers are read as plain text, which bounds recursion on hostile
 * input such as 10,000 nested quotes or lists and, unlike markdown-it's own `maxNesting`
 * (which drops the rest of the document once hit), keeps everything after them.
 */
const MAX_BLOCK_DEPTH = 32;
/** markdown-it's own backstop, never reached thanks to the limit above. */
const MAX_NESTING = 100;

// Type aliases, not interfaces, so they fit markdown-it's `Record<string, unknown>` meta.
export type WikilinkMeta = {
  embed: boolean;
  inner: string;
  /** Offset of the token in its inline block's content, to recover the line. */
  pos: number;
};

/** What the inline rules collect beside the token stream. */
export type ScanEnv = {
  /** Inline tags as written, without `#`, in order. */
  tags: string[];
};

// Built on first parse, not when main.js loads (a markdown-it instance and its rule chains).
let parser: MarkdownItInstance | null = null;

function markdownIt(): MarkdownItInstance {
  if (parser) return parser;
  const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false, maxNesting: MAX_NESTING });
  md.inline.ruler.before('link', 'wikilink', wikilinkRule);
  md.inline.ruler.before('link', 'tag', tagRule);
  stampLinkPositions(md, 'link');
  stampLinkPositions(md, 'image');
  limitDepth(md, 'list');
  limitDepth(md, 'blockquote');
  parser = md;
  return md;
}

/** Block and inline tokens of a markdown body (no frontmatter), and its inline tags. */
export function parseMarkdown(body: string): { tokens: Token[]; tags: string[] } {
  return runSteps(parseMarkdownSteps(body));
}

/**
 * parseMarkdown, yielding after each of markdown-it's core rules (block structure, inline
 * content…): what `md.parse` does, one rule at a time.
 */
export function* parseMarkdownSteps(body: string): Generator<void, { tokens: Token[]; tags: string[] }> {
  const env: ScanEnv = { tags: [] };
  const md = markdownIt();
  const state = new md.core.State(body, md, env);
  for (const rule of md.core.ruler.getRules('')) {
    rule(state);
    yield;
  }
  return { tokens: state.tokens, tags: env.tags };
}

const BANG = 0x21;
const HASH = 0x23;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const NEWLINE = 0x0a;

function wikilinkRule(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  let start = state.pos;
  const embed = src.charCodeAt(start) === BANG;
  if (embed) start++;
  if (src.charCodeAt(start) !== OPEN || src.charCodeAt(start + 1) !== OPEN) return false;
  // A wikilink never spans lines and cannot contain `[[`; stopping there keeps the scan linear
  // because the next attempt starts where this one gave up.
  let i = start + 2;
  const max = state.posMax;
  for (; i < max - 1; i++) {
    const c = src.charCodeAt(i);
    if (c === NEWLINE) return false;
    if (c === OPEN && src.charCodeAt(i + 1) === OPEN) return false;
    if (c === CLOSE && src.charCodeAt(i + 1) === CLOSE) break;
  }
  if (i >= max - 1) return false;
  if (!silent) {
    const token = state.push('wikilink', '', 0);
    const meta: WikilinkMeta = { embed, inner: src.slice(start + 2, i), pos: state.pos };
    token.meta = meta;
    token.content = src.slice(state.pos, i + 2);
  }
  state.pos = i + 2;
  return true;
}

// Obsidian tags: letters (any script), digits, `_`, `-`, `/`; at least one non-digit.
const TAG_BODY = /[\p{L}\p{M}\p{N}_\-/]+/uy;
const HAS_LETTER = /[\p{L}\p{M}]/u;

function tagRule(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const pos = state.pos;
  if (src.charCodeAt(pos) !== HASH) return false;
  if (pos > 0 && !/\s/.test(src[pos - 1])) return false;
  TAG_BODY.lastIndex = pos + 1;
  const m = TAG_BODY.exec(src);
  if (!m) return false;
  const end = Math.min(pos + 1 + m[0].length, state.posMax);
  const tag = src.slice(pos + 1, end);
  if (!HAS_LETTER.test(tag)) return false;
  // Tags stay plain text in the token stream (one token per tag made tag-dense notes slow);
  // a non-silent call happens exactly once per source position, so each tag is listed once.
  if (!silent) {
    (state.env as ScanEnv).tags.push(tag);
    state.pending += src.slice(pos, end);
  }
  state.pos = end;
  return true;
}

/**
 * markdown-it does not record where inline tokens start. Wrapping the link and image rules
 * lets the parser put the source offset on `link_open`/`image` tokens, so a link's line is
 * exact even after a multi-line code span.
 */
function stampLinkPositions(md: MarkdownItInstance, name: 'link' | 'image'): void {
  const ruler = md.inline.ruler;
  const rule = ruler.__rules__.find((r) => r.name === name);
  if (!rule) throw new Error(`markdown-it has no inline rule named ${name}`);
  const original = rule.fn;
  ruler.at(name, (state, silent) => {
    const pos = state.pos;
    const from = state.tokens.length;
    const ok = original(state, silent);
    if (ok && !silent) {
      for (let i = from; i < state.tokens.length; i++) {
        const t = state.tokens[i];
        if (t.type === 'link_open' || t.type === 'image') {
          t.meta = { ...(t.meta as object | null), pos };
          break;
        }
      }
    }
    return ok;
  }, { alt: rule.alt });
}

function limitDepth(md: MarkdownItInstance, name: 'list' | 'blockquote'): void {
  const ruler = md.block.ruler;
  const rule = ruler.__rules__.find((r) => r.name === name);
  if (!rule) throw new Error(`markdown-it has no block rule named ${name}`);
  const original = rule.fn;
  // `at` replaces the rule's alternates too; keep them so lists and quotes can still interrupt paragraphs.
  ruler.at(name, (state, startLine, endLine, silent) => state.level < MAX_BLOCK_DEPTH && original(state, startLine, endLine, silent), {
    alt: rule.alt,
  });
}
