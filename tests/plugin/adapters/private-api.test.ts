import { afterEach, describe, expect, it } from 'vitest';
import type { App } from 'obsidian';
import { hostExclusions } from '../../../src/plugin/adapters/obsidian-exclusions';
import { resetPrivateApiReports, setPrivateApiNotifier } from '../../../src/plugin/adapters/private-api';

afterEach(() => {
  setPrivateApiNotifier(null);
  resetPrivateApiReports();
});

describe('private Obsidian APIs fail closed, with one notice', () => {
  it('metadataCache.isUserIgnored that throws: every path excluded, one notice however many calls', () => {
    const notices: string[] = [];
    setPrivateApiNotifier((api) => notices.push(api));
    const app = { vault: {}, metadataCache: { isUserIgnored: () => { throw new Error('boom'); } } } as unknown as App;
    const excluded = hostExclusions(app);
    expect(['a.md', 'b/c.md', 'd.md'].map(excluded)).toEqual([true, true, true]);
    expect(notices).toEqual(['metadataCache.isUserIgnored']);
  });

  it('neither isUserIgnored nor vault.getConfig: every path excluded, one notice', () => {
    const notices: string[] = [];
    setPrivateApiNotifier((api) => notices.push(api));
    const excluded = hostExclusions({ vault: {}, metadataCache: {} } as unknown as App);
    expect(excluded('a.md')).toBe(true);
    hostExclusions({ vault: {}, metadataCache: {} } as unknown as App);
    expect(notices).toEqual(['metadataCache.isUserIgnored']);
  });

  it('isUserIgnored missing: the filters from vault.getConfig are applied as Obsidian documents them', () => {
    const app = { vault: { getConfig: (k: string) => (k === 'userIgnoreFilters' ? ['Archives/'] : undefined) }, metadataCache: {} } as unknown as App;
    const excluded = hostExclusions(app);
    expect([excluded('Archives/x.md'), excluded('Notes/x.md')]).toEqual([true, false]);
  });

  it('isUserIgnored present and working: its answer, called on the metadata cache', () => {
    const cache = { isUserIgnored(this: unknown, p: string) { return this === cache && p.startsWith('X/'); } };
    const excluded = hostExclusions({ vault: {}, metadataCache: cache } as unknown as App);
    expect([excluded('X/a.md'), excluded('Y/a.md')]).toEqual([true, false]);
  });
});
