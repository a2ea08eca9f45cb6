import { describe, expect, it } from 'vitest';
import { decodeNoteSegment, encodeNoteSegment } from '../../../src/core/index/note-segment';
import { makeNote } from './fixtures';

const note = makeNote('Journal/Journal du jeudi 26 décembre 2024 à 15:03.md', [
  "J'ai relu « L'Étranger » : déjà‑vu, cœur, naïveté… 🙂",
  'Ligne avec un demi-caractère \ud83d seul et un \u2028 séparateur.',
]);

describe('note segments', () => {
  it('are written in ASCII JSON and read back to the same records, accents, emoji and lone surrogates included', async () => {
    const encoded = await encodeNoteSegment([note], false);
    expect(encoded.compressed).toBe(false);
    expect(encoded.data.every((b) => b < 0x80)).toBe(true);
    expect(new TextDecoder().decode(encoded.data)).toContain('d\\u00e9cembre');
    expect(await decodeNoteSegment('notes/x.json', encoded.data)).toEqual([note]);

    const gz = await encodeNoteSegment([note, { ...note, path: 'b.md', chunks: [] }]);
    expect(gz.compressed).toBe(true);
    expect(await decodeNoteSegment('notes/x.json.gz', gz.data)).toEqual([note, { ...note, path: 'b.md', chunks: [] }]);
  });

  it('still reads segments written as plain UTF-8 JSON (before the ASCII form)', async () => {
    const utf8 = new TextEncoder().encode(JSON.stringify({ notes: [note] }));
    expect(utf8.some((b) => b >= 0x80)).toBe(true);
    expect(await decodeNoteSegment('notes/old.json', utf8)).toEqual([note]);
    const gz = new Uint8Array(await new Response(new Blob([utf8]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    expect(await decodeNoteSegment('notes/old.json.gz', gz)).toEqual([note]);
  });
});
