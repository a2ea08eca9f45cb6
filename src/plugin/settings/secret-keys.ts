// API keys in Obsidian's secret storage (app.secretStorage, Obsidian 1.11.4+), so that data.json,
// which people sync to Git and cloud drives, keeps only the secret's id. Older Obsidian has no
// secret storage: the key then stays in data.json, and the settings tab says so.
import { requireApiVersion, type App } from 'obsidian';
import type { PluginSettings } from './plugin-settings';

/** The settings sections that carry an API key. */
export type KeyField = 'llm' | 'embedding' | 'rerank';
export const KEY_FIELDS: readonly KeyField[] = ['llm', 'embedding', 'rerank'];

/** The ids the plugin creates when it moves a key out of data.json. */
export const DEFAULT_SECRET_IDS: Record<KeyField, string> = {
  llm: 'ask-vault-llm-api-key',
  embedding: 'ask-vault-embedding-api-key',
  rerank: 'ask-vault-rerank-api-key',
};

/** Where each key lives: the id of a secret in app.secretStorage ('' = none chosen). */
export interface SecretRefs {
  llm: string;
  embedding: string;
  rerank: string;
}

export interface SecretBackend {
  get(id: string): string | null;
  set(id: string, value: string): void;
}

/** The app's secret storage (Obsidian 1.11.4+), or null where this Obsidian has none: minAppVersion is older, so it is feature-detected. */
export function secretBackend(app: App): SecretBackend | null {
  if (requireApiVersion('1.11.4')) {
    const storage = app.secretStorage as App['secretStorage'] | undefined;
    if (storage && typeof storage.getSecret === 'function' && typeof storage.setSecret === 'function') {
      return {
        get: (id) => storage.getSecret(id),
        set: (id, value) => storage.setSecret(id, value),
      };
    }
  }
  return null;
}

/** The key to send for a section: from secret storage when there is one, else data.json's. */
export function resolveApiKey(settings: PluginSettings, field: KeyField, backend: SecretBackend | null): string {
  const id = settings.secrets[field];
  if (backend && id) return backend.get(id)?.trim() ?? '';
  return settings[field].apiKey;
}

export interface MigrationReport {
  /** Sections whose key moved into secret storage. */
  moved: KeyField[];
  /** One line per key that could not be moved (it stays in data.json, nothing is lost). */
  failed: string[];
}

/**
 * Moves every plain-text key of data.json into secret storage: first the secret is written and
 * read back, only then is it removed from the settings and data.json saved. A crash between the
 * two leaves the key in both places, never in neither; the next load finishes the move.
 */
export async function migrateKeysToSecretStorage(
  settings: PluginSettings,
  backend: SecretBackend | null,
  save: () => Promise<void>,
): Promise<MigrationReport> {
  const report: MigrationReport = { moved: [], failed: [] };
  if (!backend) return report;
  for (const field of KEY_FIELDS) {
    const key = settings[field].apiKey;
    if (!key) continue;
    const id = settings.secrets[field] || DEFAULT_SECRET_IDS[field];
    try {
      backend.set(id, key);
      if (backend.get(id) !== key) throw new Error('the secret did not read back');
    } catch (err) {
      report.failed.push(`${field} API key left in data.json: secret storage refused it (${err instanceof Error ? err.name : 'error'})`);
      continue;
    }
    settings.secrets[field] = id;
    settings[field].apiKey = '';
    report.moved.push(field);
  }
  if (report.moved.length > 0) await save();
  return report;
}
