// The main-thread slicing of indexing: the sliced paths (parse, record building, lexical adds,
// segment encoding) pause where they should and give exactly what the unsliced ones give.
import { describe, expect, it } from 'vitest';
import { parseNote, parseNoteSliced } from '../../../src/core/notes';
import { buildRecord } from '../../../src/core/indexer/build-record';
import { decodeNoteSegment, encodeNoteSegment } from '../../../src/core/index/note-segment';
import { LexicalRanker } from '../../../src/core/retrieval/lexical-ranker';
import { DEFAULT_JOURNAL_CONFIG } from '../../../src/core/journal';
import { defaultSettings } from '../../../src/core/settings';
import { makeNote, prose } from '../index/fixtures';

const WITH_FRONTMATTER = '---\naliases: [projet 20]\ntags: [rag]\n---\n# Projet 20\n\nUn POC de [[RAG]] sur mes notes. #idée\n';
const JOURNAL = '# Journal du jeudi 26 décembre 2024 à 15:03\n\nJ’ai montré le [[projet 20]] à Mehdi.\n\nPuis le [[RAG]], et [[Cuisine]].\n';

function counter() {
  const pause = async () => {
    pause.calls++;
  };
  pause.calls = 0;
  return pause;
}

describe('parseNoteSliced', () => {
  it('gives the note parseNote gives, pausing after the frontmatter and after each markdown phase', async () => {
    const withFm = counter();
    const sliced = await parseNoteSliced('Projets/Projet 20.md', WITH_FRONTMATTER, 'h', withFm);
    expect(sliced).toEqual(parseNote('Projets/Projet 20.md', WITH_FRONTMATTER, 'h'));
    expect(sliced.aliases).toEqual(['projet 20']);
    expect(sliced.links.map((l) => l.target)).toEqual(['RAG']);
    const withoutFm = counter();
    expect(await parseNoteSliced('RAG.md', JOURNAL, 'h', withoutFm)).toEqual(parseNote('RAG.md', JOURNAL, 'h'));
    // Block structure and inline content at least, and the frontmatter when there is one.
    expect(withoutFm.calls).toBeGreaterThanOrEqual(2);
    expect(withFm.calls).toBe(withoutFm.calls + 1);
  });
});

describe('buildRecord with a pause', () => {
  it('pauses between its steps and after each journal link excerpt, and builds the same record', async () => {
    const path = 'Journal/Journal du jeudi 26 décembre 2024 à 15h03.md';
    const bytes = new TextEncoder().encode(JOURNAL);
    const file = { path, mtime: 1, size: bytes.length };
    const opts = { chunkTokens: 64, journal: { ...DEFAULT_JOURNAL_CONFIG, folders: ['Journal'] } };
    const pause = counter();
    const sliced = await buildRecord(file, bytes, opts, undefined, pause);
    const whole = await buildRecord(file, bytes, opts);
    expect(sliced).toEqual(whole);
    if (!sliced.ok) throw new Error(sliced.reason);
    expect(sliced.record.meta.journalDate).toBeDefined();
    expect(sliced.record.meta.links).toHaveLength(3);
    const inParse = counter();
    await parseNoteSliced(path, JOURNAL, 'h', inParse);
    // Before parsing, the parse's own, before journal detection, before chunking, one per excerpt.
    expect(pause.calls).toBe(1 + inParse.calls + 2 + 3);
  });
});

describe('encodeNoteSegment with a pause', () => {
  const records = [0, 1, 2].map((i) => makeNote(`Notes/Note ${i} « été ».md`, [prose(i), prose(i + 3)]));

  it('writes the bytes of JSON.stringify({ notes }), pausing after each record', async () => {
    const pause = counter();
    const plain = await encodeNoteSegment(records, false, pause);
    expect(new TextDecoder().decode(plain.data)).toBe(JSON.stringify({ notes: records }));
    expect(plain.weight).toBe(plain.data.length);
    expect(pause.calls).toBe(records.length);
    expect(new TextDecoder().decode((await encodeNoteSegment([], false)).data)).toBe('{"notes":[]}');
  });

  it('round-trips through gzip', async () => {
    const gz = await encodeNoteSegment(records, true, counter());
    expect(gz.compressed).toBe(true);
    expect(await decodeNoteSegment('notes/x.json', gz.data)).toEqual(records);
  });
});

describe('LexicalRanker.add with a pause', () => {
  const tuning = defaultSettings().retrieval.lexical;
  // Each chunk has more words than the analyser takes between two pauses.
  const filler = ' Une phrase de plus, pour que le passage compte une bonne vingtaine de mots en tout et pour tout.';
  const note = makeNote('Cuisine/Levain.md', ['Le levain se nourrit de farine et d’eau.', 'La pâte lève toute la nuit au frais.', 'On cuit le pain au four.'].map((t) => t + filler));
  const idsOf = (r: LexicalRanker, q: string) => r.search(q, 10, () => note.path).map((h) => h.id);

  it('indexes the same chunks as an add without pauses, pausing between words and after each chunk', async () => {
    const sliced = new LexicalRanker(tuning);
    const pause = counter();
    await sliced.add(note, pause);
    const whole = new LexicalRanker(tuning);
    await whole.add(note);
    // One after each chunk, and at least one while analysing each chunk's words ahead.
    expect(pause.calls).toBeGreaterThanOrEqual(2 * note.chunks.length);
    for (const q of ['levain farine', 'pâte nuit', 'pain four']) expect(idsOf(sliced, q)).toEqual(idsOf(whole, q));
    expect(idsOf(sliced, 'four')).toEqual([`${note.path}#2`]);
  });

  it('stops when the note is removed during a pause, leaving none of its chunks', async () => {
    const ranker = new LexicalRanker(tuning);
    let removed = false;
    await ranker.add(note, async () => {
      // Once the first chunk is in.
      if (!removed && idsOf(ranker, 'levain').length > 0) {
        ranker.remove(note.path);
        removed = true;
      }
    });
    expect(removed).toBe(true);
    for (const q of ['levain', 'pâte', 'four']) expect(idsOf(ranker, q)).toEqual([]);
  });
});
