import { describe, expect, it } from 'vitest';
import type { App } from 'obsidian';
import { loadSettings } from '../../../src/plugin/settings/load-settings';
import { migrateKeysToSecretStorage, resolveApiKey, secretBackend, type SecretBackend } from '../../../src/plugin/settings/secret-keys';

const KEY = 'sk-live-abcdefghijklmnop0123';

function memoryBackend(): SecretBackend & { store: Map<string, string>; log: string[] } {
  const store = new Map<string, string>();
  const log: string[] = [];
  return {
    store,
    log,
    get: (id) => store.get(id) ?? null,
    set: (id, v) => {
      log.push(`set ${id}`);
      store.set(id, v);
    },
  };
}

/** data.json as an older version wrote it: keys in plain text. */
const legacy = () => ({ version: 1, llm: { preset: 'openai', provider: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', apiKey: KEY }, embedding: { provider: 'openai', apiKey: `${KEY}-embed` } });

describe('API keys in secret storage', () => {
  it('moves each key out of data.json: written to secret storage first, then removed and saved', async () => {
    const settings = loadSettings(legacy());
    const backend = memoryBackend();
    let disk = JSON.stringify(legacy());
    const report = await migrateKeysToSecretStorage(settings, backend, async () => {
      backend.log.push('save');
      // The order that makes a crash harmless: every secret is in storage before data.json loses it.
      expect([...backend.store.values()]).toEqual([KEY, `${KEY}-embed`]);
      disk = JSON.stringify(settings);
    });
    expect(report).toEqual({ moved: ['llm', 'embedding'], failed: [] });
    expect(backend.log).toEqual(['set ask-vault-llm-api-key', 'set ask-vault-embedding-api-key', 'save']);
    expect(disk).not.toContain(KEY);
    expect(JSON.parse(disk).secrets).toEqual({ llm: 'ask-vault-llm-api-key', embedding: 'ask-vault-embedding-api-key', rerank: '' });
    expect(resolveApiKey(settings, 'llm', backend)).toBe(KEY);
    expect(resolveApiKey(settings, 'embedding', backend)).toBe(`${KEY}-embed`);
    // A second load finds nothing to move and writes nothing.
    const again = await migrateKeysToSecretStorage(loadSettings(JSON.parse(disk)), backend, async () => void backend.log.push('save'));
    expect(again.moved).toEqual([]);
    expect(backend.log.filter((l) => l === 'save')).toHaveLength(1);
  });

  it('a crash after the secret was written but before data.json was saved loses nothing; the next load finishes', async () => {
    const backend = memoryBackend();
    await expect(migrateKeysToSecretStorage(loadSettings(legacy()), backend, async () => { throw new Error('killed'); })).rejects.toThrow('killed');
    // data.json still has the key (never saved), and so has the secret storage.
    const settings = loadSettings(legacy());
    expect(resolveApiKey(settings, 'llm', backend)).toBe(KEY);
    const report = await migrateKeysToSecretStorage(settings, backend, async () => {});
    expect(report.moved).toEqual(['llm', 'embedding']);
    expect(settings.llm.apiKey).toBe('');
  });

  it('a storage that refuses the secret leaves the key in data.json, with one line', async () => {
    const backend: SecretBackend = { get: () => null, set: () => { throw new Error(`bad id for ${KEY}`); } };
    const settings = loadSettings(legacy());
    const report = await migrateKeysToSecretStorage(settings, backend, async () => {});
    expect(report.moved).toEqual([]);
    expect(report.failed[0]).toBe('llm API key left in data.json: secret storage refused it (Error)');
    expect(report.failed.join('\n')).not.toContain(KEY);
    expect(settings.llm.apiKey).toBe(KEY);
  });

  it('an Obsidian without secret storage (older than 1.11.4) keeps the plain key', async () => {
    expect(secretBackend({} as App)).toBeNull();
    const settings = loadSettings(legacy());
    expect((await migrateKeysToSecretStorage(settings, null, async () => {})).moved).toEqual([]);
    expect(resolveApiKey(settings, 'llm', null)).toBe(KEY);
  });

  it('feature-detects app.secretStorage', () => {
    const store = new Map<string, string>();
    const app = { secretStorage: { getSecret: (id: string) => store.get(id) ?? null, setSecret: (id: string, v: string) => void store.set(id, v), listSecrets: () => [...store.keys()] } } as unknown as App;
    const backend = secretBackend(app)!;
    backend.set('x-id', 'v');
    expect(backend.get('x-id')).toBe('v');
  });
});
