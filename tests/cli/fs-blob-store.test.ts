import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../src/cli/fs-blob-store';

describe('FsBlobStore', () => {
  let dir: string;
  let store: FsBlobStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ask-vault-blobs-'));
    store = new FsBlobStore(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes, reads, replaces and deletes files, creating folders as needed', async () => {
    expect(await store.read('manifest.json')).toBeNull();
    await store.write('manifest.json', '{"é": 1}');
    await store.write('vectors/deep/g000001-000.vec', new Uint8Array([0, 1, 255]));
    expect(new TextDecoder().decode((await store.read('manifest.json'))!)).toBe('{"é": 1}');
    expect(Array.from((await store.read('vectors/deep/g000001-000.vec'))!)).toEqual([0, 1, 255]);
    await store.write('manifest.json', 'v2');
    expect(new TextDecoder().decode((await store.read('manifest.json'))!)).toBe('v2');
    await store.delete('manifest.json');
    await store.delete('manifest.json'); // already gone: not an error
    expect(await store.read('manifest.json')).toBeNull();
  });

  it('leaves no temporary file behind', async () => {
    for (let i = 0; i < 5; i++) await store.write('notes/a.json', `version ${i}`);
    expect(await readdir(join(dir, 'notes'))).toEqual(['a.json']);
  });

  it('lists files recursively under a prefix, as relative paths', async () => {
    await store.write('manifest.json', '{}');
    await store.write('notes/g1.json', 'a');
    await store.write('notes/sub/g2.json', 'b');
    await store.write('vectors/g1.vec', 'c');
    await mkdir(join(dir, 'empty-folder'));
    expect(await store.list('')).toEqual(['manifest.json', 'notes/g1.json', 'notes/sub/g2.json', 'vectors/g1.vec']);
    expect(await store.list('notes/')).toEqual(['notes/g1.json', 'notes/sub/g2.json']);
    expect(await store.list('notes/g')).toEqual(['notes/g1.json']);
    expect(await store.list('missing/')).toEqual([]);
    expect(await store.size()).toBe(2 + 1 + 1 + 1);
  });

  it('refuses paths that could leave its folder', async () => {
    for (const bad of ['../outside.json', '/etc/passwd', 'notes//x', 'a/./b', 'notes/..', 'C:\\x', '']) {
      await expect(store.write(bad, 'x')).rejects.toThrow(/Invalid index file path/);
      await expect(store.read(bad)).rejects.toThrow(/Invalid index file path/);
    }
  });

  it('keeps the old content and no temporary file when a write fails', async () => {
    await store.write('notes/a.json', 'old');
    await mkdir(join(dir, 'notes', 'b.json')); // a folder where the file should go: rename fails
    await expect(store.write('notes/b.json', 'new')).rejects.toThrow();
    expect(new TextDecoder().decode((await store.read('notes/a.json'))!)).toBe('old');
    expect((await readdir(join(dir, 'notes'))).sort()).toEqual(['a.json', 'b.json']);
  });

  it('never lets a reader see a half-written file', async () => {
    const a = new Uint8Array(3 << 20).fill(1);
    const b = new Uint8Array(2 << 20).fill(2);
    await store.write('big.bin', a);
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 12; i++) await store.write('big.bin', i % 2 ? a : b);
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      const seen = (await store.read('big.bin'))!;
      const whole = (seen.length === a.length && seen.every((x) => x === 1)) || (seen.length === b.length && seen.every((x) => x === 2));
      expect(whole).toBe(true);
      reads++;
    }
    await writer;
    expect(reads).toBeGreaterThan(0);
  });

  it('reads files it did not write, such as a leftover temporary file', async () => {
    await mkdir(join(dir, 'notes'), { recursive: true });
    await writeFile(join(dir, 'notes', '.g1.json.ab12.tmp'), 'partial');
    expect(await store.list('notes/')).toEqual(['notes/.g1.json.ab12.tmp']);
  });
});
