// The term cache: every indexed document's terms (DocTerms), keyed by the fingerprint of its
// field values, so that opening an index analyses only the documents it has not seen. It is a
// cache and nothing more: entries are found by content, not by path or generation, so one
// written before the latest edits still serves every unchanged document; a file that is
// missing, damaged, or written by another analyser is ignored and the documents are analysed.
//
// File (gzip; its CRC-32 catches damage): "AVTC", then unsigned LEB128 varints: the header's
// byte length and the header (JSON: format, analyser signature, fields, counts), the terms
// (byte length, then UTF-8 joined by line breaks), per document its fingerprint (high and low
// 32 bits) and its DocTerms, term ids numbering the terms as listed; last, the raw tokens the
// analyser met (byte length, UTF-8) and for each its term id + 1, or 0 when it was dropped.
import { analyzeIn, tokensFor, type AnalyzerOptions } from './analyzer';
import { newDocTerms, type DocTerms, type TermDictionary } from './doc-terms';
import type { Yielder } from '../util/yield';
import { gunzip, gzip } from '../util/gzip';

export const TERM_CACHE_FILE = 'cache/lexical-terms.bin.gz';

/** Bump when DocTerms or this layout change meaning. 2: raw tokens tagged with their language, acronyms in capitals. */
const FORMAT = 2;
const MAGIC = [0x41, 0x56, 0x54, 0x43]; // "AVTC"
// A millisecond or two of work once compiled (the first slices run colder).
const DOCS_BETWEEN_PAUSES = 128;
const TOKENS_BETWEEN_PAUSES = 4096;

/**
 * Words that exercise every step of the analyser (elision, stop words, Snowball, accent
 * folding, apostrophes, digits): an upgraded stemmer or stop list changes their terms, and the
 * signature with them, so a cache of the old analyser is never read.
 */
const PROBE =
  "L'entraînement d'un modèle qu'aujourd'hui j’utilise : les élèves étaient naïvement " +
  "heureuses, ÉTÉ 2024, cœur, l'IA et j'ai; the running dogs weren't happily jumping, Ritu's team’s 3 ideas, it's US IT AI OKRs";

export function analyzerSignature(options: AnalyzerOptions, fields: readonly string[]): string {
  return JSON.stringify({
    format: FORMAT,
    options: [options.foldAccents, options.elision, options.stopWords, options.stopList, options.stemming, options.languages, options.possessives, options.acronyms],
    fields,
    tokens: tokensFor(PROBE, options),
    // As a French text and as an English one: each language's stop list, stemmer and rules.
    terms: analyzeIn(PROBE, 'fr', options),
    english: analyzeIn(PROBE, 'en', options),
  });
}

export class TermCacheError extends Error {}


/** The cache's bytes for these documents' terms (each fingerprint once). */
export async function encodeTermCache(
  entries: Iterable<{ fingerprint: number; terms: DocTerms }>,
  dictionary: TermDictionary,
  signature: string,
  fieldCount: number,
  pause: Yielder,
): Promise<Uint8Array> {
  const body = new ByteWriter();
  const seen = new Set<number>();
  // Live term id → id in the file, numbered as first met, so frequent terms get short varints.
  const local = new Map<number, number>();
  let docs = 0;
  for (const { fingerprint, terms } of entries) {
    if (seen.has(fingerprint)) continue;
    seen.add(fingerprint);
    body.varint(Math.floor(fingerprint / 0x1_0000_0000));
    body.varint(fingerprint >>> 0);
    const head = 2 * fieldCount;
    for (let i = 0; i < head; i++) body.varint(terms[i]);
    for (let p = head; p < terms.length; p += 2) {
      let id = local.get(terms[p]);
      if (id === undefined) {
        id = local.size;
        local.set(terms[p], id);
      }
      body.varint(id);
      body.varint(terms[p + 1]);
    }
    if (++docs % DOCS_BETWEEN_PAUSES === 0) await pause();
  }
  // The raw tokens met and their terms, so that questions after the next opening find them
  // analysed (a cold Snowball costs the first question about 0.2 s at 50k chunks).
  const tokens = new ByteWriter();
  const tokenList: string[] = [];
  for (const [token, id] of dictionary.tokens()) {
    let ref = 0;
    if (id >= 0) {
      let l = local.get(id);
      if (l === undefined) {
        l = local.size;
        local.set(id, l);
      }
      ref = l + 1;
    }
    tokens.varint(ref);
    tokenList.push(token);
    if (tokenList.length % TOKENS_BETWEEN_PAUSES === 0) await pause();
  }
  const words = [...local.keys()].map((id) => dictionary.term(id));
  // Terms and tokens are letters, digits and apostrophes; a separator inside one would misalign every id.
  if (words.some((w) => w.includes('\n')) || tokenList.some((t) => t.includes('\n'))) throw new TermCacheError('a term or token holds a line break');
  const termBytes = new TextEncoder().encode(words.join('\n'));
  const tokenBytes = new TextEncoder().encode(tokenList.join('\n'));
  const header = new TextEncoder().encode(JSON.stringify({ format: FORMAT, signature, fields: fieldCount, terms: local.size, docs, tokens: tokenList.length }));
  const out = new ByteWriter();
  out.bytes(Uint8Array.from(MAGIC));
  out.varint(header.length);
  out.bytes(header);
  out.varint(termBytes.length);
  out.bytes(termBytes);
  out.bytes(body.result());
  out.varint(tokenBytes.length);
  out.bytes(tokenBytes);
  out.bytes(tokens.result());
  return gzip([out.result()]);
}

/**
 * Terms by fingerprint, with ids of `dictionary`. Throws TermCacheError (one line, for the log)
 * when the bytes are not a whole cache of this analyser.
 */
export async function decodeTermCache(
  data: Uint8Array,
  dictionary: TermDictionary,
  signature: string,
  fieldCount: number,
  pause: Yielder,
): Promise<Map<number, DocTerms>> {
  const bytes = await gunzipChecked(data);
  const r = new ByteReader(bytes);
  for (const b of MAGIC) if (r.byte() !== b) throw new TermCacheError('not a term cache');
  let header: { format?: unknown; signature?: unknown; fields?: unknown; terms?: unknown; docs?: unknown; tokens?: unknown };
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(r.bytes(r.varint()))) as typeof header;
  } catch {
    throw new TermCacheError('bad header');
  }
  if (header.format !== FORMAT) throw new TermCacheError(`format ${String(header.format)}, expected ${FORMAT}`);
  if (header.signature !== signature) throw new TermCacheError('written by another analyser');
  if (header.fields !== fieldCount || !isCount(header.terms) || !isCount(header.docs) || !isCount(header.tokens)) throw new TermCacheError('bad header');
  // Counts are checked against the bytes left before anything is allocated for them: each term,
  // document and token takes at least one byte, a document at least 2 + 2 × fields.
  if (header.terms + header.tokens > r.remaining() || header.docs * (2 + 2 * fieldCount) > r.remaining()) throw new TermCacheError('counts exceed the data');
  const words = r.lines(header.terms, 'term');
  const ids = Uint32Array.from(words, (w) => dictionary.idOf(w));

  const out = new Map<number, DocTerms>();
  const head = 2 * fieldCount;
  const lengths = new Uint32Array(head);
  for (let doc = 0; doc < header.docs; doc++) {
    const fingerprint = r.varint() * 0x1_0000_0000 + r.varint();
    let count = 0;
    for (let i = 0; i < head; i++) {
      lengths[i] = r.varint();
      if (i >= fieldCount) count += lengths[i];
    }
    if (2 * count > r.remaining()) throw new TermCacheError('counts exceed the data');
    const terms = newDocTerms(head + 2 * count);
    terms.set(lengths);
    for (let p = head; p < terms.length; p += 2) {
      const local = r.varint();
      if (local >= ids.length) throw new TermCacheError('term id out of range');
      terms[p] = ids[local];
      terms[p + 1] = r.varint();
    }
    out.set(fingerprint, terms);
    if (doc % DOCS_BETWEEN_PAUSES === DOCS_BETWEEN_PAUSES - 1) await pause();
  }
  const tokens = r.lines(header.tokens, 'token');
  const refs = tokens.map(() => r.varint());
  if (!r.atEnd()) throw new TermCacheError('trailing bytes');
  if (refs.some((ref) => ref > ids.length)) throw new TermCacheError('term id out of range');
  // Only now that the whole file is known good.
  for (let i = 0; i < tokens.length; i++) {
    dictionary.rememberToken(tokens[i], refs[i] === 0 ? -1 : ids[refs[i] - 1]);
    if (i % TOKENS_BETWEEN_PAUSES === TOKENS_BETWEEN_PAUSES - 1) await pause();
  }
  return out;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

async function gunzipChecked(bytes: Uint8Array): Promise<Uint8Array> {
  try {
    return await gunzip(bytes);
  } catch {
    throw new TermCacheError('bad gzip data');
  }
}

class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.len + n, 2 * this.buf.length));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Unsigned LEB128, for values below 2³². */
  varint(v: number): void {
    this.room(5);
    while (v >= 0x80) {
      this.buf[this.len++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.len++] = v;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  result(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

class ByteReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  byte(): number {
    if (this.pos >= this.buf.length) throw new TermCacheError('truncated');
    return this.buf[this.pos++];
  }

  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    let v = 0;
    for (let scale = 1; pos < buf.length && scale <= 0x1000_0000; scale *= 0x80) {
      const b = buf[pos++];
      v += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (v > 0xffff_ffff) break;
        this.pos = pos;
        return v;
      }
    }
    throw new TermCacheError(pos >= buf.length ? 'truncated' : 'bad varint');
  }

  remaining(): number {
    return this.buf.length - this.pos;
  }

  bytes(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw new TermCacheError('truncated');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** `count` strings, stored as their UTF-8 byte length and the strings joined by line breaks. */
  lines(count: number, what: string): string[] {
    let block: string;
    try {
      block = new TextDecoder('utf-8', { fatal: true }).decode(this.bytes(this.varint()));
    } catch (err) {
      if (err instanceof TermCacheError) throw err;
      throw new TermCacheError(`bad ${what} list`);
    }
    const out = count === 0 ? [] : block.split('\n');
    if (out.length !== count || (count === 0 && block !== '')) throw new TermCacheError(`${what} count does not match the header`);
    return out;
  }

  atEnd(): boolean {
    return this.pos === this.buf.length;
  }
}
