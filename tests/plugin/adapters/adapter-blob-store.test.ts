import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from 'obsidian';
import { AdapterBlobStore, indexFolder } from '../../../src/plugin/adapters/adapter-blob-store';
import { FsDataAdapter } from '../fakes/fs-data-adapter';

const ROOT = 'my-config/plugins/ask-vault/index';
const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);

let dir: string;
let adapter: FsDataAdapter;
let store: AdapterBlobStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ask-vault-blob-'));
  adapter = new FsDataAdapter(dir);
  store = new AdapterBlobStore(adapter, ROOT);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('AdapterBlobStore', () => {
  it('lives in the vault\'s config folder, whatever its name', () => {
    const app = { vault: { configDir: '.config-obsidian' } } as unknown as App;
    expect(indexFolder(app)).toBe('.config-obsidian/plugins/ask-vault/index');
    expect(indexFolder(app, '.config-obsidian/plugins/ask-vault-dev/')).toBe('.config-obsidian/plugins/ask-vault-dev/index');
  });

  it('reads back what it wrote, bytes and text, creating folders as needed', async () => {
    expect(await store.read('manifest.json')).toBeNull();
    await store.write('manifest.json', '{"v":1}');
    const view = new Uint8Array([0, 1, 2, 3, 4, 5]).subarray(2, 5);
    await store.write('vectors/seg-0001.bin', view);
    expect(text(await store.read('manifest.json'))).toBe('{"v":1}');
    expect([...(await store.read('vectors/seg-0001.bin'))!]).toEqual([2, 3, 4]);
    expect(await adapter.exists(`${ROOT}/vectors`)).toBe(true);
  });

  it('replaces through a temporary file and a backup, leaving neither behind', async () => {
    await store.write('a.json', 'old');
    adapter.ops.length = 0;
    await store.write('a.json', 'new');
    expect(adapter.ops).toEqual([
      { op: 'write', path: `${ROOT}/a.json.tmp` },
      { op: 'rename', path: `${ROOT}/a.json`, to: `${ROOT}/a.json.bak` },
      { op: 'rename', path: `${ROOT}/a.json.tmp`, to: `${ROOT}/a.json` },
      { op: 'remove', path: `${ROOT}/a.json.bak` },
    ]);
    expect(text(await store.read('a.json'))).toBe('new');
    expect((await adapter.list(ROOT)).files.sort()).toEqual([`${ROOT}/a.json`]);
  });

  it('after a crash at any step of a write, a fresh store reads the old content or the new', async () => {
    for (let step = 1; step <= 4; step++) {
      await rm(join(dir, 'my-config'), { recursive: true, force: true });
      adapter = new FsDataAdapter(dir);
      await new AdapterBlobStore(adapter, ROOT).write('m.json', 'old');
      adapter.ops.length = 0;
      adapter.crashAt = step;
      await expect(new AdapterBlobStore(adapter, ROOT).write('m.json', 'new')).rejects.toThrow(/simulated crash/);
      adapter.crashAt = null;
      const reopened = new AdapterBlobStore(adapter, ROOT);
      expect(['old', 'new']).toContain(text(await reopened.read('m.json')));
      expect(await reopened.list('')).toEqual(['m.json']);
      // And the next write recovers whatever state the crash left.
      await reopened.write('m.json', 'newer');
      expect(text(await reopened.read('m.json'))).toBe('newer');
      expect((await adapter.list(ROOT)).files).toEqual([`${ROOT}/m.json`]);
    }
  });

  it('serialises concurrent writes and reads of one path', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.write('race.json', `v${i}`)));
    expect(text(await store.read('race.json'))).toBe('v19');
    const reads = await Promise.all([store.write('r.json', 'x'), store.read('r.json'), store.write('r.json', 'y'), store.read('r.json')]);
    expect(text(reads[1] as Uint8Array)).toBe('x');
    expect(text(reads[3] as Uint8Array)).toBe('y');
  });

  it('lists files under a prefix, deeply and sorted, and sums their size', async () => {
    await store.write('manifest.json', '12345');
    await store.write('notes/b.json.gz', 'ab');
    await store.write('notes/a.json.gz', 'abc');
    await store.write('notes/deep/c.bin', 'abcd');
    await store.write('notesx.json', 'z');
    expect(await store.list('')).toEqual(['manifest.json', 'notes/a.json.gz', 'notes/b.json.gz', 'notes/deep/c.bin', 'notesx.json']);
    expect(await store.list('notes/')).toEqual(['notes/a.json.gz', 'notes/b.json.gz', 'notes/deep/c.bin']);
    expect(await store.list('notes/a')).toEqual(['notes/a.json.gz']);
    expect(await store.list('absent/')).toEqual([]);
    expect(await store.size()).toBe(5 + 2 + 3 + 4 + 1);
  });

  it('deletes a file and its leftovers; deleting nothing is fine', async () => {
    await store.write('gone.json', 'x');
    await store.delete('gone.json');
    await store.delete('never.json');
    expect(await store.read('gone.json')).toBeNull();
    expect(await store.list('')).toEqual([]);
  });

  it('refuses paths that leave the index folder or collide with its own temporary names', async () => {
    for (const bad of ['../data.json', 'a//b', '', '/abs', 'x/./y', 'c:evil', 'a.json.tmp', 'b.bak']) {
      await expect(store.write(bad, 'x')).rejects.toThrow(/Invalid index file path/);
    }
  });
});
