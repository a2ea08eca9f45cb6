// A notes segment: `{"notes": NoteRecord[]}` as JSON, gzipped where the runtime offers
// CompressionStream (Node ≥ 18, Chromium/Electron, Safari ≥ 16.4). Chunk texts are most of the
// index after the vectors, and French prose compresses about 3:1, which is what keeps a
// 50k-chunk index near 100 MB. The reader recognises gzip by its magic bytes, not by name.
import type { ChunkRecord, LinkRef, NoteMeta, NoteRecord } from '../types';
import { IndexCorruptError } from './manifest';
import type { Yielder } from '../util/yield';
import { canCompress, gunzip, gzip, isGzip } from '../util/gzip';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });


export interface EncodedSegment {
  data: Uint8Array;
  /** Bytes before compression. */
  weight: number;
  compressed: boolean;
}

/**
 * Serialised and encoded one record at a time, with `pause` awaited between them: a whole
 * segment at once (up to a megabyte of JSON, then its UTF-8) was one long task on a host's
 * main thread.
 */
export async function encodeNoteSegment(records: readonly NoteRecord[], compress = canCompress, pause?: Yielder): Promise<EncodedSegment> {
  // The bytes of JSON.stringify({ notes: records }); gzipped, in ASCII (see asciiJson).
  const stringify = compress ? asciiJson : (v: unknown) => JSON.stringify(v);
  const parts = [encoder.encode('{"notes":[')];
  for (const [i, record] of records.entries()) {
    const json = stringify(record);
    parts.push(encoder.encode(i === 0 ? json : `,${json}`));
    await pause?.();
  }
  parts.push(encoder.encode(']}'));
  const weight = parts.reduce((n, p) => n + p.length, 0);
  if (!compress) return { data: concat(parts, weight), weight, compressed: false };
  return { data: await gzip(parts), weight, compressed: true };
}

const NON_ASCII = /[\u0080-\uffff]/g;

/**
 * JSON.stringify with every non-ASCII character written as a \u escape. Reading ASCII bytes
 * is a copy into a one-byte string, where UTF-8 with accents must be transcoded to a two-byte
 * string of twice the size; French prose (a few percent accented letters) then loads with
 * less decoding and less garbage (−8% CPU for a 50k-chunk open), for about 3% more bytes
 * before gzip and under 1% after. Without gzip nothing absorbs those 3%, so segments written
 * uncompressed (runtimes without CompressionStream, where disk is the scarcer resource) stay
 * plain JSON. Any JSON reader reads both, so older segments and older readers are unaffected.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function decodeNoteSegment(file: string, data: Uint8Array): Promise<NoteRecord[]> {
  let json = data;
  if (isGzip(data)) {
    if (!canCompress) throw new IndexCorruptError(file, 'compressed, and this runtime cannot decompress');
    try {
      json = await gunzip(data);
    } catch {
      throw new IndexCorruptError(file, 'bad gzip data');
    }
  }
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(json));
  } catch {
    throw new IndexCorruptError(file, 'bad JSON');
  }
  const notes = (raw as { notes?: unknown } | null)?.notes;
  if (!Array.isArray(notes)) throw new IndexCorruptError(file, 'no notes list');
  notes.forEach((n, i) => {
    const problem = noteProblem(n);
    if (problem) throw new IndexCorruptError(file, `note ${i}: ${problem}`);
  });
  return notes as NoteRecord[];
}

/** Checks the shape the rest of the core relies on; returns what is wrong, or undefined. */
function noteProblem(n: unknown): string | undefined {
  if (!isObject(n)) return 'not an object';
  if (typeof n.path !== 'string' || n.path === '') return 'bad path';
  if (typeof n.hash !== 'string' || !isNumber(n.mtime) || !isNumber(n.size)) return 'bad hash, mtime or size';
  const metaProblem = metaProblemOf(n.meta);
  if (metaProblem) return `meta: ${metaProblem}`;
  if (!Array.isArray(n.chunks)) return 'no chunks';
  for (const c of n.chunks as unknown[]) {
    const problem = chunkProblem(c, n.path);
    if (problem) return `chunk: ${problem}`;
  }
  return undefined;
}

function metaProblemOf(m: unknown): string | undefined {
  if (!isObject(m)) return 'not an object';
  const meta = m as Partial<NoteMeta>;
  if (typeof meta.title !== 'string') return 'bad title';
  if (!isStrings(meta.aliases) || !isStrings(meta.tags)) return 'bad aliases or tags';
  if (!Array.isArray(meta.links) || !meta.links.every(isLinkRef)) return 'bad links';
  if (meta.journalDate !== undefined && !isNumber(meta.journalDate)) return 'bad journal date';
  return undefined;
}

function isLinkRef(l: unknown): boolean {
  if (!isObject(l)) return false;
  const link = l as Partial<LinkRef>;
  return (
    typeof link.target === 'string' &&
    isNumber(link.line) &&
    (link.excerpt === undefined || typeof link.excerpt === 'string') &&
    (link.excerptLines === undefined || isRange(link.excerptLines))
  );
}

function chunkProblem(c: unknown, path: string): string | undefined {
  if (!isObject(c)) return 'not an object';
  const chunk = c as Partial<ChunkRecord>;
  if (typeof chunk.id !== 'string' || chunk.path !== path) return 'bad id or path';
  if (!isStrings(chunk.headingPath) || !isRange(chunk.lines) || !isNumber(chunk.tokens)) return `${chunk.id}: bad headings, lines or tokens`;
  if (typeof chunk.text !== 'string' || typeof chunk.textHash !== 'string') return `${chunk.id}: bad text or hash`;
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function isRange(v: unknown): v is [number, number] {
  return Array.isArray(v) && v.length === 2 && isNumber(v[0]) && isNumber(v[1]);
}
