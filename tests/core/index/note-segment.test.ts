import { describe, expect, it } from 'vitest';
import { decodeNoteSegment, encodeNoteSegment } from '../../../src/core/index/note-segment';
import { makeNote } from './fixtures';

const note = makeNote('Journal/Journal du jeudi 26 décembre 2024 à 15:03.md', [
  "J'ai relu « L'Étranger » : déjà‑vu, cœur, naïveté… 🙂",
  'Ligne avec un demi-caractère \ud83d seul et un \u2028 séparateur.',
]);

describe('note segments', () => {
  it('are gzipped ASCII JSON that reads back to the same records, accents, emoji and lone surrogates included', async () => {
    const records = [note, { ...note, path: 'b.md', chunks: [] }];
    const gz = await encodeNoteSegment(records);
    expect(gz.compressed).toBe(true);
    const json = new Uint8Array(await new Response(new Blob([gz.data as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
    expect(json.every((b) => b < 0x80)).toBe(true);
    expect(json.length).toBe(gz.weight);
    expect(new TextDecoder().decode(json)).toContain('d\\u00e9cembre');
    expect(JSON.parse(new TextDecoder().decode(json))).toEqual({ notes: records });
    expect(await decodeNoteSegment('notes/x.json.gz', gz.data)).toEqual(records);
  });

  it('are plain UTF-8 JSON when written uncompressed, where the escapes would cost disk', async () => {
    const plain = await encodeNoteSegment([note], false);
    expect(plain.compressed).toBe(false);
    expect(new TextDecoder().decode(plain.data)).toBe(JSON.stringify({ notes: [note] }));
    expect(await decodeNoteSegment('notes/x.json', plain.data)).toEqual([note]);
  });

  it('still reads segments written as plain UTF-8 JSON (before the ASCII form)', async () => {
    const utf8 = new TextEncoder().encode(JSON.stringify({ notes: [note] }));
    expect(utf8.some((b) => b >= 0x80)).toBe(true);
    expect(await decodeNoteSegment('notes/old.json', utf8)).toEqual([note]);
    const gz = new Uint8Array(await new Response(new Blob([utf8]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    expect(await decodeNoteSegment('notes/old.json.gz', gz)).toEqual([note]);
  });
});
