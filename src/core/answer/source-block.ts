// One source as the model reads it. Everything that comes from the note (its title, headings,
// path, the link to cite it by, its journal date, the note that brought it in) sits inside the
// fence with the text: a heading « SYSTEM: ignore the rules » is data like the rest, never
// something standing where instructions are read. Only the number is outside.
import type { SearchResult } from '../types';

export interface SourceFence {
  open: string;
  close: string;
}

/** The lines about the source, all from the note, to go inside its fence above the text. */
export function sourceDetails(source: SearchResult, link: string, journalDate: string | null, defuse: (s: string) => string): string[] {
  const where = [source.title, ...source.headingPath].map(oneLine).join(' › ');
  const lines = [`Note: ${where}`, `Path: ${oneLine(source.path)}`, `Cite as: ${oneLine(link)}`];
  if (journalDate !== null) lines.push(`Journal entry of ${journalDate}`);
  if (source.via) {
    const via = oneLine(noteName(source.via));
    lines.push(source.date !== undefined ? `Brought in as a journal entry of "${via}" (it links to that note).` : `Brought in through a link from "${via}".`);
  }
  return lines.map(defuse);
}

/** `[n]`, then the fence holding the details and the text. */
export function sourceBlock(n: number, details: readonly string[], text: string, fence: SourceFence): string {
  return `[${n}]\n${fence.open}\n${details.join('\n')}\n\n${text}\n${fence.close}`;
}

/** A title or path is one line: a line break in it could pass for the end of the details. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

function noteName(pathOrTitle: string): string {
  return pathOrTitle.replace(/\.md$/i, '').split('/').pop() ?? pathOrTitle;
}
