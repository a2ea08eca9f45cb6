// The term cache spares the analysis of documents already seen. Whatever the file holds (stale,
// damaged, another analyser's), the lexical index rebuilt with it must be the one rebuilt
// without it.
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LexicalRanker, type LexicalTuning } from '../../../src/core/retrieval/lexical-ranker';
import { defaultSettings } from '../../../src/core/settings';
import type { NoteRecord } from '../../../src/core/types';
import { makeNote, prose } from '../index/fixtures';
import { TermDictionary } from '../../../src/core/lexical/doc-terms';
import { FIELDS } from '../../../src/core/lexical/lexical-index';
import { analyzerSignature, decodeTermCache } from '../../../src/core/lexical/term-cache';

const pause = async () => {};

function tuning(change: (t: LexicalTuning) => void = () => {}): LexicalTuning {
  const t = defaultSettings().retrieval.lexical;
  change(t);
  return t;
}

function vault(): NoteRecord[] {
  const notes = Array.from({ length: 12 }, (_, i) => makeNote(`Notes/Sujet ${i} – été.md`, [prose(i), prose(i + 20, 300), prose(i + 40, 200)]));
  notes[3] = { ...notes[3], meta: { ...notes[3].meta, aliases: ['projet vingt', 'POC'] } };
  notes.push(makeNote('Journal/Journal du jeudi 26 décembre 2024.md', ["J'ai montré le [[projet 20]] à Mehdi : l'entraînement d'un modèle, aujourd'hui."]));
  return notes;
}

const QUERIES = ['modèle entraînement', 'projet vingt', 'journal réponse question', "l'entraînement d'un modèle", 'RAG vecteur ami'];

/** The chunk index's whole MiniSearch state. */
const state = (r: LexicalRanker) => JSON.stringify((r as unknown as { chunks: { mini: unknown } }).chunks.mini);

function results(r: LexicalRanker, records: NoteRecord[]) {
  const chunks = new Map(records.flatMap((n) => n.chunks.map((c) => [c.id, c] as const)));
  return QUERIES.map((q) => r.search(q, 20, (id) => chunks.get(id)?.path, undefined, (id) => chunks.get(id)?.text));
}

async function built(records: NoteRecord[], cache?: Uint8Array | null, t = tuning()) {
  const ranker = new LexicalRanker(t);
  const stats = await ranker.rebuild(records, pause, await ranker.readTermCache(cache ?? null, pause));
  return { ranker, stats };
}

async function cacheOf(records: NoteRecord[], t = tuning()): Promise<Uint8Array> {
  return (await built(records, null, t)).ranker.encodeTermCache(pause);
}

/** Expects the cache to have been refused with `problem`, and the index to be the uncached one. */
async function expectIgnored(records: NoteRecord[], cache: Uint8Array, problem: string | RegExp) {
  const fresh = await built(records);
  const withCache = await built(records, cache);
  expect(withCache.stats.cacheProblem).toMatch(problem);
  expect(withCache.stats.analysed).toBe(withCache.stats.documents);
  expect(withCache.stats.cacheExact).toBe(false);
  expect(state(withCache.ranker)).toBe(state(fresh.ranker));
}

describe('term cache', () => {
  it('lets a rebuild analyse nothing, and gives the index a rebuild without it gives', async () => {
    const records = vault();
    const fresh = await built(records);
    expect(fresh.stats).toEqual({ documents: 37, analysed: 37, cacheExact: false });
    const cache = await fresh.ranker.encodeTermCache(pause);

    const cached = await built(records, cache);
    expect(cached.stats).toEqual({ documents: 37, analysed: 0, cacheExact: true });
    expect(state(cached.ranker)).toBe(state(fresh.ranker));
    expect(results(cached.ranker, records)).toEqual(results(fresh.ranker, records));
    expect(results(cached.ranker, records)[0].length).toBeGreaterThan(0);
  });

  it('carries the raw tokens met with their terms, for the questions after an opening', async () => {
    const records = vault();
    const { ranker } = await built(records);
    const source = (ranker as unknown as { dictionary: TermDictionary }).dictionary;
    const dictionary = new TermDictionary(tuning().analyzer);
    await decodeTermCache(await ranker.encodeTermCache(pause), dictionary, analyzerSignature(tuning().analyzer, FIELDS), FIELDS.length, pause);
    const termOf = (d: TermDictionary, id: number) => (id < 0 ? null : d.term(id));
    const expected = [...source.tokens()].map(([t, id]) => [t, termOf(source, id)]);
    expect([...dictionary.tokens()].map(([t, id]) => [t, termOf(dictionary, id)])).toEqual(expected);
    // Tokens carry the language of the text they were met in (f: French), as their terms depend on it.
    expect(expected).toContainEqual(['fentraînement', 'entrain']);
    expect(expected).toContainEqual(['fle', null]);
  });

  it('serves the unchanged documents of a stale cache and analyses the others', async () => {
    const old = vault();
    const cache = await cacheOf(old);
    const now = old.filter((n) => n.path !== 'Notes/Sujet 5 – été.md');
    // One chunk edited, a note added, a note renamed (its title is in every chunk's fields).
    now[0] = makeNote(now[0].path, [now[0].chunks[0].text, 'Un paragraphe réécrit sur le levain.', now[0].chunks[2].text]);
    now.push(makeNote('Cuisine/Levain.md', ['Le levain se nourrit de farine et d’eau.']));
    now[1] = makeNote('Notes/Renommée.md', now[1].chunks.map((c) => c.text));

    const fresh = await built(now);
    const cached = await built(now, cache);
    expect(cached.stats.analysed).toBe(1 + 1 + 3);
    expect(cached.stats.cacheExact).toBe(false);
    expect(state(cached.ranker)).toBe(state(fresh.ranker));
    expect(results(cached.ranker, now)).toEqual(results(fresh.ranker, now));
  });

  it('is not exact when it holds documents no longer indexed, though none had to be analysed', async () => {
    const records = vault();
    const cached = await built(records.slice(1), await cacheOf(records));
    expect(cached.stats.analysed).toBe(0);
    expect(cached.stats.cacheExact).toBe(false);
  });

  it('tells later changes by a new terms version', async () => {
    const records = vault();
    const { ranker } = await built(records, await cacheOf(records));
    const v0 = ranker.termsVersion;
    ranker.remove('Notes/Absente.md');
    expect(ranker.termsVersion).toBe(v0);
    ranker.remove(records[0].path);
    const v1 = ranker.termsVersion;
    expect(v1).not.toBe(v0);
    await ranker.add(records[0]);
    expect(ranker.termsVersion).not.toBe(v1);
  });

  it('covers whole-note documents too when note context is on', async () => {
    const t = tuning((x) => (x.noteContext = 0.3));
    const records = vault();
    const cache = await cacheOf(records, t);
    const cached = await built(records, cache, t);
    expect(cached.stats).toEqual({ documents: 37 + 13, analysed: 0, cacheExact: true });
    const fresh = await built(records, null, t);
    expect(results(cached.ranker, records)).toEqual(results(fresh.ranker, records));
  });

  it('is ignored when written by another analyser', async () => {
    const records = vault();
    const unstemmed = await cacheOf(records, tuning((x) => (x.analyzer = { ...x.analyzer, stemming: 'none' })));
    await expectIgnored(records, unstemmed, 'written by another analyser');
    const isoStops = await cacheOf(records, tuning((x) => (x.analyzer = { ...x.analyzer, stopList: 'iso' })));
    await expectIgnored(records, isoStops, 'written by another analyser');
  });

  it('is ignored when damaged, cut short, empty or not a cache at all', async () => {
    const records = vault();
    const cache = await cacheOf(records);
    const flipped = cache.slice();
    flipped[Math.floor(flipped.length / 2)] ^= 0x55;
    await expectIgnored(records, flipped, 'bad gzip data');
    await expectIgnored(records, cache.slice(0, cache.length - 9), 'bad gzip data');
    await expectIgnored(records, new Uint8Array(0), 'bad gzip data');
    await expectIgnored(records, new TextEncoder().encode('{"notes": []}'), 'bad gzip data');
    await expectIgnored(records, gzipSync('{"notes": []}'), 'not a term cache');
  });

  it('is ignored when well compressed but inconsistent inside', async () => {
    const records = vault();
    const inner = gunzipSync(await cacheOf(records));
    await expectIgnored(records, gzipSync(inner.subarray(0, inner.length - 3)), 'truncated');
    await expectIgnored(records, gzipSync(Buffer.concat([inner, Buffer.from([1])])), 'trailing bytes');
    // The header's JSON, with a format from the future.
    const text = inner.toString('latin1').replace('"format":2', '"format":9');
    await expectIgnored(records, gzipSync(Buffer.from(text, 'latin1')), 'format 9');
    // The first document's first term id, pointed past the term list.
    const header = decodeVarint(inner, 4);
    const terms = decodeVarint(inner, 4 + header.size + header.value);
    const termCount = (JSON.parse(inner.subarray(4 + header.size, 4 + header.size + header.value).toString()) as { terms: number }).terms;
    expect(termCount).toBeLessThan(0x7f);
    // After the term list: the fingerprint (2 varints), 4 field lengths and 4 term counts.
    let at = 4 + header.size + header.value + terms.size + terms.value;
    for (let i = 0; i < 2 + 8; i++) at += decodeVarint(inner, at).size;
    const broken = Buffer.from(inner);
    broken[at] = 0x7f;
    await expectIgnored(records, gzipSync(broken), 'term id out of range');
  });
});

function decodeVarint(buf: Uint8Array, at: number): { value: number; size: number } {
  let value = 0;
  let size = 0;
  for (let scale = 1; ; scale *= 128) {
    const b = buf[at + size++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) return { value, size };
  }
}
