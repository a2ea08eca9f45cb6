// Markdown text → Note: frontmatter, headings, links, tags and block ids, with file line numbers.
import type { Link, Note } from '../types';
import { rememberBlocks } from './blocks';
import { scanBodySteps } from './body';
import { parseFrontmatter, splitFrontmatter, type Frontmatter } from './frontmatter';
import { basenameOf, normalizeNoteText } from './text';
import { findWikilinks, parseWikilinkInner } from './wikilink';
import { runSteps, runStepsSliced, type Yielder } from '../util/yield';

/**
 * Parses a decoded note. `text` is normalised again (LF, NFC, no BOM) so the parser is safe to
 * call on text that did not come through `decodeNote`. Never throws on content.
 */
export function parseNote(path: string, text: string, hash: string): Note {
  return runSteps(parseSteps(path, text, hash));
}

/**
 * parseNote with `pause` awaited between its phases (frontmatter, markdown block structure,
 * inline content): the first note parsed runs the parsers' cold code (YAML, markdown-it), which
 * on a host's main thread is worth several tasks rather than one.
 */
export function parseNoteSliced(path: string, text: string, hash: string, pause: Yielder): Promise<Note> {
  return runStepsSliced(parseSteps(path, text, hash), pause);
}

/** The parse, yielding where a caller may pause. */
function* parseSteps(path: string, text: string, hash: string): Generator<void, Note> {
  const notePath = path.normalize('NFC');
  const lines = normalizeNoteText(text).split('\n');
  const { yaml, bodyStart } = splitFrontmatter(lines);
  const fm: Frontmatter = yaml === null ? { data: {}, aliases: [], tags: [] } : parseFrontmatter(yaml, 2);
  if (yaml !== null) yield;
  const body = yield* scanBodySteps(lines, bodyStart);
  const basename = basenameOf(notePath);

  const note: Note = {
    path: notePath,
    basename,
    title: basename,
    frontmatter: fm.data,
    aliases: fm.aliases,
    tags: mergeTags(fm.tags, body.tags),
    headings: body.headings,
    links: [...frontmatterLinks(fm.data, lines, bodyStart), ...body.links],
    blockIds: body.blockIds,
    lines,
    bodyStart,
    hash,
  };
  if (fm.error !== undefined) note.frontmatterError = fm.error;
  rememberBlocks(note, body.blocks);
  return note;
}

/** Frontmatter tags first, then inline tags; one entry per tag regardless of case (Obsidian's rule). */
function mergeTags(fromFrontmatter: string[], inline: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of [...fromFrontmatter, ...inline]) {
    const key = tag.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

const MAX_PROPERTY_DEPTH = 4;

/**
 * Obsidian links notes from properties such as `related: "[[Projet 20]]"`; they count as
 * ordinary links. The line is found by searching the frontmatter from the previous link's line,
 * which is linear because YAML values come out in document order.
 */
function frontmatterLinks(data: Record<string, unknown>, lines: readonly string[], bodyStart: number): Link[] {
  const links: Link[] = [];
  const first = 1;
  const end = bodyStart - 1;
  let cursor = first;
  const lineOf = (written: string): number => {
    for (let n = 0; n < end - first; n++) {
      const i = first + ((cursor - first + n) % (end - first));
      if (lines[i].includes(written)) return (cursor = i);
    }
    return 0;
  };
  const visit = (value: unknown, depth: number): void => {
    if (typeof value === 'string') {
      for (const { embed, inner } of findWikilinks(value)) {
        const parts = parseWikilinkInner(inner);
        if (parts) links.push({ kind: embed ? 'embed' : 'wikilink', ...parts, line: lineOf(`[[${inner}]]`) });
      }
    } else if (depth < MAX_PROPERTY_DEPTH && typeof value === 'object' && value !== null) {
      for (const v of Array.isArray(value) ? value : Object.values(value)) visit(v, depth + 1);
    }
  };
  visit(data, 0);
  return links;
}
