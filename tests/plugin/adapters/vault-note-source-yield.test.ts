// Indexing parses notes on the main thread between reads; the note source gives the event loop a
// turn every few milliseconds of that work, even when reads resolve at once (cached files).
import { describe, expect, it } from 'vitest';
import type { Vault } from 'obsidian';
import { VaultNoteSource } from '../../../src/plugin/adapters/vault-note-source';
import { LiveVault } from '../fakes/live-vault';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* parsing */ }
}

describe('VaultNoteSource', () => {
  it('lets timers run during a long run of reads', async () => {
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`n${i}.md`, `Note ${i}`]));
    const source = new VaultNoteSource(new LiveVault(files) as unknown as Vault);
    const listed = await source.list();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const started = performance.now();
    for (const f of listed) {
      await source.read(f.path);
      busy(3);
    }
    clearInterval(timer);
    expect(performance.now() - started).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThan(5);
  });
});
