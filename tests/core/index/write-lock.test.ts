import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../../src/cli/fs-blob-store';
import { acquireWriteLock, LOCK_FILE, LockLostError, type LockHeld, type WriteLock } from '../../../src/core/index';
import { MemoryBlobStore } from './memory-blob-store';

const cli = { pid: 1234, host: 'portable', tool: 'cli' as const };
const plugin = { tool: 'plugin' as const };

function isHeld(r: WriteLock | LockHeld): r is LockHeld {
  return 'heldBy' in r;
}

async function mustAcquire(...args: Parameters<typeof acquireWriteLock>): Promise<WriteLock> {
  const r = await acquireWriteLock(...args);
  if (isHeld(r)) throw new Error(`lock held by ${r.heldBy}`);
  return r;
}

describe('acquireWriteLock', () => {
  it('gives the lock to one writer and tells the next who holds it', async () => {
    const store = new MemoryBlobStore();
    let now = 1_000_000;
    const clock = { now: () => now, settleMs: 0 };
    const lock = await mustAcquire(store, cli, clock);
    now += 3_000;
    expect(await acquireWriteLock(store, plugin, clock)).toEqual({ heldBy: 'cli (pid 1234 on portable), last seen 3 s ago' });
    await lock.release();
    expect(store.files.has(LOCK_FILE)).toBe(false);
    const second = await mustAcquire(store, plugin, clock);
    now += 1_000;
    expect(await acquireWriteLock(store, cli, clock)).toEqual({ heldBy: 'plugin, last seen 1 s ago' });
    await second.release();
  });

  it('keeps a refreshed lock alive, and takes over a stale one', async () => {
    const store = new MemoryBlobStore();
    let now = 0;
    const opts = { now: () => now, staleMs: 60_000, settleMs: 0 };
    const first = await mustAcquire(store, cli, opts);
    now = 50_000;
    await first.refresh();
    now = 100_000; // 50 s after the refresh: still live
    expect(isHeld(await acquireWriteLock(store, plugin, opts))).toBe(true);

    now = 111_000; // 61 s after the refresh: the holder is presumed dead
    const taker = await mustAcquire(store, plugin, opts);
    await expect(first.refresh()).rejects.toThrow(LockLostError);
    await expect(first.refresh()).rejects.toThrow(/taken over by plugin, last seen 0 s ago/);
    await first.release(); // must not release the new holder's lock
    expect(isHeld(await acquireWriteLock(store, cli, opts))).toBe(true);
    await taker.release();
  });

  it('takes over a lock file that is unreadable or dated far in the future', async () => {
    const store = new MemoryBlobStore();
    store.files.set(LOCK_FILE, new TextEncoder().encode('not json'));
    const lock = await mustAcquire(store, cli, { settleMs: 0 });
    await lock.release();
    store.files.set(LOCK_FILE, new TextEncoder().encode(JSON.stringify({ owner: plugin, token: 't', heartbeat: Date.now() + 3_600_000 })));
    await mustAcquire(store, cli, { settleMs: 0 });
  });

  it('lets exactly one of two simultaneous takers win', async () => {
    const store = new MemoryBlobStore();
    const [a, b] = await Promise.all([acquireWriteLock(store, cli, { settleMs: 10 }), acquireWriteLock(store, plugin, { settleMs: 10 })]);
    expect([a, b].filter((r) => !isHeld(r))).toHaveLength(1);
    expect([a, b].filter(isHeld)[0]!.heldBy).toMatch(/^(cli|plugin)/);
  });

  it('works over real files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ask-vault-lock-'));
    try {
      const store = new FsBlobStore(dir);
      const lock = await mustAcquire(store, cli);
      expect(isHeld(await acquireWriteLock(new FsBlobStore(dir), plugin))).toBe(true);
      await lock.refresh();
      await lock.release();
      expect(await store.read(LOCK_FILE)).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
