// Words of a question fit for a file name on every platform Obsidian syncs to: no path or link
// syntax, no control, format or bidirectional characters (which could make a name read as
// something else), cut at a code point, never inside a surrogate pair.
export function safeFileWords(text: string, maxChars: number): string {
  const cleaned = text
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/[\\/:*?"<>|#^[\]%]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '');
  return Array.from(cleaned).slice(0, maxChars).join('').replace(/[\s.]+$/, '');
}
