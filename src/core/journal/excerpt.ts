// The paragraph of a journal entry around a link: what the user wrote about the
// linked note that day. It is shown under the note in answers and fed to the model,
// so it is kept to one coherent block and bounded in size.

export interface Excerpt {
  text: string;
  /** 1-based inclusive line range of `text` in the file (as LinkRef.excerptLines and JournalMention.lines). */
  lines: [number, number];
}

export interface ExcerptOptions {
  /** Upper bound on the excerpt's length; longer blocks are trimmed around the link's line. Default 1,200. */
  maxChars?: number;
  /** Text to centre on when the link's line alone is longer than `maxChars` (e.g. the link target). */
  needle?: string;
}

export const DEFAULT_EXCERPT_CHARS = 1200;

const HEADING = /^\s{0,3}#{1,6}(?:\s|$)/;
const LIST_ITEM = /^(\s*)(?:[-*+]|\d{1,9}[.)])(?:\s|$)/;
const FENCE = /^\s{0,3}(?:`{3,}|~{3,})/;
const THEMATIC_BREAK = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;

type Kind = 'blank' | 'heading' | 'item' | 'fence' | 'break' | 'text';

/**
 * The block around 0-based `line0`: the list item holding it with its children, the
 * heading with its section's first paragraph when the link is in a heading, else the
 * blank-line delimited paragraph. Never crosses a heading, a code fence or a
 * frontmatter boundary. A line out of range gives an empty excerpt.
 */
export function paragraphAround(lines: readonly string[], line0: number, opts: ExcerptOptions = {}): Excerpt {
  const maxChars = Math.max(1, opts.maxChars ?? DEFAULT_EXCERPT_CHARS);
  if (!Number.isInteger(line0) || line0 < 0 || line0 >= lines.length) {
    const at = Math.min(Math.max(Number.isInteger(line0) ? line0 : 0, 0), Math.max(lines.length - 1, 0)) + 1;
    return { text: '', lines: [at, at] };
  }
  const kinds = classify(lines);
  const [start, end] = blockBounds(lines, kinds, line0);
  return bound(lines, start, end, line0, maxChars, opts.needle);
}

function classify(lines: readonly string[]): Kind[] {
  const kinds: Kind[] = [];
  let inFence = false;
  let fenceChar = '';
  // Frontmatter reads as its own blocks: its closing `---` must not glue it to the body.
  const frontmatterEnd = lines[0]?.trim() === '---' ? lines.findIndex((l, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(l)) : -1;
  lines.forEach((line, i) => {
    if (i === 0 && frontmatterEnd > 0) return void kinds.push('break');
    if (i === frontmatterEnd) return void kinds.push('break');
    const fence = FENCE.exec(line);
    if (fence) {
      const ch = fence[0].trim()[0] ?? '';
      if (!inFence) {
        inFence = true;
        fenceChar = ch;
        return void kinds.push('fence');
      }
      if (ch === fenceChar) {
        inFence = false;
        return void kinds.push('fence');
      }
    }
    if (line.trim() === '') return void kinds.push('blank');
    if (inFence) return void kinds.push('text');
    if (HEADING.test(line)) return void kinds.push('heading');
    if (THEMATIC_BREAK.test(line)) return void kinds.push('break');
    if (LIST_ITEM.test(line)) return void kinds.push('item');
    kinds.push('text');
  });
  return kinds;
}

const isBoundary = (k: Kind | undefined) => k === undefined || k === 'blank' || k === 'heading' || k === 'fence' || k === 'break';

function indentOf(line: string): number {
  return (/^\s*/.exec(line)?.[0] ?? '').replace(/\t/g, '    ').length;
}

function blockBounds(lines: readonly string[], kinds: Kind[], line0: number): [number, number] {
  const kind = kinds[line0];
  if (kind === 'heading') {
    // The heading names the section; its first paragraph says what it is about.
    let j = line0 + 1;
    while (kinds[j] === 'blank') j++;
    if (j >= lines.length || isBoundary(kinds[j])) return [line0, line0];
    const [, end] = blockBounds(lines, kinds, j);
    return [line0, end];
  }
  if (kind === 'blank' || kind === 'fence' || kind === 'break') return [line0, line0];

  // Inside a list: climb to the item that holds this line (continuation lines belong to the item above).
  let i = line0;
  while (i >= 0 && kinds[i] === 'text') i--;
  if (i >= 0 && kinds[i] === 'item') {
    const itemIndent = indentOf(lines[i] ?? '');
    let j = i + 1;
    while (j < lines.length && !isBoundary(kinds[j]) && !(kinds[j] === 'item' && indentOf(lines[j] ?? '') <= itemIndent)) j++;
    return [i, j - 1];
  }

  let start = line0;
  while (start > 0 && !isBoundary(kinds[start - 1])) start--;
  let end = line0;
  while (end < lines.length - 1 && !isBoundary(kinds[end + 1])) end++;
  return [start, end];
}

function bound(lines: readonly string[], start: number, end: number, line0: number, maxChars: number, needle?: string): Excerpt {
  const size = (a: number, b: number) => lines.slice(a, b + 1).reduce((n, l) => n + l.trimEnd().length + 1, -1);
  if (size(start, end) <= maxChars) return make(lines, start, end);

  const own = (lines[line0] ?? '').trimEnd();
  if (own.length > maxChars) return { text: cutAround(own, maxChars, needle), lines: [line0 + 1, line0 + 1] };

  // Grow from the link's line, one line above then one below, while it fits.
  let a = line0;
  let b = line0;
  for (let grew = true; grew; ) {
    grew = false;
    if (a > start && size(a - 1, b) <= maxChars) {
      a--;
      grew = true;
    }
    if (b < end && size(a, b + 1) <= maxChars) {
      b++;
      grew = true;
    }
  }
  return make(lines, a, b);
}

function make(lines: readonly string[], start: number, end: number): Excerpt {
  let a = start;
  let b = end;
  while (a < b && (lines[a] ?? '').trim() === '') a++;
  while (b > a && (lines[b] ?? '').trim() === '') b--;
  const text = lines
    .slice(a, b + 1)
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
  return { text, lines: [a + 1, b + 1] };
}

/** A window of `maxChars` of a long line, centred on `needle` when found, cut at word boundaries. */
function cutAround(line: string, maxChars: number, needle?: string): string {
  const at = needle ? line.toLowerCase().indexOf(needle.toLowerCase()) : -1;
  const centre = at >= 0 ? at + Math.floor((needle?.length ?? 0) / 2) : 0;
  const budget = Math.max(1, maxChars - 2); // room for the two ellipses
  let from = Math.max(0, Math.min(centre - Math.floor(budget / 2), line.length - budget));
  let to = Math.min(line.length, from + budget);
  if (from > 0) {
    const space = line.indexOf(' ', from);
    if (space >= 0 && space < at && space - from < 40) from = space + 1;
  }
  if (to < line.length) {
    const space = line.lastIndexOf(' ', to);
    if (space > from && to - space < 40 && (at < 0 || space > at + (needle?.length ?? 0))) to = space;
  }
  return `${from > 0 ? '…' : ''}${line.slice(from, to).trim()}${to < line.length ? '…' : ''}`;
}
