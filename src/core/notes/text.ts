// The one text form every later stage sees: no BOM, LF line ends, NFC.

/**
 * Obsidian writes NFC on most systems but macOS file names and pasted text can be NFD; links,
 * headings and search terms only compare equal once both sides are NFC.
 */
export function normalizeNoteText(text: string): string {
  let out = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (out.includes('\r')) out = out.replace(/\r\n?/g, '\n');
  return out.normalize('NFC');
}

/** File name without folders or the `.md` extension. */
export function basenameOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.replace(/\.md$/i, '');
}
