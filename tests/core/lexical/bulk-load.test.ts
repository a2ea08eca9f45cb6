// LexicalIndex.load builds MiniSearch's state directly (bulk-load.ts). It must be the very state
// adding the same documents one by one gives, or scores and ties would differ after a restart.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LexicalIndex, DEFAULT_LEXICAL, type LexicalDoc, type LexicalOptions } from '../../../src/core/lexical/lexical-index';
import { TermDictionary } from '../../../src/core/lexical/doc-terms';

// Stop words, elisions, accents in both normal forms, digits, apostrophes, case, and words that
// stem alike ("modèle", "modèles"), so fields differ in raw and in analysed length.
const WORDS = [
  'le', 'la', 'les', 'de', 'des', 'et', 'un', 'une', "l'école", 'd’un', "qu'il", "aujourd'hui", 'modèle', 'modèles', 'Modele',
  'entraînement', 'entrainement', 'données', 'donnee', 'réponse', 'RAG', '2024', 'projet', 'projets', 'journal', 'mehdi',
  'pâte', 'levain', 'four', 'café', 'cafe\u0301', 'the', 'running', 'dogs', 'x', 'été', 'ÉTÉ',
];

const text = (max: number) => fc.array(fc.constantFrom(...WORDS), { maxLength: max }).map((w) => w.join(' '));

const docArb = (id: fc.Arbitrary<string>) =>
  fc.record({
    id,
    title: text(4),
    aliases: fc.array(text(3), { maxLength: 2 }),
    headingPath: fc.array(text(3), { maxLength: 3 }),
    text: text(40),
  }).map((d): LexicalDoc => ({ ...d, path: d.id.split('#')[0] }));

const docsArb = fc.uniqueArray(docArb(fc.integer({ min: 0, max: 400 }).map((i) => `Notes/N${i >> 2}.md#${i & 3}`)), {
  selector: (d) => d.id,
  minLength: 1,
  maxLength: 40,
});

const pause = async () => {};

function oneByOne(docs: LexicalDoc[], options: LexicalOptions = DEFAULT_LEXICAL): LexicalIndex {
  const index = new LexicalIndex(options);
  for (const d of docs) index.add(d);
  return index;
}

async function loaded(docs: LexicalDoc[], options: LexicalOptions = DEFAULT_LEXICAL, dictionary?: TermDictionary): Promise<LexicalIndex> {
  const index = new LexicalIndex(options, dictionary);
  await index.load(docs, pause);
  return index;
}

/** MiniSearch's whole state, as its own serialisation gives it. */
const state = (index: LexicalIndex) => JSON.stringify((index as unknown as { mini: unknown }).mini);

const QUERIES = ['modèle données', "l'entraînement du RAG", 'levain four pâte', 'café été', '2024 projet journal', 'running dogs', 'x'];

describe('LexicalIndex.load', () => {
  it('gives the state of one-by-one adds: ids, field lengths, averages, postings and term order', async () => {
    await fc.assert(
      fc.asyncProperty(docsArb, async (docs) => {
        const expected = state(oneByOne(docs));
        expect(state(await loaded(docs))).toBe(expected);
        // Term ids numbered in another order than the documents meet the terms.
        const shuffled = new TermDictionary(DEFAULT_LEXICAL.analyzer);
        for (const w of [...WORDS].reverse()) for (const lang of ['fr', 'en'] as const) shuffled.tokenId(w.toLowerCase(), lang);
        expect(state(await loaded(docs, DEFAULT_LEXICAL, shuffled))).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('ranks exactly as one-by-one adds, fuzzy matching included', async () => {
    const fuzzy: LexicalOptions = { ...DEFAULT_LEXICAL, fuzzy: 0.3 };
    await fc.assert(
      fc.asyncProperty(docsArb, async (docs) => {
        for (const options of [DEFAULT_LEXICAL, fuzzy]) {
          const a = await loaded(docs, options);
          const b = oneByOne(docs, options);
          for (const q of QUERIES) expect(a.search(q, 50)).toEqual(b.search(q, 50));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('stays in step with one-by-one adds through later adds and removals', async () => {
    await fc.assert(
      fc.asyncProperty(docsArb, docsArb, fc.array(fc.nat(), { maxLength: 10 }), async (docs, more, drops) => {
        const a = await loaded(docs);
        const b = oneByOne(docs);
        for (const i of drops) {
          const id = docs[i % docs.length].id;
          a.remove(id);
          b.remove(id);
        }
        for (const d of more) {
          a.add(d);
          b.add(d);
        }
        expect(a.size).toBe(b.size);
        for (const q of QUERIES) expect(a.search(q, 50)).toEqual(b.search(q, 50));
      }),
      { numRuns: 60 },
    );
  });

  it('stays in step through the vacuuming of removed documents', async () => {
    const docs = fc.sample(docsArb, { numRuns: 30, seed: 11 }).flat();
    const unique = [...new Map(docs.map((d) => [d.id, d])).values()];
    expect(unique.length).toBeGreaterThan(60);
    const a = await loaded(unique);
    const b = oneByOne(unique);
    for (const d of unique.slice(0, 40)) {
      a.remove(d.id);
      b.remove(d.id);
    }
    type Vacuuming = { mini: { vacuum(): Promise<void> } };
    await (a as unknown as Vacuuming).mini.vacuum();
    await (b as unknown as Vacuuming).mini.vacuum();
    for (const q of QUERIES) expect(a.search(q, 50)).toEqual(b.search(q, 50));
    expect(state(a)).toBe(state(b));
  });

  it('lets a repeated id replace the earlier document, as add() does', async () => {
    const first: LexicalDoc = { id: 'A.md#0', path: 'A.md', title: 'A', aliases: [], headingPath: [], text: 'levain et farine' };
    const other: LexicalDoc = { id: 'B.md#0', path: 'B.md', title: 'B', aliases: [], headingPath: [], text: 'le four à pain' };
    const again: LexicalDoc = { ...first, text: 'une pâte au four' };
    const a = await loaded([first, other, again]);
    const b = oneByOne([first, other, again]);
    expect(a.size).toBe(2);
    expect(a.search('levain', 10)).toEqual([]);
    for (const q of ['four', 'pâte', 'pain']) expect(a.search(q, 10)).toEqual(b.search(q, 10));
  });

  it('uses the terms it is given for known fingerprints and analyses the others', async () => {
    const docs = fc.sample(docsArb, { numRuns: 1, seed: 7 })[0];
    const source = oneByOne(docs);
    const known = new Map([...docs.slice(1)].map((d) => {
      const t = source.termsOf(d.id)!;
      return [t.fingerprint, t.terms] as const;
    }));
    // Same dictionary, so the cached term ids mean the same terms.
    const index = new LexicalIndex(DEFAULT_LEXICAL, source.dictionary);
    const analysed = await index.load(docs, pause, (f) => known.get(f));
    expect(analysed).toBe(1);
    expect(state(index)).toBe(state(oneByOne(docs)));
  });

  it('pauses while it builds, not only between documents', async () => {
    const docs = Array.from({ length: 3000 }, (_, i): LexicalDoc => ({
      id: `N${i}.md#0`, path: `N${i}.md`, title: `Note ${i}`, aliases: [], headingPath: [], text: `${WORDS[i % WORDS.length]} ${i} ${WORDS[(i * 7) % WORDS.length]}`,
    }));
    let calls = 0;
    const counted = async () => {
      calls++;
    };
    const index = new LexicalIndex();
    await index.load(docs, counted);
    // After each document analysed (and every 16 words within one), then in the build passes.
    expect(calls).toBeGreaterThan(3000);
    const known = new Map([...index.allTerms()].map((t) => [t.fingerprint, t.terms] as const));
    calls = 0;
    await new LexicalIndex(DEFAULT_LEXICAL, index.dictionary).load(docs, counted, (f) => known.get(f));
    // Cached documents cost a few µs each: a pause every 64, then the build passes'.
    expect(calls).toBeGreaterThanOrEqual(Math.floor(3000 / 64) + 2);
    expect(calls).toBeLessThan(3000 / 16);
  });
});
