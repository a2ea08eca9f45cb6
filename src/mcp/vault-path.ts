// Paths a client names (a model, often) are untrusted: only vault-relative note paths get
// through, never one that could name a file outside the vault.

export class VaultPathError extends Error {}

/** "Projets/RAG" or "Projets/RAG.md" → "Projets/RAG.md"; throws VaultPathError for anything outside the vault. */
export function vaultNotePath(raw: string): string {
  const path = raw.normalize('NFC').trim();
  if (path === '') throw new VaultPathError('path is empty: give a vault-relative note path such as "Projets/RAG.md"');
  if (/^[a-z]:/i.test(path) || path.startsWith('/') || path.startsWith('~') || path.includes('\\') || path.includes('\0')) {
    throw new VaultPathError(`path "${raw}" is outside the vault: give a vault-relative path with "/" separators, such as "Projets/RAG.md"`);
  }
  const parts = path.split('/');
  if (parts.some((p) => p === '..' || p === '.' || p === '')) {
    throw new VaultPathError(`path "${raw}" is outside the vault or malformed: no "..", "." or empty parts`);
  }
  return /\.md$/i.test(path) ? path : `${path}.md`;
}

/** A folder filter: the same rules, without the .md, and a trailing "/" allowed. */
export function vaultFolder(raw: string): string {
  const folder = raw.normalize('NFC').trim().replace(/\/+$/, '');
  if (folder === '') return '';
  return vaultNotePath(`${folder}.md`).slice(0, -3);
}
