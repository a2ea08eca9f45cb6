// The one spelling of a citation: `[[note#heading]]`, shared by the prompt (which
// tells the model what to write) and the checker (which verifies what it wrote).

import type { SearchResult } from '../types';

/**
 * A heading as it can appear after `#` in a wikilink: Obsidian cannot carry
 * `[ ] | # ^` there, and its own generated links turn them into spaces.
 */
export function linkSafeHeading(heading: string): string {
  return heading.replace(/[[\]|#^]/g, ' ').replace(/\s+/g, ' ').trim();
}

export function withoutMdExtension(path: string): string {
  return path.replace(/\.md$/i, '');
}

/**
 * `[[title#heading]]`, or `[[title]]` for text above the first heading.
 * Obsidian resolves a bare title vault-wide, so the title is preferred; pass
 * `byPath` when two cited notes share a title, to get `[[folder/title#heading]]`.
 */
export function citationLink(result: Pick<SearchResult, 'path' | 'title' | 'heading'>, opts: { byPath?: boolean } = {}): string {
  const target = opts.byPath || !result.title ? withoutMdExtension(result.path) : result.title;
  const heading = result.heading ? linkSafeHeading(result.heading) : '';
  return heading ? `[[${target}#${heading}]]` : `[[${target}]]`;
}
