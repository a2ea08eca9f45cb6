import { describe, expect, test } from 'vitest';
import { decodeNote, DEFAULT_MAX_NOTE_BYTES } from '../../../src/core/notes';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('decodeNote', () => {
  test.each([
    ['plain UTF-8', utf8('Journal du jeudi 26 décembre 2024'), 'Journal du jeudi 26 décembre 2024'],
    ['BOM is stripped', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('# Titre')]), '# Titre'],
    ['CRLF becomes LF', utf8('a\r\nb\r\n'), 'a\nb\n'],
    ['lone CR becomes LF', utf8('a\rb'), 'a\nb'],
    ['NFD becomes NFC', utf8('Cre\u0301er un POC'), 'Cr\u00e9er un POC'],
    ['emoji and RTL survive', utf8('🚀 שלום \u200b zero-width'), '🚀 שלום \u200b zero-width'],
    ['empty file', new Uint8Array(), ''],
    ['UTF-16LE with BOM', new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0xe9, 0x00]), 'aé'],
    ['UTF-16BE with BOM', new Uint8Array([0xfe, 0xff, 0x00, 0x61, 0x00, 0xe9]), 'aé'],
  ])('%s', (_name, input, expected) => {
    expect(decodeNote(input)).toEqual({ ok: true, text: expected });
  });

  test('a few invalid bytes in a long note do not hide it', () => {
    const prose = 'Une note tout à fait normale, avec des accents. '.repeat(20);
    const input = new Uint8Array([...utf8(prose), 0xff, 0xfe, ...utf8(prose)]);
    const result = decodeNote(input);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.text).toContain('\ufffd');
      expect(result.text.startsWith('Une note')).toBe(true);
    }
  });

  test('a Latin-1 French note is kept with replacement characters, as Obsidian shows it', () => {
    const latin1 = bytes(...[...'Ceci est une note écrite en été, à la plage.'].map((c) => c.charCodeAt(0)));
    const result = decodeNote(latin1);
    expect(result).toEqual({ ok: true, text: 'Ceci est une note \ufffdcrite en \ufffdt\ufffd, \ufffd la plage.' });
  });

  test.each([
    ['NUL bytes (PNG header)', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d), /binary content/],
    ['random high bytes', bytes(...Array.from({ length: 400 }, (_, i) => 0x80 + ((i * 37) % 128))), /not UTF-8 text \(\d+% invalid/],
    ['control characters', bytes(...Array.from({ length: 100 }, (_, i) => (i % 2 ? 0x01 : 0x41))), /not UTF-8 text \(50%/],
  ])('rejects binary junk: %s', (_name, input, reason) => {
    const result = decodeNote(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(reason);
      expect(result.reason).not.toContain('\n');
    }
  });

  describe('size guard', () => {
    const mb = 1024 * 1024;
    test('accepts a 5 MB note by default', () => {
      expect(decodeNote(new Uint8Array(5 * mb).fill(0x61)).ok).toBe(true);
    });
    test('accepts exactly the limit and rejects one byte more', () => {
      expect(decodeNote(new Uint8Array(DEFAULT_MAX_NOTE_BYTES).fill(0x61)).ok).toBe(true);
      const over = decodeNote(new Uint8Array(DEFAULT_MAX_NOTE_BYTES + 1).fill(0x61));
      expect(over).toEqual({ ok: false, reason: 'too large (8388609 bytes, limit 8388608 bytes)' });
    });
    test('rejects a 9 MB note by default, with the sizes in the reason', () => {
      expect(decodeNote(new Uint8Array(9 * mb))).toEqual({ ok: false, reason: 'too large (9 MB, limit 8 MB)' });
    });
    test('honours a configured limit', () => {
      expect(decodeNote(utf8('x'.repeat(2048)), { maxBytes: 1024 })).toEqual({ ok: false, reason: 'too large (2 KB, limit 1 KB)' });
      expect(decodeNote(utf8('x'.repeat(1024)), { maxBytes: 1024 }).ok).toBe(true);
    });
  });
});
