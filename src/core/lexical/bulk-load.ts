// Builds a MiniSearch index from documents already analysed (DocTerms), in the exact state that
// adding them one by one with add() gives: same short ids, field lengths, average field lengths
// (the same floating-point steps), posting maps in the same order, terms inserted into the radix
// tree in the order add() first meets them. Scores, ties and fuzzy matches are therefore those
// of add(); tests/core/lexical/bulk-load.test.ts compares the two states through toJSON().
//
// Why: add() walks MiniSearch's radix tree once per token (2.9M walks at 50k chunks, about 4 s
// of CPU), and loadJS() wants every posting as a string-keyed object. Here each term is inserted
// once, and its postings stay in typed arrays until a query or an edit first reads them.
//
// The price is a reach inside MiniSearch 7: the maps loadJS() fills (the term index `_index`, a
// SearchableMap of term → fieldId → shortId → frequency, and the documents' ids and field
// lengths), filled here in slices, and term entries that are Maps filled on first use. If
// those fields are not what this module expects, bulkLoad returns null and the caller adds the
// documents one by one.
import MiniSearch, { type Options } from 'minisearch';
import type { DocTerms } from './doc-terms';
import type { Yielder } from '../util/yield';

export interface AnalysedDoc {
  id: string;
  terms: DocTerms;
}

/** The fields of MiniSearch 7 this module fills, as loadJS() and add() leave them. */
interface Internals {
  /** A SearchableMap (radix tree): term → fieldId → shortId → frequency. */
  _index: { readonly size: number; set(term: string, data: Map<number, Map<number, number>>): unknown };
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _fieldLength: Map<number, number[]>;
}

function isEmptyMap<M extends { readonly size: number; set: unknown }>(m: M | undefined): m is M {
  return m !== undefined && m !== null && typeof m.set === 'function' && m.size === 0;
}


// Between two pauses, a millisecond or two of work once compiled (the first slices run colder).
const DOCS_PER_SLICE = 256;
const TERMS_PER_SLICE = 256;

/**
 * A MiniSearch over `docs` (unique ids, terms laid out for `fieldCount` fields in the order of
 * `options.fields`), or null when this MiniSearch's internals are not the ones expected.
 */
export async function bulkLoad<T>(
  options: Options<T>,
  docs: readonly AnalysedDoc[],
  term: (id: number) => string,
  pause: Yielder,
): Promise<MiniSearch<T> | null> {
  const fieldCount = options.fields.length;
  const n = docs.length;

  // Pass 1: postings per (term, field) slot, the order in which slots and terms first appear,
  // and MiniSearch's running averages of field lengths.
  let slotCount: Uint32Array = new Uint32Array(1024);
  const slotOrder: number[] = [];
  const average = new Array<number>(fieldCount).fill(0);
  let postings = 0;
  for (let doc = 0; doc < n; doc++) {
    const t = docs[doc].terms;
    let p = 2 * fieldCount;
    for (let f = 0; f < fieldCount; f++) {
      // MiniSearch's addFieldLength(), step for step.
      average[f] = (average[f] * doc + t[f]) / (doc + 1);
      for (const end = p + 2 * t[fieldCount + f]; p < end; p += 2) {
        const slot = t[p] * fieldCount + f;
        if (slot >= slotCount.length) slotCount = grown(slotCount, slot + 1);
        if (slotCount[slot]++ === 0) slotOrder.push(slot);
        postings++;
      }
    }
    if (doc % DOCS_PER_SLICE === DOCS_PER_SLICE - 1) await pause();
  }

  // The documents themselves go in below, in slices: loadJS() would take them as objects keyed
  // by decimal strings, 0.1 s of one task at 50k documents.
  const mini = MiniSearch.loadJS(
    {
      documentCount: n,
      nextId: n,
      documentIds: {},
      fieldIds: Object.fromEntries(options.fields.map((f, i) => [f, i])),
      fieldLength: {},
      averageFieldLength: average,
      storedFields: {},
      dirtCount: 0,
      index: [],
      serializationVersion: 2,
    },
    options,
  );
  const inside = mini as unknown as Partial<Internals>;
  const { _index: index, _documentIds: documentIds, _idToShortId: shortIds, _fieldLength: fieldLength } = inside;
  if (!isEmptyMap(index) || !isEmptyMap(documentIds) || !isEmptyMap(shortIds) || !isEmptyMap(fieldLength)) return null;

  // Pass 2: the documents, and postings grouped by slot, documents ascending within each, as
  // add() leaves them.
  const start = new Uint32Array(slotCount.length + 1);
  for (let s = 0; s < slotCount.length; s++) start[s + 1] = start[s] + slotCount[s];
  const next = start.slice(0, slotCount.length);
  const postingDoc = new Uint32Array(postings);
  const postingFreq = new Uint32Array(postings);
  for (let doc = 0; doc < n; doc++) {
    const t = docs[doc].terms;
    documentIds.set(doc, docs[doc].id);
    shortIds.set(docs[doc].id, doc);
    // As addFieldLength() builds it: a plain array indexed by field id.
    const lengths: number[] = [];
    for (let f = 0; f < fieldCount; f++) lengths.push(t[f]);
    fieldLength.set(doc, lengths);
    let p = 2 * fieldCount;
    for (let f = 0; f < fieldCount; f++) {
      for (const end = p + 2 * t[fieldCount + f]; p < end; p += 2) {
        const at = next[t[p] * fieldCount + f]++;
        postingDoc[at] = doc;
        postingFreq[at] = t[p + 1];
      }
    }
    if (doc % DOCS_PER_SLICE === DOCS_PER_SLICE - 1) await pause();
  }

  // Pass 3: one radix-tree insertion per term, in order of first appearance, its postings left
  // in the typed arrays until something reads them.
  const postingsOf = { start, doc: postingDoc, freq: postingFreq, fieldCount };
  const dataOf: (TermPostings | undefined)[] = [];
  let terms = 0;
  // (SearchableMap counts its size by walking the whole tree: not checked again here.)
  for (const slot of slotOrder) {
    const termId = Math.floor(slot / fieldCount);
    let data = dataOf[termId];
    if (!data) {
      data = new TermPostings(postingsOf);
      dataOf[termId] = data;
      index.set(term(termId), data);
      if (++terms % TERMS_PER_SLICE === 0) await pause();
    }
    data.slots.push(slot);
  }
  return mini;
}

interface PostingArrays {
  /** Postings of slot s (= termId × fieldCount + field) are [start[s], start[s + 1]). */
  start: Uint32Array;
  doc: Uint32Array;
  freq: Uint32Array;
  fieldCount: number;
}

/**
 * One term's entry in MiniSearch's index (fieldId → shortId → frequency), filled from the typed
 * arrays the first time anything reads or changes it: an opening would otherwise build 1.7M
 * map entries (0.4 s and much of the GC's work at 50k chunks) for terms most of which no
 * question asks about for a while. Once filled it is the Map that add() would have built, with
 * the same insertion orders. Every access goes through a method overridden here.
 */
class TermPostings extends Map<number, Map<number, number>> {
  /** The term's slots, in the order add() would have met them. */
  readonly slots: number[] = [];
  private pending: PostingArrays | null;

  constructor(postings: PostingArrays) {
    super();
    this.pending = postings;
  }

  private fill(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    for (const slot of this.slots) {
      const freqs = new Map<number, number>();
      for (let k = p.start[slot]; k < p.start[slot + 1]; k++) freqs.set(p.doc[k], p.freq[k]);
      super.set(slot % p.fieldCount, freqs);
    }
  }

  /** The most documents one field holds the term in, read without filling the maps. */
  documentFrequency(): number {
    const p = this.pending;
    if (!p) return largestField(this);
    let most = 0;
    for (const slot of this.slots) most = Math.max(most, p.start[slot + 1] - p.start[slot]);
    return most;
  }

  override get(key: number): Map<number, number> | undefined {
    this.fill();
    return super.get(key);
  }

  override has(key: number): boolean {
    this.fill();
    return super.has(key);
  }

  override set(key: number, value: Map<number, number>): this {
    this.fill();
    return super.set(key, value);
  }

  override delete(key: number): boolean {
    this.fill();
    return super.delete(key);
  }

  override clear(): void {
    this.pending = null;
    super.clear();
  }

  override get size(): number {
    this.fill();
    return super.size;
  }

  override forEach(fn: (value: Map<number, number>, key: number, map: Map<number, Map<number, number>>) => void, thisArg?: unknown): void {
    this.fill();
    super.forEach(fn, thisArg);
  }

  override entries(): MapIterator<[number, Map<number, number>]> {
    this.fill();
    return super.entries();
  }

  override keys(): MapIterator<number> {
    this.fill();
    return super.keys();
  }

  override values(): MapIterator<Map<number, number>> {
    this.fill();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[number, Map<number, number>]> {
    this.fill();
    return super[Symbol.iterator]();
  }
}

function largestField(entry: Map<number, Map<number, number>>): number {
  let most = 0;
  for (const docs of entry.values()) if (docs instanceof Map) most = Math.max(most, docs.size);
  return most;
}

/**
 * How many documents hold `term` (in the field that holds it most often), read from the same
 * internals bulkLoad fills (MiniSearch 7's `_index`); null when they are not the ones expected.
 * Documents discarded but not yet vacuumed still count: an estimate, for idf.
 */
export function documentFrequency(mini: MiniSearch<unknown>, term: string): number | null {
  const index = (mini as unknown as { _index?: { get?: (t: string) => unknown } })._index;
  if (typeof index?.get !== 'function') return null;
  const entry = index.get(term);
  if (entry === undefined) return 0;
  if (entry instanceof TermPostings) return entry.documentFrequency();
  return entry instanceof Map ? largestField(entry as Map<number, Map<number, number>>) : null;
}

function grown(a: Uint32Array, min: number): Uint32Array {
  const out = new Uint32Array(Math.max(min, 2 * a.length));
  out.set(a);
  return out;
}
