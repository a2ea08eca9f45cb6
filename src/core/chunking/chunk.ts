// Note → chunks: one heading section gives one or more chunks, cut at block, then sentence,
// then (only for a sentence longer than the hard limit) word boundaries.
import { noteBlocks, type Block } from '../notes/blocks';
import type { Chunk, Heading, Note } from '../types';
import { SourceText } from './source';
import { sentenceRanges, wordPieces, type Unit } from './split';
import { CHARS_PER_TOKEN, estimateTokens, type TokenCounter } from './tokens';

/** Fits e5's 512-token window with room for the title, heading path and `passage: ` prefix. */
export const DEFAULT_CHUNK_TOKENS = 256;

export interface ChunkOptions {
  /** Aimed-for size of a chunk's embedText. */
  targetTokens: number;
  /** Hard limit for blocks kept whole (code, tables, long sentences); default 2 × target. */
  maxTokens?: number;
  /** The embedding model's tokenizer when loaded; `estimateTokens` otherwise. */
  countTokens?: TokenCounter;
  /** Language for sentence boundaries (BCP 47); the vault is French by default. */
  lang?: string;
}

interface Section {
  headingPath: string[];
  blocks: Block[];
}

interface Budget {
  /** Tokens of text a chunk aims for once its title and heading path are counted. */
  target: number;
  /** Tokens of text a whole code block, table or sentence may reach before it is cut. */
  max: number;
}

export function chunkNote(note: Note, opts: ChunkOptions): Chunk[] {
  const target = opts.targetTokens;
  if (!Number.isFinite(target) || target < 1) throw new RangeError(`targetTokens must be a positive number, got ${target}`);
  const max = Math.max(target, opts.maxTokens ?? 2 * target);
  const count = opts.countTokens ?? estimateTokens;
  const lang = opts.lang ?? 'fr';
  const source = new SourceText(note.lines);
  const chunks: Chunk[] = [];

  for (const section of sectionsOf(noteBlocks(note), note.headings)) {
    const prefix = embedPrefix(note.title, section.headingPath);
    const prefixTokens = count(prefix);
    // A long heading path must not starve the text: keep at least half the target for it.
    const textTarget = Math.max(target - prefixTokens, Math.ceil(target / 2));
    const budget: Budget = { target: textTarget, max: Math.max(max - prefixTokens, textTarget) };
    const units = section.blocks.flatMap((b) => unitsOf(b, source, budget, count, lang));
    for (const piece of pack(units, budget.target)) {
      const [from, to] = source.trim(piece.from, piece.to);
      if (from === to) continue;
      const text = source.text.slice(from, to);
      const embedText = prefix + text;
      chunks.push({
        id: `${note.path}#${chunks.length}`,
        path: note.path,
        title: note.title,
        headingPath: section.headingPath,
        text,
        embedText,
        lines: [source.lineOf(from) + 1, source.lineOf(to - 1) + 1],
        tokens: count(embedText),
      });
    }
  }
  return chunks;
}

/** `${title}\n${headingPath}\n\n` – deterministic, since its hash keys the vector cache. */
export function embedPrefix(title: string, headingPath: readonly string[]): string {
  return headingPath.length > 0 ? `${title}\n${headingPath.join(' > ')}\n\n` : `${title}\n\n`;
}

/**
 * Splits top-level blocks at headings. The heading path is the stack of enclosing headings:
 * a heading closes every open heading of the same or a deeper level.
 */
function sectionsOf(blocks: readonly Block[], headings: readonly Heading[]): Section[] {
  const byLine = new Map(headings.map((h) => [h.line, h]));
  const sections: Section[] = [];
  const stack: Heading[] = [];
  let current: Section = { headingPath: [], blocks: [] };
  for (const block of blocks) {
    if (block.kind !== 'heading') {
      if (block.kind !== 'rule') current.blocks.push(block);
      continue;
    }
    if (current.blocks.length > 0) sections.push(current);
    const heading = byLine.get(block.start);
    if (heading) {
      while (stack.length > 0 && stack[stack.length - 1].level >= heading.level) stack.pop();
      if (heading.text) stack.push(heading);
    }
    current = { headingPath: stack.map((h) => h.text), blocks: [] };
  }
  if (current.blocks.length > 0) sections.push(current);
  return sections;
}

/**
 * The pieces a block may be cut into, coarsest first: the whole block if it fits, else its
 * items or inner blocks, else its sentences. Code and tables stay whole up to the hard limit.
 */
function unitsOf(block: Block, source: SourceText, budget: Budget, count: TokenCounter, lang: string): Unit[] {
  let last = block.end - 1;
  while (last >= block.start && source.isBlankLine(last)) last--;
  if (last < block.start) return [];
  const from = source.lineStart(block.start);
  const to = source.lineEnd(last);
  // No tokenizer packs 64 characters into a token: spare it megabyte-long inputs.
  const tokens = to - from > budget.max * 64 ? Infinity : count(source.text.slice(from, to));
  if (tokens <= budget.target) return [{ from, to, tokens }];

  switch (block.kind) {
    case 'code':
    case 'table':
      if (tokens <= budget.max) return [{ from, to, tokens }];
      return lineUnits(block.start, last, source, budget, count);
    case 'list':
    case 'item':
    case 'quote': {
      const inner = (block.children ?? []).flatMap((c) => unitsOf(c, source, budget, count, lang));
      if (inner.length === 0) return textUnits(from, to, source, budget, count, lang);
      // Markers or lines outside the children (a bare `-`, an empty `>`) stay with their neighbours.
      inner[0].from = Math.min(inner[0].from, from);
      inner[inner.length - 1].to = Math.max(inner[inner.length - 1].to, to);
      return inner;
    }
    default:
      return textUnits(from, to, source, budget, count, lang);
  }
}

/** Sentences of a paragraph; a sentence over the hard limit is the only thing cut mid-sentence. */
function textUnits(from: number, to: number, source: SourceText, budget: Budget, count: TokenCounter, lang: string): Unit[] {
  const out: Unit[] = [];
  // Windows large enough that a sentence under the hard limit is never cut by a window edge.
  const minWindow = Math.ceil(budget.max * CHARS_PER_TOKEN * 2);
  for (const [s, e] of sentenceRanges(source.text, from, to, lang, minWindow)) {
    const tokens = count(source.text.slice(s, e));
    if (tokens <= budget.max) out.push({ from: s, to: e, tokens });
    else out.push(...wordPieces(source.text, s, e, budget.target, count));
  }
  return out;
}

/** Rows of an oversized table or lines of an oversized code block. */
function lineUnits(first: number, last: number, source: SourceText, budget: Budget, count: TokenCounter): Unit[] {
  const out: Unit[] = [];
  for (let line = first; line <= last; line++) {
    const from = source.lineStart(line);
    const to = source.lineEnd(line);
    const tokens = count(source.text.slice(from, to));
    if (tokens <= budget.max) out.push({ from, to, tokens });
    else out.push(...wordPieces(source.text, from, to, budget.target, count));
  }
  return out;
}

/**
 * Greedy packing in reading order: a chunk grows while it stays within the target. A unit
 * above the target (a whole code block, a long sentence) becomes a chunk of its own.
 */
function pack(units: readonly Unit[], target: number): Unit[] {
  const out: Unit[] = [];
  let cur: Unit | null = null;
  for (const u of units) {
    if (cur !== null && cur.tokens + u.tokens <= target) {
      cur = { from: cur.from, to: u.to, tokens: cur.tokens + u.tokens };
    } else {
      if (cur !== null) out.push(cur);
      cur = { ...u };
    }
  }
  if (cur !== null) out.push(cur);
  return out;
}
