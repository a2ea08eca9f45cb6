// Raw note bytes → text, or a one-line reason to skip the file.
import { normalizeNoteText } from './text';

/** Notes above this are skipped: a journal or topic note is kilobytes; megabytes are dumps or logs. */
export const DEFAULT_MAX_NOTE_BYTES = 8 * 1024 * 1024;

export type DecodeResult = { ok: true; text: string } | { ok: false; reason: string };

export interface DecodeOptions {
  maxBytes?: number;
}

/** Like git: a NUL byte near the start means binary. Later NULs only count as bad characters. */
const NUL_SNIFF_BYTES = 8000;
/**
 * Share of replacement or control characters above which the file is not text. Random or
 * compressed bytes decode to well over half; a Latin-1 French note read as UTF-8 to about 5%,
 * and Obsidian still opens it, so it is kept (with � for the accents).
 */
const MAX_BAD_CHAR_RATIO = 0.2;

export function decodeNote(bytes: Uint8Array, opts: DecodeOptions = {}): DecodeResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_NOTE_BYTES;
  if (bytes.length > maxBytes) {
    let size = formatBytes(bytes.length);
    let limit = formatBytes(maxBytes);
    // Just over the limit both round alike; exact counts then say why.
    if (size === limit) [size, limit] = [`${bytes.length} bytes`, `${maxBytes} bytes`];
    return { ok: false, reason: `too large (${size}, limit ${limit})` };
  }
  const utf16 = utf16Encoding(bytes);
  if (!utf16 && bytes.subarray(0, NUL_SNIFF_BYTES).includes(0)) {
    return { ok: false, reason: 'binary content (NUL bytes), not a text note' };
  }
  // Not fatal: a few bad bytes in a long note must not hide the rest of it.
  const text = new TextDecoder(utf16 ?? 'utf-8', { fatal: false }).decode(bytes);
  const bad = countBadChars(text);
  if (text.length > 0 && bad / text.length > MAX_BAD_CHAR_RATIO) {
    const share = Math.round((100 * bad) / text.length);
    return { ok: false, reason: `not UTF-8 text (${share}% invalid or control characters)` };
  }
  return { ok: true, text: normalizeNoteText(text) };
}

/** Windows editors sometimes save "Unicode" (UTF-16 with a BOM); those NULs are not binary. */
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

function countBadChars(text: string): number {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // U+FFFD from invalid sequences, and C0 controls other than tab, LF, VT, FF, CR and ESC
    // (ESC appears in pasted terminal output).
    if (c === 0xfffd || (c < 0x20 && !(c >= 0x09 && c <= 0x0d) && c !== 0x1b) || c === 0x7f) bad++;
  }
  return bad;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
