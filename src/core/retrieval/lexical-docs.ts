// How a stored chunk is presented to the lexical ranker.
import { foldAccents } from '../lexical/analyzer';
import type { LexicalDoc } from '../lexical/lexical-index';
import type { ChunkRecord, NoteRecord } from '../types';

const key = (s: string) => foldAccents(s.trim().toLowerCase());

export function lexicalDocsOf(record: NoteRecord): LexicalDoc[] {
  const title = record.meta.title;
  // Folded once per note: at open, 50k chunks would otherwise fold the same title 50k times.
  const titleKey = key(title);
  return record.chunks.map((c) => lexicalDocOf(record, c, title, titleKey));
}

function lexicalDocOf(record: NoteRecord, c: ChunkRecord, title: string, titleKey: string): LexicalDoc {
  return {
    id: c.id,
    path: record.path,
    title,
    aliases: record.meta.aliases,
    // A note's top heading often repeats its title; counting it twice would favour every chunk of
    // that note equally and drown the passage-level signal.
    headingPath: c.headingPath.filter((h) => key(h) !== titleKey),
    text: c.text,
  };
}
