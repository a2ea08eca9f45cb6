// A checked answer as it is written into a note (a saved conversation, the clipboard): inert
// markdown (note-markdown.ts) where verified citations are the only links and unverified ones are
// marked as code, which Obsidian never turns into a link or an embed.
import { linkSafeHeading, withoutMdExtension } from '../answer/citation-link';
import type { SlotSegment } from './citation-slots';
import { inertCode, neutraliseSegments } from './note-markdown';

export type NoteSegment = SlotSegment & { path?: string; heading?: string; display?: string };

export interface AnswerNoteOptions {
  /** The markdown of verified citation `index` (default: a wikilink to the passage). */
  citation?: (index: number) => string;
}

export function answerAsNoteMarkdown(segments: readonly NoteSegment[], options: AnswerNoteOptions = {}): string {
  return neutraliseSegments(segments, {
    citation: (i) => {
      const s = segments[i];
      if (s.kind === 'citation' && options.citation) return options.citation(i);
      if (s.kind === 'citation' && s.path) return wikilinkTo(s.path, s.heading, s.display ?? '');
      return `⚠︎ ${inertCode((s.raw ?? '').replace(/^!?\[\[/, '').replace(/\]\]$/, '') || (s.raw ?? ''))} (unverified)`;
    },
  });
}

/**
 * `[[path#heading|display]]`; a path a wikilink cannot hold (`[`, `]`, `|`, `#`, `^`) becomes a
 * markdown link to the encoded path, so no file name can break out of its link.
 */
export function wikilinkTo(path: string, heading: string | undefined, display: string): string {
  const safeHeading = heading ? linkSafeHeading(heading) : '';
  const shown = display.replace(/[[\]|]/g, ' ').replace(/\s+/g, ' ').trim() || withoutMdExtension(path);
  if (/[[\]|#^\n\r]/.test(path)) {
    const target = encodeURI(path).replace(/[[\]|#^()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const anchor = safeHeading ? `#${encodeURIComponent(safeHeading)}` : '';
    return `[${shown.replace(/[\\`*_<>&$=~{}]/g, (c) => `\\${c}`)}](${target}${anchor})`;
  }
  const target = withoutMdExtension(path);
  return `[[${target}${safeHeading ? `#${safeHeading}` : ''}|${shown}]]`;
}
