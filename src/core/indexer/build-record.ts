// One note's bytes → the record the index keeps (meta for the graph, chunks with their cache keys).
import { decodeNote, parseNoteSliced } from '../notes';
import { chunkNote } from '../chunking';
import { detectJournal, paragraphAround, type JournalConfig } from '../journal';
import { sha256Hex } from '../util/hash';
import type { Yielder } from '../util/yield';
import type { LinkRef, Note, NoteRecord } from '../types';

export interface BuildOptions {
  chunkTokens: number;
  countTokens?: (text: string) => number;
  journal: JournalConfig;
  maxBytes?: number;
}

export type BuildResult =
  | { ok: true; record: NoteRecord; note: Note; embedTexts: Map<string, string> }
  | { ok: false; reason: string };

/**
 * `pause` is called between the steps (parsing, journal detection, chunking, link excerpts): on
 * the host's main thread, the first note alone runs the parsers' cold code, tens of ms at once.
 */
export async function buildRecord(
  file: { path: string; mtime: number; size: number },
  bytes: Uint8Array,
  opts: BuildOptions,
  hash?: string,
  pause: Yielder = noPause,
): Promise<BuildResult> {
  const decoded = decodeNote(bytes, opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : undefined);
  if (!decoded.ok) return { ok: false, reason: decoded.reason };
  const contentHash = hash ?? (await sha256Hex(bytes));
  await pause();
  const note = await parseNoteSliced(file.path, decoded.text, contentHash, pause);
  await pause();
  const journal = detectJournal({ path: note.path, basename: note.basename, frontmatter: note.frontmatter }, opts.journal);
  await pause();
  const chunks = chunkNote(note, {
    targetTokens: opts.chunkTokens,
    ...(opts.countTokens ? { countTokens: opts.countTokens } : {}),
  });
  const embedTexts = new Map<string, string>();
  const records = await Promise.all(
    chunks.map(async (c) => ({
      id: c.id,
      path: c.path,
      headingPath: c.headingPath,
      lines: c.lines,
      tokens: c.tokens,
      text: c.text,
      textHash: await hashEmbedText(c.embedText, embedTexts),
    })),
  );
  const links: LinkRef[] = [];
  for (const l of note.links) {
    const ref: LinkRef = { target: l.target, line: l.line + 1 };
    if (l.heading) ref.heading = l.heading;
    if (l.block) ref.block = l.block;
    if (journal) {
      // Journals keep the paragraph around each link: it is the context a topic note gains from them.
      const p = paragraphAround(note.lines, l.line, { needle: l.target });
      ref.excerpt = p.text;
      ref.excerptLines = p.lines;
      await pause();
    }
    links.push(ref);
  }
  const record: NoteRecord = {
    path: file.path,
    hash: contentHash,
    mtime: file.mtime,
    size: file.size,
    meta: {
      title: note.title,
      ...titleHeadingOf(note),
      aliases: note.aliases,
      tags: note.tags,
      links,
      ...(journal ? { journalDate: journal.date, journalVia: journal.via } : {}),
    },
    chunks: records,
  };
  return { ok: true, record, note, embedTexts };
}

const noPause: Yielder = () => Promise.resolve();

async function hashEmbedText(text: string, into: Map<string, string>): Promise<string> {
  const h = await sha256Hex(text);
  into.set(h, text);
  return h;
}

/** A `# Heading` that opens the note (only blank lines before it) is the note's displayed title. */
function titleHeadingOf(note: Note): { titleHeading?: string } {
  const first = note.headings[0];
  if (!first || first.level !== 1) return {};
  for (let i = note.bodyStart; i < first.line; i++) if (note.lines[i]?.trim()) return {};
  return { titleHeading: first.text };
}
