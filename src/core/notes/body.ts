// One pass over markdown-it's tokens: block tree, headings, links, inline tags and block ids.
import type { Token } from 'markdown-it';
import type { Heading, Link } from '../types';
import type { Block, BlockKind } from './blocks';
import { parseMarkdownSteps, type WikilinkMeta } from './markdown';
import { runSteps } from '../util/yield';
import { parseWikilinkInner } from './wikilink';

export interface BodyScan {
  blocks: Block[];
  headings: Heading[];
  links: Link[];
  /** Inline tags as written, without `#`, in order of appearance (duplicates kept). */
  tags: string[];
  blockIds: { id: string; line: number }[];
}

const CONTAINERS = new Map<string, BlockKind>([
  ['bullet_list_open', 'list'],
  ['ordered_list_open', 'list'],
  ['list_item_open', 'item'],
  ['blockquote_open', 'quote'],
]);
const CONTAINER_CLOSES = new Set(['bullet_list_close', 'ordered_list_close', 'list_item_close', 'blockquote_close']);
const LEAVES = new Map<string, BlockKind>([
  ['heading_open', 'heading'],
  ['paragraph_open', 'paragraph'],
  ['table_open', 'table'],
  ['fence', 'code'],
  ['code_block', 'code'],
  ['html_block', 'html'],
  ['hr', 'rule'],
]);

/** `lines` is the whole file; the body starts at `bodyStart`. Line numbers in the result are file lines. */
export function scanBody(lines: readonly string[], bodyStart: number): BodyScan {
  return runSteps(scanBodySteps(lines, bodyStart));
}

/** scanBody, yielding between markdown-it's phases (see parseMarkdownSteps). */
export function* scanBodySteps(lines: readonly string[], bodyStart: number): Generator<void, BodyScan> {
  const out: BodyScan = { blocks: [], headings: [], links: [], tags: [], blockIds: [] };
  const { tokens, tags } = yield* parseMarkdownSteps(lines.slice(bodyStart).join('\n'));
  out.tags = tags;
  const codeLines = new Uint8Array(lines.length);
  const containers: Block[] = [];
  let rowLine = bodyStart;

  const add = (block: Block): void => {
    const parent = containers[containers.length - 1];
    if (parent) (parent.children ??= []).push(block);
    else out.blocks.push(block);
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const map = t.map ? [t.map[0] + bodyStart, t.map[1] + bodyStart] : null;
    const container = CONTAINERS.get(t.type);
    if (container) {
      // Opens and closes must stay paired even if a token ever lacks its line map.
      const block: Block = { kind: container, start: map?.[0] ?? rowLine, end: map?.[1] ?? rowLine };
      add(block);
      containers.push(block);
      continue;
    }
    if (CONTAINER_CLOSES.has(t.type)) {
      containers.pop();
      continue;
    }
    let leaf = LEAVES.get(t.type);
    // A setext "heading" over several lines is nearly always prose followed by a stray `-` or
    // `---` line (common in notes written without blank lines); indexing it as a heading would
    // hide the paragraph in the heading path, so it stays a paragraph.
    if (leaf === 'heading' && map && (t.markup === '-' || t.markup === '=') && map[1] - map[0] > 2) leaf = 'paragraph';
    if (leaf && map) {
      add({ kind: leaf, start: map[0], end: map[1] });
      if (leaf === 'code') codeLines.fill(1, map[0], map[1]);
      if (leaf === 'heading' && containers.length === 0) {
        const inline = tokens[i + 1];
        out.headings.push({
          level: Number(t.tag.slice(1)),
          text: inline?.type === 'inline' ? inline.content.trim() : '',
          line: map[0],
        });
      }
      continue;
    }
    if (t.type === 'tr_open' && map) rowLine = map[0];
    else if (t.type === 'inline') scanInline(t, map ? map[0] : rowLine, out);
  }

  for (let line = bodyStart; line < lines.length; line++) {
    if (codeLines[line]) continue;
    const id = blockIdOf(lines[line]);
    if (id) out.blockIds.push({ id, line });
  }
  return out;
}

function scanInline(inline: Token, firstLine: number, out: BodyScan): void {
  const children = inline.children ?? [];
  const lineAt = lineLocator(inline.content, firstLine);
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (c.type === 'wikilink') {
      const meta = c.meta as WikilinkMeta;
      const parts = parseWikilinkInner(meta.inner);
      if (parts) out.links.push({ kind: meta.embed ? 'embed' : 'wikilink', ...parts, line: lineAt(meta.pos) });
    } else if (c.type === 'link_open' || c.type === 'image') {
      const href = c.attrGet(c.type === 'image' ? 'src' : 'href');
      const parts = typeof href === 'string' ? internalTarget(href) : null;
      if (!parts) continue;
      let alias: string;
      if (c.type === 'image') {
        alias = c.content;
      } else {
        // The link text is the flat run of children up to the matching link_close.
        alias = '';
        for (let j = i + 1; j < children.length && children[j].type !== 'link_close'; j++) {
          const d = children[j];
          if (d.type === 'softbreak' || d.type === 'hardbreak') alias += ' ';
          else alias += d.content;
        }
      }
      const link: Link = { kind: c.type === 'image' ? 'embed' : 'markdown', ...parts, line: lineAt(posOf(c)) };
      alias = alias.trim();
      if (alias) link.alias = alias;
      out.links.push(link);
    }
  }
}

function posOf(token: Token): number {
  const meta = token.meta as { pos?: number } | null;
  return meta?.pos ?? 0;
}

/** Maps an offset in an inline block's content to a file line (content lines are source lines). */
function lineLocator(content: string, firstLine: number): (pos: number) => number {
  let breaks: number[] | null = null;
  return (pos) => {
    if (breaks === null) {
      breaks = [];
      for (let i = content.indexOf('\n'); i >= 0; i = content.indexOf('\n', i + 1)) breaks.push(i);
    }
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (breaks[mid] < pos) lo = mid + 1;
      else hi = mid;
    }
    return firstLine + lo;
  };
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * A markdown link's destination when it points into the vault: no URL scheme (http:, mailto:,
 * obsidian:, a drive letter…), not protocol-relative. Percent-escapes are decoded because
 * Obsidian writes `Some%20note.md`.
 */
export function internalTarget(href: string): Pick<Link, 'target' | 'heading' | 'block'> | null {
  const raw = href.trim();
  if (!raw || SCHEME.test(raw) || raw.startsWith('//')) return null;
  const hash = raw.indexOf('#');
  const target = safeDecode(hash >= 0 ? raw.slice(0, hash) : raw).normalize('NFC').trim();
  const fragment = hash >= 0 ? safeDecode(raw.slice(hash + 1)).normalize('NFC').trim() : '';
  if (!target && !fragment) return null;
  const parts: Pick<Link, 'target' | 'heading' | 'block'> = { target };
  if (fragment.startsWith('^')) {
    if (fragment.length > 1) parts.block = fragment.slice(1);
  } else if (fragment) {
    parts.heading = fragment;
  }
  return parts;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const BLOCK_ID = /^[A-Za-z0-9-]+$/;

/** Obsidian block ids: `^id` ending a line, alone or after whitespace. */
function blockIdOf(line: string): string | null {
  const s = line.trimEnd();
  const caret = s.lastIndexOf('^');
  if (caret < 0 || caret === s.length - 1) return null;
  if (caret > 0 && !/\s/.test(s[caret - 1])) return null;
  const id = s.slice(caret + 1);
  return BLOCK_ID.test(id) ? id : null;
}
