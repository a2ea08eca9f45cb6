// Builds a MiniSearch index from documents already analysed (DocTerms), in the exact state that
// adding them one by one with add() gives: same short ids, field lengths, average field lengths
// (the same floating-point steps), posting maps in the same order, terms inserted into the radix
// tree in the order add() first meets them. Scores, ties and fuzzy matches are therefore those
// of add(); tests/core/lexical/bulk-load.test.ts compares the two states through toJSON().
//
// Why: add() walks MiniSearch's radix tree once per token (2.9M walks at 50k chunks, about 4 s
// of CPU), and loadJS() needs every posting as a string-keyed object. Here each term is inserted
// once, with posting maps built from typed arrays.
//
// The price is one reach inside MiniSearch 7: the term index `_index` (a SearchableMap of
// term → fieldId → shortId → frequency), the same field loadJS() fills. If it is not what this
// module expects, bulkLoad returns null and the caller adds the documents one by one.
import MiniSearch, { type Options } from 'minisearch';
import type { DocTerms } from './doc-terms';
import type { Yielder } from '../util/yield';

export interface AnalysedDoc {
  id: string;
  terms: DocTerms;
}

interface TermIndex {
  readonly size: number;
  set(term: string, data: Map<number, Map<number, number>>): unknown;
}

/** Postings between two pauses. */
const POSTINGS_PER_SLICE = 20_000;

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
  const documentIds: Record<number, string> = {};
  const fieldLength: Record<number, number[]> = {};
  let postings = 0;
  for (let doc = 0; doc < n; doc++) {
    const t = docs[doc].terms;
    documentIds[doc] = docs[doc].id;
    const lengths: number[] = [];
    let p = 2 * fieldCount;
    for (let f = 0; f < fieldCount; f++) {
      const length = t[f];
      lengths.push(length);
      // MiniSearch's addFieldLength(), step for step.
      average[f] = (average[f] * doc + length) / (doc + 1);
      for (const end = p + 2 * t[fieldCount + f]; p < end; p += 2) {
        const slot = t[p] * fieldCount + f;
        if (slot >= slotCount.length) slotCount = grown(slotCount, slot + 1);
        if (slotCount[slot]++ === 0) slotOrder.push(slot);
        postings++;
      }
    }
    fieldLength[doc] = lengths;
    if (doc % 1024 === 1023) await pause();
  }

  // Pass 2: postings grouped by slot, documents ascending within each, as add() leaves them.
  const start = new Uint32Array(slotCount.length + 1);
  for (let s = 0; s < slotCount.length; s++) start[s + 1] = start[s] + slotCount[s];
  const next = start.slice(0, slotCount.length);
  const postingDoc = new Uint32Array(postings);
  const postingFreq = new Uint32Array(postings);
  for (let doc = 0; doc < n; doc++) {
    const t = docs[doc].terms;
    let p = 2 * fieldCount;
    for (let f = 0; f < fieldCount; f++) {
      for (const end = p + 2 * t[fieldCount + f]; p < end; p += 2) {
        const at = next[t[p] * fieldCount + f]++;
        postingDoc[at] = doc;
        postingFreq[at] = t[p + 1];
      }
    }
    if (doc % 4096 === 4095) await pause();
  }

  const mini = MiniSearch.loadJS(
    {
      documentCount: n,
      nextId: n,
      documentIds,
      fieldIds: Object.fromEntries(options.fields.map((f, i) => [f, i])),
      fieldLength,
      averageFieldLength: average,
      storedFields: {},
      dirtCount: 0,
      index: [],
      serializationVersion: 2,
    },
    options,
  );
  const index = (mini as unknown as { _index?: TermIndex })._index;
  if (!index || typeof index.set !== 'function' || index.size !== 0) return null;

  // Pass 3: one radix-tree insertion per term, in order of first appearance; its fields in the
  // order they first had it.
  const dataOf: (Map<number, Map<number, number>> | undefined)[] = [];
  let terms = 0;
  let sinceSlice = 0;
  for (const slot of slotOrder) {
    const termId = Math.floor(slot / fieldCount);
    const field = slot - termId * fieldCount;
    let data = dataOf[termId];
    if (!data) {
      data = new Map();
      dataOf[termId] = data;
      index.set(term(termId), data);
      terms++;
    }
    const freqs = new Map<number, number>();
    for (let k = start[slot]; k < start[slot + 1]; k++) freqs.set(postingDoc[k], postingFreq[k]);
    data.set(field, freqs);
    sinceSlice += start[slot + 1] - start[slot];
    if (sinceSlice >= POSTINGS_PER_SLICE) {
      sinceSlice = 0;
      await pause();
    }
  }
  if (index.size !== terms || mini.documentCount !== n) return null;
  return mini;
}

function grown(a: Uint32Array, min: number): Uint32Array {
  const out = new Uint32Array(Math.max(min, 2 * a.length));
  out.set(a);
  return out;
}
