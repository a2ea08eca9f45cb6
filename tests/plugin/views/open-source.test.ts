import { beforeEach, describe, expect, it } from 'vitest';
import { TFile, TFolder, type App } from 'obsidian';
// The vitest stub of `obsidian` (tests/stubs/obsidian.ts) records the notices it shows.
import { shownNotices } from '../../stubs/obsidian';
import { existingSources, openSource } from '../../../src/plugin/views/open-source';
import { setLanguage } from '../../../src/plugin/i18n';

function file(path: string): TFile {
  const f = new TFile();
  f.path = path;
  return f;
}

function app(files: Record<string, TFile | TFolder>) {
  const opened: { path: string; state: unknown; newLeaf: unknown }[] = [];
  const calls: string[] = [];
  const a = {
    vault: {
      getAbstractFileByPath: (p: string) => files[p] ?? null,
      create: () => calls.push('create'),
    },
    workspace: {
      getLeaf: (newLeaf: unknown) => ({ openFile: async (f: TFile, state: unknown) => void opened.push({ path: f.path, state, newLeaf }) }),
      openLinkText: () => calls.push('openLinkText'),
    },
  };
  return { app: a as unknown as App, opened, calls };
}

beforeEach(() => {
  setLanguage('en');
  shownNotices.length = 0;
});

describe('openSource', () => {
  it('opens an existing note with openFile, at its line, or at its heading', async () => {
    const { app: a, opened, calls } = app({ 'Projets/Projet 20.md': file('Projets/Projet 20.md') });
    expect(await openSource(a, { path: 'Projets/Projet 20.md', line: 4 }, 'tab')).toBe(true);
    expect(await openSource(a, { path: 'Projets/Projet 20.md', heading: 'Objectifs [v2]' })).toBe(true);
    expect(opened).toEqual([
      { path: 'Projets/Projet 20.md', state: { eState: { line: 4 } }, newLeaf: 'tab' },
      { path: 'Projets/Projet 20.md', state: { eState: { subpath: '#Objectifs v2' } }, newLeaf: false },
    ]);
    expect(calls).toEqual([]);
  });

  it('a missing note, a folder or a path full of link syntax: a notice, nothing opened or created', async () => {
    const { app: a, opened, calls } = app({ Dossier: new TFolder() });
    for (const path of ['Gone.md', 'Dossier', 'a#b|c^d]].md']) expect(await openSource(a, { path })).toBe(false);
    expect(opened).toEqual([]);
    expect(calls).toEqual([]);
    expect(shownNotices.map((n) => n.message)).toEqual(['This note no longer exists: Gone.md', 'This note no longer exists: Dossier', 'This note no longer exists: a#b|c^d]].md']);
  });

  it('sources read back from a conversation note are kept only when their note exists', () => {
    const { app: a } = app({ 'A.md': file('A.md') });
    expect(existingSources(a, [{ path: 'A.md' }, { path: 'Invented.md' }, { path: '../outside.md' }])).toEqual([{ path: 'A.md' }]);
  });
});
