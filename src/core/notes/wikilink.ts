// The inside of `[[…]]`, shared by the markdown parser and frontmatter properties.

export interface WikilinkParts {
  target: string;
  heading?: string;
  block?: string;
  alias?: string;
}

/**
 * Splits `target#heading|alias` or `target#^block|alias` (Obsidian's order: the alias
 * comes after the first `|`, the subpath after the first `#` of what remains).
 * Returns null when nothing is linked (`[[]]`, `[[|x]]`, `[[#]]`).
 */
export function parseWikilinkInner(inner: string): WikilinkParts | null {
  let linkpart = inner;
  let alias: string | undefined;
  const bar = inner.indexOf('|');
  if (bar >= 0) {
    // In tables Obsidian users escape the pipe as `\|`; the backslash belongs to the syntax.
    linkpart = inner.slice(0, bar).replace(/\\$/, '');
    alias = inner.slice(bar + 1).trim() || undefined;
  }
  let target = linkpart;
  let heading: string | undefined;
  let block: string | undefined;
  const hash = linkpart.indexOf('#');
  if (hash >= 0) {
    target = linkpart.slice(0, hash);
    const sub = linkpart.slice(hash + 1).trim();
    if (sub.startsWith('^')) block = sub.slice(1).trim() || undefined;
    else heading = sub || undefined;
  }
  target = target.trim();
  if (!target && !heading && !block) return null;
  const parts: WikilinkParts = { target };
  if (heading !== undefined) parts.heading = heading;
  if (block !== undefined) parts.block = block;
  if (alias !== undefined) parts.alias = alias;
  return parts;
}

/** Finds `[[…]]` and `![[…]]` in a single-line string (frontmatter values). Linear: each scan resumes after the last match. */
export function findWikilinks(text: string): { embed: boolean; inner: string }[] {
  const out: { embed: boolean; inner: string }[] = [];
  let pos = 0;
  for (;;) {
    const open = text.indexOf('[[', pos);
    if (open < 0) break;
    const close = text.indexOf(']]', open + 2);
    if (close < 0) break;
    // `[[a [[b]]`: the innermost opener is the link, as in Obsidian.
    const innerOpen = text.lastIndexOf('[[', close - 1);
    const start = innerOpen > open ? innerOpen : open;
    const inner = text.slice(start + 2, close);
    if (!inner.includes('\n')) out.push({ embed: start > 0 && text[start - 1] === '!', inner });
    pos = close + 2;
  }
  return out;
}
