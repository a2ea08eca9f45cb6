// An answer as it goes into a note: each verified citation becomes a footnote reference, and the
// footnotes link to the cited passages (`[^1]: [[note#heading]]`). Numbers continue after the
// note's own numbered footnotes, so inserting twice never mixes two answers' references.
import type { AnswerSegment } from '../../core/engine-types';
import { linkSafeHeading } from '../../core/answer/citation-link';
import { answerAsNoteMarkdown, wikilinkTo } from '../../core/render/answer-note';

export interface FootnotedAnswer {
  /** The answer text with `[^n]` references. */
  body: string;
  /** One `[^n]: [[…]]` line per cited passage, in order of first citation. */
  definitions: string[];
}

/** The link text of a note as the vault would write it (shortest unambiguous, no `.md`). */
export type LinktextFor = (path: string) => string;

export function answerWithFootnotes(segments: readonly AnswerSegment[], opts: { firstNumber: number; linktext: LinktextFor }): FootnotedAnswer {
  const numbers = new Map<string, number>();
  const definitions: string[] = [];
  const refs: string[] = [];
  let lastRef = '';
  segments.forEach((segment, i) => {
    refs[i] = '';
    if (segment.kind !== 'citation') {
      lastRef = '';
      return;
    }
    const heading = segment.heading ? linkSafeHeading(segment.heading) : '';
    const target = `${opts.linktext(segment.path)}${heading ? `#${heading}` : ''}`;
    let n = numbers.get(target);
    if (n === undefined) {
      n = opts.firstNumber + numbers.size;
      numbers.set(target, n);
      definitions.push(`[^${n}]: ${footnoteLink(target)}`);
    }
    const ref = `[^${n}]`;
    // "[1][1]" after merging two citations of one passage reads as a typo.
    refs[i] = ref === lastRef ? '' : ref;
    lastRef = ref;
  });
  // The answer goes into the user's own note: neutralised, so nothing in it loads or runs there.
  const body = answerAsNoteMarkdown(segments, { citation: (i) => refs[i] });
  return { body, definitions };
}

/** `[[target]]`, or a markdown link when the link text holds what a wikilink cannot. */
function footnoteLink(target: string): string {
  return /[[\]|\n\r]/.test(target) ? wikilinkTo(target, undefined, target) : `[[${target}]]`;
}

/** The first footnote number free in `doc`: one more than the highest numbered `[^n]`. */
export function nextFootnoteNumber(doc: string): number {
  let highest = 0;
  for (const m of doc.matchAll(/\[\^(\d{1,6})\]/g)) highest = Math.max(highest, Number(m[1]));
  return highest + 1;
}
