// The index folder touches only its own files: a link anywhere in it (a cloned vault repository can
// carry one) is refused with a one-line error, by the CLI's store and by the plugin's adapter
// store, and cleanup deletes only names the index writes. Each case links one level of the index
// folder to an outside folder (or file) full of the user's files, edits a note, indexes again, and
// fingerprints the outside: 0 files may be touched.
import { promises as fsPromises, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { isOwnIndexFile } from '../../src/core/index/own-files';
import { defaultSettings } from '../../src/core/settings';
import { FsNoteSource } from '../../src/cli/fs-note-source';
import { AdapterBlobStore } from '../../src/plugin/adapters/adapter-blob-store';
import { adapterLinkCheck } from '../../src/plugin/adapters/link-check';
import { FsDataAdapter } from '../plugin/fakes/fs-data-adapter';
import { ensureCliBuilt, runCli } from './support/cli';
import { recordTrials } from './support/trials';
import { fingerprintTree, treeChanges, writeNote } from './support/vault';

let tmp: string;
beforeAll(async () => {
  await ensureCliBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-links-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An outside folder of precious files, some named as the index names its own. */
function outside(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'precious.md'), '# Précieux\n\nNe pas effacer.\n');
  writeFileSync(join(dir, 'g000001-000.json.gz'), 'not an index segment');
  writeFileSync(join(dir, 'g000002-000.vec'), 'not vectors');
  writeFileSync(join(dir, 'manifest.json'), '{"mine": true}');
  writeFileSync(join(dir, 'sub/deep.md'), 'deep');
  return dir;
}

function vault(name: string): string {
  const root = join(tmp, name);
  for (let i = 0; i < 12; i++) writeNote(root, `Notes/n${i}.md`, `# Note ${i}\n\nLe levain ${i} et la farine.\n`);
  return root;
}

/** Replaces `path` (file or folder) by a link to `target`. */
function linkInPlace(path: string, target: string): void {
  if (existsSync(path)) renameSync(path, `${path}.moved-away`);
  symlinkSync(target, path, 'junction');
}

const CASES: Array<{ name: string; at: string; file?: boolean }> = [
  { name: 'notes folder', at: 'notes' },
  { name: 'vectors folder', at: 'vectors' },
  { name: 'cache folder', at: 'cache' },
  { name: 'the index folder itself', at: '' },
  { name: 'manifest file', at: 'manifest.json', file: true },
  { name: 'a segment file', at: 'notes/g000001-000.json.gz', file: true },
  { name: 'writer lock file', at: 'writer.lock', file: true },
];

describe('links inside the index folder', () => {
  it(`the CLI refuses a link at each of ${CASES.length} levels and touches 0 files outside`, async () => {
    let touched = 0;
    for (const [i, c] of CASES.entries()) {
      const root = vault(`cli-vault-${i}`);
      const index = join(root, '.ask-vault');
      const first = await runCli(['index', root, '--embedding-model', 'none', '--json']);
      expect(first.code, first.stderr).toBe(0);
      const out = outside(`cli-outside-${i}`);
      const target = c.file ? join(out, 'precious.md') : out;
      if (c.at === 'writer.lock') writeFileSync(join(index, 'writer.lock'), '');
      linkInPlace(c.at ? join(index, ...c.at.split('/')) : index, target);
      const before = fingerprintTree(out);
      writeNote(root, 'Notes/n0.md', '# Note 0\n\nModifiée.\n');
      const run = await runCli(['index', root, '--embedding-model', 'none', '--json']);
      const changes = treeChanges(before, fingerprintTree(out));
      touched += changes.length;
      expect(changes, `${c.name}: ${run.stderr}`).toEqual([]);
      // The term cache is optional: a linked cache folder is refused and the run goes on without it.
      if (c.at === 'cache') continue;
      expect(run.code, c.name).toBe(1);
      expect(run.stderr.trim().split('\n').filter((l) => /symbolic link or junction/.test(l)), c.name).toHaveLength(1);
    }
    // Without links, a stranger's file inside the index folder survives the orphan cleanup.
    const root = vault('cli-vault-stranger');
    expect((await runCli(['index', root, '--embedding-model', 'none'])).code).toBe(0);
    writeFileSync(join(root, '.ask-vault/notes/precious.md'), 'mine');
    writeFileSync(join(root, '.ask-vault/vectors-notes.txt'), 'mine');
    writeNote(root, 'Notes/n1.md', '# Note 1\n\nModifiée.\n');
    expect((await runCli(['index', root, '--embedding-model', 'none'])).code).toBe(0);
    expect(existsSync(join(root, '.ask-vault/notes/precious.md'))).toBe(true);
    recordTrials({
      guarantee: 'Links inside the index folder (CLI)',
      trials: CASES.length + 1,
      faults: `a symbolic link (junction on Windows) in place of: ${CASES.map((c) => c.name).join(', ')}, each to a folder or file of the user's (some named like index files); a stranger's file inside a real index folder`,
      lost: `nothing: 0 files touched outside the index (${touched}), each linked run refused in one line (exit 1); the stranger's file kept`,
      file: 'tests/reliability/index-symlinks.test.ts',
    });
  }, 240_000);

  it('the plugin\'s adapter store refuses a link too (desktop adapter with lstat)', async () => {
    const root = vault('plugin-vault');
    const adapter = Object.assign(new FsDataAdapter(root), {
      getFullPath: (p: string) => join(root, ...p.split('/')),
      fsPromises,
    });
    const folder = '.obsidian/plugins/ask-vault/index';
    const open = () => Engine.open({ source: new FsNoteSource(root), store: new AdapterBlobStore(adapter, folder, adapterLinkCheck(adapter)), embedder: null, settings: defaultSettings() });
    let engine = await open();
    await engine.sync();
    await engine.close();
    let touched = 0;
    for (const at of ['notes', '']) {
      const out = outside(`plugin-outside-${at || 'root'}`);
      const path = join(root, ...folder.split('/'), ...(at ? [at] : []));
      linkInPlace(path, out);
      const before = fingerprintTree(out);
      writeNote(root, 'Notes/n0.md', `# Note 0\n\n${at} modifiée.\n`);
      const failure = await (async () => {
        engine = await open();
        await engine.sync();
        await engine.close();
      })().then(() => null, (err: Error) => err.message);
      const changes = treeChanges(before, fingerprintTree(out));
      touched += changes.length;
      expect(changes).toEqual([]);
      expect(failure).toMatch(/symbolic link or junction/);
      rmSync(path);
      renameSync(`${path}.moved-away`, path);
    }
    recordTrials({
      guarantee: 'Links inside the index folder (plugin adapter store)',
      trials: 2,
      faults: 'the notes folder, then the index folder itself, replaced by a link to a folder of the user\'s, through the DataAdapter store with the desktop lstat check',
      lost: `nothing: 0 files touched outside the index (${touched}), the index refused with a one-line reason`,
      file: 'tests/reliability/index-symlinks.test.ts',
    });
  }, 120_000);

  it('cleanup deletes only the names the index writes', () => {
    for (const own of ['manifest.json', 'writer.lock', 'notes/g000001-000.json.gz', 'notes/g000012-003.json', 'vectors/g000001-000.vec', 'cache/lexical-terms.bin.gz']) expect(isOwnIndexFile(own), own).toBe(true);
    for (const other of ['precious.md', 'notes/precious.md', 'notes/g1-0.json', 'vectors/x.vec', 'cache/../x.bin', 'notes/sub/g000001-000.json', '.git/config']) expect(isOwnIndexFile(other), other).toBe(false);
  });
});
