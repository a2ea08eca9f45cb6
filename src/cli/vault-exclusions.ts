// The CLI writes into the plugin's index, so it keeps out what the plugin keeps out: the plugin's
// excluded folders and tags and its conversation folder (from its data.json), and Obsidian's
// "Excluded files" (from app.json), both in the vault's config folder; plus --exclude-folder and
// --exclude-tag. A settings file that exists but cannot be read is an error, not "no exclusions".
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ignoreFilterPredicate } from '../core/indexer/ignore-filters';
import type { ExclusionSettings } from '../core/settings';

export const CONFIG_DIR = '.obsidian';
const PLUGIN_ID = 'ask-vault';

export interface VaultExclusions {
  settings: ExclusionSettings;
  /** Obsidian's excluded files and the conversation folder; undefined when there are none. */
  extra?: (path: string) => boolean;
  /** The files they were read from, for --verbose. */
  readFrom: string[];
}

export class ExclusionSettingsError extends Error {}

export function readVaultExclusions(vault: string, flags: { excludeFolders: string[]; excludeTags: string[] }): VaultExclusions {
  const readFrom: string[] = [];
  const folders = [...flags.excludeFolders];
  const tags = [...flags.excludeTags];
  const predicates: Array<(path: string) => boolean> = [];

  const data = readJson(join(vault, CONFIG_DIR, 'plugins', PLUGIN_ID, 'data.json'), readFrom);
  if (data) {
    const exclusions = record(data.exclusions);
    folders.push(...strings(exclusions?.folders));
    tags.push(...strings(exclusions?.tags));
    // Settings of the first format: one comma-separated string.
    if (typeof data.excludedFolders === 'string') folders.push(...data.excludedFolders.split(',').map((f) => f.trim()).filter(Boolean));
    const conversations = record(data.conversations);
    const folder = typeof conversations?.folder === 'string' ? conversations.folder.trim() : typeof data.conversationFolder === 'string' ? data.conversationFolder.trim() : 'Ask Vault';
    if (conversations?.excludeFromIndex !== false && folder) folders.push(folder);
  }
  const app = readJson(join(vault, CONFIG_DIR, 'app.json'), readFrom);
  const filters = strings(app?.userIgnoreFilters);
  if (filters.length) predicates.push(ignoreFilterPredicate(filters));

  return {
    settings: { folders: [...new Set(folders)], tags: [...new Set(tags)] },
    ...(predicates.length ? { extra: (path: string) => predicates.some((p) => p(path)) } : {}),
    readFrom,
  };
}

function readJson(path: string, readFrom: string[]): Record<string, unknown> | null {
  if (!existsSync(path)) return null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ExclusionSettingsError(`could not read the exclusions in ${path}: ${(err as Error).message.split('\n')[0]}; fix the file (or move it away) and run again`);
  }
  readFrom.push(path);
  return record(value);
}

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}
