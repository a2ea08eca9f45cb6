// The block structure of a note body, kept beside parsed notes for the chunker.
import type { Note } from '../types';
import { scanBody } from './body';

export type BlockKind = 'heading' | 'paragraph' | 'list' | 'item' | 'quote' | 'code' | 'table' | 'html' | 'rule';

/** A markdown block; lines are 0-based file lines (frontmatter counted), `end` exclusive. */
export interface Block {
  kind: BlockKind;
  start: number;
  end: number;
  /** Items of a list, blocks of an item or a quote. */
  children?: Block[];
}

// Notes are plain data (they cross worker boundaries and may be rebuilt from JSON), so the
// blocks live beside them rather than in them; a note parsed elsewhere is simply re-scanned.
const blocksByNote = new WeakMap<Note, Block[]>();

export function rememberBlocks(note: Note, blocks: Block[]): void {
  blocksByNote.set(note, blocks);
}

/** Top-level blocks of the note body, in order. */
export function noteBlocks(note: Note): Block[] {
  let blocks = blocksByNote.get(note);
  if (!blocks) {
    blocks = scanBody(note.lines, note.bodyStart).blocks;
    blocksByNote.set(note, blocks);
  }
  return blocks;
}
