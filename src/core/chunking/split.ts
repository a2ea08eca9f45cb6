// Cutting text that is too big for one chunk: into sentences, and only as a last resort into words.
import type { TokenCounter } from './tokens';

/** A contiguous piece of the note, as offsets into its text, with its token count. */
export interface Unit {
  from: number;
  to: number;
  tokens: number;
}

/**
 * ICU's sentence iterator slows down sharply on long strings (≈1 s for 250 KB, minutes for
 * 5 MB in V8), so text is segmented in windows. The window's last sentence may be cut by the
 * window edge, so it is segmented again at the start of the next window.
 */
const SEGMENT_WINDOW = 4096;

const segmenters = new Map<string, Intl.Segmenter | null>();

function sentenceSegmenter(lang: string): Intl.Segmenter | null {
  let s = segmenters.get(lang);
  if (s === undefined) {
    s = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(lang, { granularity: 'sentence' }) : null;
    segmenters.set(lang, s);
  }
  return s;
}

/** Sentence ranges of text[from, to), in order, covering it entirely. */
export function sentenceRanges(text: string, from: number, to: number, lang: string, minWindow = 0): [number, number][] {
  const segmenter = sentenceSegmenter(lang);
  if (!segmenter) return lineRanges(text, from, to);
  const window = Math.max(SEGMENT_WINDOW, minWindow);
  const out: [number, number][] = [];
  let start = from;
  while (start < to) {
    let end = Math.min(to, start + window);
    if (end < to && isLowSurrogate(text.charCodeAt(end))) end--;
    // Line breaks inside a paragraph are soft: a sentence may continue on the next line, and
    // ICU would otherwise end a sentence at every newline.
    const slice = text.slice(start, end).replace(/\n/g, ' ');
    const segments = Array.from(segmenter.segment(slice), (s) => [s.index, s.index + s.segment.length] as const);
    const keep = end < to && segments.length > 1 ? segments.length - 1 : segments.length;
    for (let i = 0; i < keep; i++) out.push([start + segments[i][0], start + segments[i][1]]);
    start = keep < segments.length ? start + segments[keep][0] : end;
  }
  return out;
}

function lineRanges(text: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let start = from;
  while (start < to) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 || nl >= to ? to : nl + 1;
    out.push([start, end]);
    start = end;
  }
  return out;
}

/**
 * Cuts text[from, to) between words into pieces of at most `budget` tokens. A single "word"
 * larger than the budget (a URL, base64) is cut by characters, never inside a surrogate pair.
 */
export function wordPieces(text: string, from: number, to: number, budget: number, count: TokenCounter): Unit[] {
  const out: Unit[] = [];
  // The piece being filled; leading whitespace belongs to the first one.
  let pieceFrom = from;
  let pieceTo = from;
  let pieceTokens = 0;
  // Matching on the slice, not on `text` from an offset: a greedy \S+ would otherwise run on
  // past `to` through the rest of a huge unspaced note, once per piece.
  const slice = text.slice(from, to);
  const word = /\S+\s*/g;
  for (let m = word.exec(slice); m !== null; m = word.exec(slice)) {
    const wordFrom = from + m.index;
    const wordTo = wordFrom + m[0].length;
    const tokens = count(m[0]);
    if (pieceTokens > 0 && pieceTokens + tokens > budget) {
      out.push({ from: pieceFrom, to: pieceTo, tokens: pieceTokens });
      pieceFrom = wordFrom;
      pieceTokens = 0;
    }
    if (tokens > budget) {
      out.push(...charPieces(text, pieceFrom, wordTo, tokens, budget, count));
      pieceFrom = pieceTo = wordTo;
      continue;
    }
    pieceTokens += tokens;
    pieceTo = wordTo;
  }
  if (pieceFrom < to) {
    if (pieceTokens > 0) out.push({ from: pieceFrom, to, tokens: pieceTokens });
    else if (out.length > 0) out[out.length - 1].to = to;
    else out.push({ from, to, tokens: count(text.slice(from, to)) });
  }
  return out;
}

function charPieces(text: string, from: number, to: number, tokens: number, budget: number, count: TokenCounter): Unit[] {
  const out: Unit[] = [];
  const step = Math.max(1, Math.floor(((to - from) * budget) / tokens));
  for (let start = from; start < to; ) {
    let end = Math.min(to, start + step);
    if (end < to && isLowSurrogate(text.charCodeAt(end)) && end - 1 > start) end--;
    out.push({ from: start, to: end, tokens: count(text.slice(start, end)) });
    start = end;
  }
  return out;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
