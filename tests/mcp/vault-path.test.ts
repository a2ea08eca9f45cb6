import { describe, expect, it } from 'vitest';
import { vaultFolder, vaultNotePath, VaultPathError } from '../../src/mcp/vault-path';

describe('note paths from an MCP client', () => {
  it('accepts vault-relative paths, with or without .md, NFD names made NFC', () => {
    expect(vaultNotePath('Projets/Projet 20')).toBe('Projets/Projet 20.md');
    expect(vaultNotePath(' RAG.md ')).toBe('RAG.md');
    expect(vaultNotePath('Concepts/E\u0301valuation.md')).toBe('Concepts/\u00c9valuation.md');
    expect(vaultFolder('Concepts/')).toBe('Concepts');
    expect(vaultFolder('')).toBe('');
  });

  it.each(['../x.md', 'a/../../x', '/etc/passwd', '~/notes.md', 'C:\\x.md', 'c:x.md', 'a\\..\\b', 'a//b', './a', 'a\0b', ''])('refuses %j', (p) => {
    expect(() => vaultNotePath(p)).toThrow(VaultPathError);
  });
});
