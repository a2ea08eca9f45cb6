import { describe, expect, it } from 'vitest';
import type { App } from 'obsidian';
import { hostExclusions, ignoreFilterPredicate, inFolder, readUserIgnoreFilters } from '../../../src/plugin/adapters/obsidian-exclusions';
import { VaultNoteSource } from '../../../src/plugin/adapters/vault-note-source';
import { MemoryVault } from '../fakes/memory-vault';

function vault(): MemoryVault {
  const v = new MemoryVault();
  v.add('pre-training.md', 'pre-training\nJournaux liées à cette note :', 1000);
  v.add('Journal/Journal du jeudi 26 décembre 2024 à 15:03.md', 'J\'ai partagé [[Projet 20]]', 2000);
  v.add('Ask Vault/2024-12-27 question.md', 'réponse', 3000);
  v.add('Archives/vieux.md', 'vieux', 4000);
  v.add('image.png', new Uint8Array([137, 80, 78, 71]));
  v.add('Cafe\u0301.md', 'nfd name', 5000);
  return v;
}

describe('VaultNoteSource', () => {
  it('lists markdown notes with mtime and size, NFC paths, sorted', async () => {
    const notes = await new VaultNoteSource(vault()).list();
    expect(notes.map((n) => n.path)).toEqual([
      'Archives/vieux.md', 'Ask Vault/2024-12-27 question.md', 'Café.md',
      'Journal/Journal du jeudi 26 décembre 2024 à 15:03.md', 'pre-training.md',
    ]);
    expect(notes.find((n) => n.path === 'pre-training.md')).toEqual({ path: 'pre-training.md', mtime: 1000, size: 44 });
  });

  it('reads raw bytes, including a note listed under its NFC name', async () => {
    const v = vault();
    const source = new VaultNoteSource(v);
    await source.list();
    expect(new TextDecoder().decode(await source.read('pre-training.md'))).toMatch(/^pre-training/);
    expect(new TextDecoder().decode(await source.read('Café.md'))).toBe('nfd name');
    await expect(source.read('absent.md')).rejects.toThrow('note not found in the vault: absent.md');
    await expect(source.read('Journal')).rejects.toThrow(/not found/);
  });

  it('never lists nor reads what the host excludes', async () => {
    const v = vault();
    const source = new VaultNoteSource(v, (p) => inFolder(p, 'Ask Vault/') || p.startsWith('Archives/'));
    const paths = (await source.list()).map((n) => n.path);
    expect(paths).not.toContain('Ask Vault/2024-12-27 question.md');
    expect(paths).not.toContain('Archives/vieux.md');
    expect(v.reads).toEqual([]);
  });
});

describe('Obsidian exclusions', () => {
  it('interprets "Excluded files" as path prefixes or /regex/, skipping broken regexes', () => {
    const excluded = ignoreFilterPredicate(['Archives/', '/\\.excalidraw\\.md$/', '/([/', '  ']);
    expect(excluded('Archives/vieux.md')).toBe(true);
    expect(excluded('Dessins/plan.excalidraw.md')).toBe(true);
    expect(excluded('pre-training.md')).toBe(false);
  });

  it('reads the filters from the vault config, tolerating their absence or garbage', () => {
    const v = vault();
    const app = { vault: v } as unknown as App;
    expect(readUserIgnoreFilters(app)).toEqual([]);
    v.setConfig('userIgnoreFilters', ['Archives/', 42, '']);
    expect(readUserIgnoreFilters(app)).toEqual(['Archives/']);
    v.setConfig('userIgnoreFilters', 'Archives/');
    expect(readUserIgnoreFilters(app)).toEqual([]);
  });

  it('combines the conversation folder with Obsidian\'s own check when the app has one', () => {
    const v = vault();
    v.setConfig('userIgnoreFilters', ['Archives/']);
    const withFilters = hostExclusions({ vault: v } as unknown as App, { conversationFolder: 'Ask Vault/' });
    expect(withFilters('Ask Vault/2024-12-27 question.md')).toBe(true);
    expect(withFilters('Ask Vaulty/x.md')).toBe(false);
    expect(withFilters('Archives/vieux.md')).toBe(true);
    expect(withFilters('pre-training.md')).toBe(false);

    const asked: string[] = [];
    const metadataCache = { isUserIgnored(this: unknown, path: string) { asked.push(path); return this === metadataCache && path.startsWith('Journal/'); } };
    const withCache = hostExclusions({ vault: v, metadataCache } as unknown as App);
    expect(withCache('Journal/x.md')).toBe(true);
    expect(withCache('Archives/vieux.md')).toBe(false);
    expect(asked).toEqual(['Journal/x.md', 'Archives/vieux.md']);
  });
});
