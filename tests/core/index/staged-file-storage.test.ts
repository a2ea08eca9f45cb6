import { describe, expect, it } from 'vitest';
import { StagedFileStorage } from '../../../src/core/index/staged-file-storage';
import { MemoryBlobStore } from './memory-blob-store';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('StagedFileStorage', () => {
  it('shows staged writes and deletions to its reader, and applies them only at flush', async () => {
    const store = new MemoryBlobStore();
    await store.write('vectors/old.vec', 'old');
    await store.write('vectors/keep.vec', 'keep');
    store.clearLog();
    const fs = new StagedFileStorage(store);

    await fs.upsertFile('vectors/new.vec', 'new');
    await fs.deleteFile('vectors/old.vec');
    expect(text(await fs.readFile('./vectors//new.vec'))).toBe('new');
    await expect(fs.readFile('vectors/old.vec')).rejects.toThrow('File not found: vectors/old.vec');
    expect(await fs.pathExists('vectors/old.vec')).toBe(false);
    expect(await fs.pathExists('vectors')).toBe(true);
    expect(await fs.pathExists('nowhere')).toBe(false);
    expect((await fs.listFiles('vectors')).map((d) => d.path).sort()).toEqual(['vectors/keep.vec', 'vectors/new.vec']);
    await expect(fs.createFile('vectors/keep.vec', 'x')).rejects.toThrow('File already exists');
    expect(store.ops).toEqual([]);

    await fs.flush();
    expect(store.ops).toEqual([
      { op: 'write', path: 'vectors/new.vec' },
      { op: 'delete', path: 'vectors/old.vec' },
    ]);
  });

  it('lists direct children, folders included, and describes them', async () => {
    const store = new MemoryBlobStore();
    await store.write('a/b/c.vec', 'x');
    await store.write('a/d.vec', 'y');
    const fs = new StagedFileStorage(store);
    expect(await fs.listFiles('a', 'files')).toEqual([{ name: 'd.vec', path: 'a/d.vec', isFolder: false }]);
    expect(await fs.listFiles('a', 'folders')).toEqual([{ name: 'b', path: 'a/b', isFolder: true }]);
    expect(await fs.getDetails('a/b')).toEqual({ name: 'b', path: 'a/b', isFolder: true });
    await expect(fs.getDetails('a/zz')).rejects.toThrow('Path not found: a/zz');
  });

  it('serves preloaded bytes once, without reading the store again', async () => {
    const store = new MemoryBlobStore();
    await store.write('v/s.vec', 'on disk');
    const fs = new StagedFileStorage(store);
    fs.preload('v/s.vec', new TextEncoder().encode('preloaded'));
    expect(text(await fs.readFile('v/s.vec'))).toBe('preloaded');
    expect(text(await fs.readFile('v/s.vec'))).toBe('on disk');
  });

  it('drops staged files under a deleted folder, and deletes the stored ones at flush', async () => {
    const store = new MemoryBlobStore();
    await store.write('seg/a.vec', 'a');
    await store.write('other/b.vec', 'b');
    const fs = new StagedFileStorage(store);
    await fs.upsertFile('seg/new.vec', 'n');
    await fs.deleteFolder('seg');
    expect(await fs.pathExists('seg')).toBe(false);
    await fs.flush();
    expect([...store.files.keys()]).toEqual(['other/b.vec']);
  });
});
