// Citations cross the markdown parser as slots: each non-text segment of a checked answer becomes
// a random, purely alphanumeric placeholder, which no markdown rule splits or reinterprets wherever
// it lands (paragraph, table cell, link text, code). Whoever walks the parsed tokens puts the
// citation back from the slot, so a citation can never be lost or shown as its placeholder.
import type { CitationSegment } from '../answer/citations';

/** The part of a segment the slots need: the answer engine's and the checker's both fit. */
export type SlotSegment = Pick<CitationSegment, 'kind'> & { text?: string; raw?: string };

export interface CitationSlots {
  /** The answer's markdown, each non-text segment replaced by its placeholder. */
  markdown: string;
  /** Splits `text` into plain strings and slot numbers (indexes into the segments). */
  split(text: string): Array<string | number>;
  /** What the model wrote for slot `index` (for code, where a citation is only text). */
  raw(index: number): string;
  /** Every slot, in order. */
  readonly indexes: readonly number[];
}

export function citationSlots(segments: readonly SlotSegment[], token = randomToken()): CitationSlots {
  const placeholder = (i: number) => `AVSLOT${token}N${i}X`;
  const markdown = segments.map((s, i) => (s.kind === 'text' ? (s.text ?? '') : placeholder(i))).join('');
  const pattern = new RegExp(`AVSLOT${token}N(\\d+)X`, 'g');
  const valid = (i: number) => i < segments.length && segments[i].kind !== 'text';
  const indexes = segments.flatMap((s, i) => (s.kind === 'text' ? [] : [i]));
  return {
    markdown,
    indexes,
    split(text) {
      const out: Array<string | number> = [];
      let last = 0;
      for (const m of text.matchAll(pattern)) {
        const index = Number(m[1]);
        if (!valid(index)) continue;
        if (m.index > last) out.push(text.slice(last, m.index));
        out.push(index);
        last = m.index + m[0].length;
      }
      if (last < text.length) out.push(text.slice(last));
      return out;
    },
    raw(index) {
      return segments[index]?.raw ?? '';
    },
  };
}

/**
 * The slots a walker never met: markdown can drop text (the cells of a table row beyond its
 * header, for one), and a citation must not go with it.
 */
export function unmetSlots(slots: CitationSlots | undefined, met: ReadonlySet<number>): number[] {
  return slots ? slots.indexes.filter((i) => !met.has(i)) : [];
}

/** Replaces every slot in `text` by what `fill` returns for it. */
export function fillSlots(slots: CitationSlots | undefined, text: string, fill: (index: number) => string): string {
  if (!slots) return text;
  return slots.split(text).map((part) => (typeof part === 'number' ? fill(part) : part)).join('');
}

function randomToken(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
