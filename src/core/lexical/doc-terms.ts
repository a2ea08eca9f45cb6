// What indexing a document derives from its fields, computed once and kept: the lexical index
// is rebuilt from these at open (see bulk-load.ts) and they are what the term cache persists, so
// the analyser (tokenising, elision, stop words, Snowball) runs only on text it has not seen.
import { analyzeToken, languageOf, rememberToken, tokensFor, type AnalyzerOptions, type Language } from './analyzer';
import type { Yielder } from '../util/yield';

/**
 * One document's terms, laid out for F fields as
 * `[length_0 … length_{F-1}, count_0 … count_{F-1}, (termId, frequency) × Σcount]`:
 * per field, its length as MiniSearch measures it (distinct raw tokens, stop words included)
 * and its distinct terms in order of first occurrence. That order is the order in which
 * MiniSearch's add() would meet them, which bulk-load.ts reproduces.
 */
export type DocTerms = Uint32Array;

/**
 * Room for a DocTerms. They are views into shared blocks: an ArrayBuffer of its own per
 * document would be an allocation outside the JS heap each, and 50k of them weigh on the GC.
 * A block lives as long as one of its views does, a few hundred KB at most per live document.
 */
export function newDocTerms(length: number): DocTerms {
  if (arenaUsed + length > arena.length) {
    arena = new Uint32Array(Math.max(ARENA_BLOCK, length));
    arenaUsed = 0;
  }
  const out = arena.subarray(arenaUsed, arenaUsed + length);
  arenaUsed += length;
  return out;
}

const ARENA_BLOCK = 1 << 16;
let arena = new Uint32Array(0);
let arenaUsed = 0;

/** Term ids of one analyser: the same id for the same term, in every document of a ranker. */
export class TermDictionary {
  private readonly ids = new Map<string, number>();
  private readonly list: string[] = [];
  /** Per language, raw token → term id, or -1 when the analyser drops it; on top of analyzeToken's own memo, it saves a second lookup. */
  private readonly byToken: Record<Language, Map<string, number>> = { fr: new Map(), en: new Map() };

  constructor(readonly analyzer: AnalyzerOptions) {}

  get size(): number {
    return this.list.length;
  }

  term(id: number): string {
    return this.list[id];
  }

  idOf(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(term);
      this.ids.set(term, id);
    }
    return id;
  }

  /** Raw tokens met, each after its language's tag (see languageTag), with their term ids (-1: dropped by the analyser). */
  *tokens(): IterableIterator<[string, number]> {
    for (const lang of LANGUAGES) for (const [token, id] of this.byToken[lang]) yield [LANGUAGE_TAG[lang] + token, id];
  }

  /** Records a tagged token's term id found earlier by the same analyser (the term cache); an unknown tag is ignored. */
  rememberToken(tagged: string, id: number): void {
    const lang = TAG_LANGUAGE[tagged[0]];
    if (!lang) return;
    const map = this.byToken[lang];
    const token = tagged.slice(1);
    if (map.size < TOKEN_MEMO_LIMIT && !map.has(token)) {
      map.set(token, id);
      rememberToken(token, id < 0 ? null : this.term(id), this.analyzer, lang);
    }
  }

  tokenId(token: string, lang: Language): number {
    const map = this.byToken[lang];
    let id = map.get(token);
    if (id === undefined) {
      const term = analyzeToken(token, this.analyzer, lang);
      id = term ? this.idOf(term) : -1;
      // Bounded like the analyser's memo; term ids themselves stay valid.
      if (map.size >= TOKEN_MEMO_LIMIT) map.clear();
      map.set(token, id);
    }
    return id;
  }
}

const LANGUAGES: readonly Language[] = ['fr', 'en'];
const LANGUAGE_TAG: Record<Language, string> = { fr: 'f', en: 'e' };
const TAG_LANGUAGE: Record<string, Language | undefined> = { f: 'fr', e: 'en' };

/**
 * The language a document is analysed in, from its body (the last field): a title or a heading
 * is too short to tell, and a chunk's language must not depend on anything but its own fields,
 * which key the term cache.
 */
export function documentLanguage(fields: readonly string[], opts: AnalyzerOptions): Language {
  return opts.languages === 'union' ? 'fr' : languageOf(fields[fields.length - 1] ?? '');
}

const TOKEN_MEMO_LIMIT = 200_000;
/** Words the analyser has not met cost up to a few hundred µs each (Snowball); pause after this many. */
const TOKENS_BETWEEN_PAUSES = 16;

/** Turns documents' field values into DocTerms, pausing while it meets many new words. */
export class DocAnalyzer {
  private counts = new Uint32Array(1024);

  constructor(readonly dictionary: TermDictionary) {}

  /** Synchronous: for a few documents, or when the words are known. */
  analyze(fields: readonly string[]): DocTerms {
    const opts = this.dictionary.analyzer;
    const lang = documentLanguage(fields, opts);
    const tokens = fields.map((f) => tokensFor(f, opts));
    return this.count(
      tokens,
      tokens.map((list) => list.map((t) => this.dictionary.tokenId(t, lang))),
    );
  }

  /** The same terms as analyze(), awaiting `pause` every few words. */
  async analyzeSliced(fields: readonly string[], pause: Yielder): Promise<DocTerms> {
    const opts = this.dictionary.analyzer;
    const lang = documentLanguage(fields, opts);
    const tokens = fields.map((f) => tokensFor(f, opts));
    const ids: number[][] = [];
    let n = 0;
    for (const list of tokens) {
      const out: number[] = [];
      for (let i = 0; i < list.length; i++) {
        out.push(this.dictionary.tokenId(list[i], lang));
        // A few ms at most while the words are new, and the await itself is not free.
        if (++n % TOKENS_BETWEEN_PAUSES === 0) await pause();
      }
      ids.push(out);
    }
    // Synchronous from here on: `counts` is shared by every call.
    return this.count(tokens, ids);
  }

  private count(tokens: readonly string[][], ids: readonly number[][]): DocTerms {
    const fields = ids.length;
    if (this.counts.length < this.dictionary.size) this.counts = new Uint32Array(Math.max(this.dictionary.size, 2 * this.counts.length));
    const counts = this.counts;
    const perField: number[] = [];
    const pairs: number[] = [];
    const order: number[] = [];
    for (const list of ids) {
      order.length = 0;
      for (const id of list) if (id >= 0 && counts[id]++ === 0) order.push(id);
      perField.push(order.length);
      for (const id of order) {
        pairs.push(id, counts[id]);
        counts[id] = 0;
      }
    }
    const out = newDocTerms(2 * fields + pairs.length);
    for (let f = 0; f < fields; f++) {
      // MiniSearch's field length: `new Set(tokens).size`, over the raw tokens.
      out[f] = new Set(tokens[f]).size;
      out[fields + f] = perField[f];
    }
    out.set(pairs, 2 * fields);
    return out;
  }
}

/**
 * A document's fingerprint, which keys the term cache: cyrb53 (bryc, public domain), a fast
 * 53-bit hash, over its fields (a list field item by item), each preceded by its length so that
 * no two different documents feed it the same sequence. Not cryptographic: two different
 * documents share a fingerprint with a probability near 2⁻⁵³, far below any other failure.
 */
export function fingerprint(fields: readonly (string | readonly string[])[]): number {
  const h = [0xdeadbeef, 0x41c6ce57];
  for (const field of fields) {
    if (typeof field === 'string') feed(h, field);
    else {
      mix(h, field.length);
      for (const item of field) feed(h, item);
    }
  }
  let [h1, h2] = h;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function feed(h: number[], s: string): void {
  mix(h, s.length);
  let h1 = h[0];
  let h2 = h[1];
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h[0] = h1;
  h[1] = h2;
}

/** A length, as two 16-bit units. */
function mix(h: number[], n: number): void {
  for (const unit of [n & 0xffff, n >>> 16]) {
    h[0] = Math.imul(h[0] ^ unit, 2654435761);
    h[1] = Math.imul(h[1] ^ unit, 1597334677);
  }
}
