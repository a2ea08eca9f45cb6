import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SETTINGS_VERSION } from '../../../src/core/settings';
import { loadSettings, loadSettingsReport } from '../../../src/plugin/settings/load-settings';
import { defaultPluginSettings, resolveWorkerPoolSize } from '../../../src/plugin/settings/plugin-settings';

describe('loadSettings', () => {
  it('gives the defaults for a first start', () => {
    expect(loadSettings(null)).toEqual(defaultPluginSettings());
    expect(loadSettings(undefined)).toEqual(defaultPluginSettings());
    expect(defaultPluginSettings().conversations).toEqual({ folder: 'Ask Vault/', excludeFromIndex: true });
  });

  it('round-trips its own output unchanged', () => {
    const custom = defaultPluginSettings();
    custom.llm = { ...custom.llm, preset: 'ollama', provider: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'llama3.1:8b' };
    custom.journal.folders = ['Journal'];
    custom.indexing.workerPoolSize = 3;
    const report = loadSettingsReport(JSON.parse(JSON.stringify(custom)));
    expect(report.settings).toEqual(custom);
    expect(report.issues).toEqual([]);
  });

  it('migrates the flat version-0 shape', () => {
    const report = loadSettingsReport({
      endpoint: 'http://localhost:11434',
      model: 'mistral:7b',
      apiKey: '',
      chunkSize: 300,
      excludedFolders: 'Archives, Modèles',
      journalFolder: 'Journal',
      conversationFolder: 'Chats/',
    });
    expect(report.fromVersion).toBe(0);
    const s = report.settings;
    expect(s.version).toBe(SETTINGS_VERSION);
    expect(s.llm).toMatchObject({ preset: 'ollama', provider: 'ollama', baseUrl: 'http://localhost:11434', model: 'mistral:7b' });
    expect(s.retrieval.chunkTokens).toBe(300);
    expect(s.exclusions.folders).toEqual(['Archives', 'Modèles']);
    expect(s.journal.folders).toEqual(['Journal']);
    expect(s.conversations.folder).toBe('Chats/');
    // What v0 did not have keeps its default.
    expect(s.retrieval.embeddingModel).toBe(defaultPluginSettings().retrieval.embeddingModel);
    expect(report.issues).toContain('settings: migrated from version 0 to 1');
  });

  it('maps a v0 endpoint to its preset, and no endpoint to extractive answers', () => {
    expect(loadSettings({ endpoint: 'https://api.openai.com/v1', apiKey: 'sk-x' }).llm).toMatchObject({ preset: 'openai', provider: 'openai', apiKey: 'sk-x' });
    expect(loadSettings({ endpoint: 'https://api.mistral.ai/v1' }).llm.preset).toBe('mistral');
    expect(loadSettings({ endpoint: 'http://gpu-box:8000/v1' }).llm.preset).toBe('custom');
    expect(loadSettings({ model: 'x' }).llm).toMatchObject({ preset: 'none', baseUrl: '' });
  });

  it('keeps the readable fields of a damaged file and resets the others', () => {
    const report = loadSettingsReport({
      version: 1,
      llm: { model: 'gpt-4o-mini', temperature: 'hot', provider: 'anthropic', maxContextTokens: 10 },
      retrieval: 'garbage',
      journal: { folders: ['Journal', 42, '  ', 'Daily'], detectFileNameDate: 'false' },
      exclusions: { tags: '#private\nwork' },
      indexing: { workerPoolSize: 99 },
    });
    const s = report.settings;
    const d = defaultPluginSettings();
    expect(s.llm.model).toBe('gpt-4o-mini');
    expect(s.llm.temperature).toBe(d.llm.temperature);
    expect(s.llm.provider).toBe(d.llm.provider);
    expect(s.llm.maxContextTokens).toBe(256); // clamped, not reset
    expect(s.retrieval).toEqual(d.retrieval);
    expect(s.journal.folders).toEqual(['Journal', 'Daily']);
    expect(s.journal.detectFileNameDate).toBe(false);
    expect(s.exclusions.tags).toEqual(['#private', 'work']);
    expect(s.indexing.workerPoolSize).toBe(8);
    expect(report.issues.join('\n')).toMatch(/llm\.temperature: "hot" is not valid/);
    expect(report.issues.join('\n')).toMatch(/retrieval: expected a section/);
  });

  const retrievalDefaults = defaultPluginSettings().retrieval as unknown as Record<string, unknown>;
  const tuningKey = Object.keys(retrievalDefaults).find((k) => typeof retrievalDefaults[k] === 'object' && retrievalDefaults[k] !== null && !Array.isArray(retrievalDefaults[k]));

  it.skipIf(!tuningKey)('merges nested tuning sections (retrieval.lexical) field by field, by the defaults\' types', () => {
    const defaults = retrievalDefaults;
    const tuning = defaults[tuningKey!] as Record<string, unknown>;
    const numeric = Object.keys(tuning).find((k) => typeof tuning[k] === 'number')!;
    const other = Object.keys(tuning).find((k) => k !== numeric)!;
    const report = loadSettingsReport({ version: 1, retrieval: { [tuningKey!]: { [numeric]: 0.123, [other]: Symbol.for('garbage'), extra: 1 } } });
    const merged = (report.settings.retrieval as unknown as Record<string, Record<string, unknown>>)[tuningKey!]!;
    expect(merged[numeric]).toBe(0.123);
    expect(merged[other]).toEqual(tuning[other]);
    expect(merged).not.toHaveProperty('extra');
    expect(report.issues.some((i) => i.startsWith(`retrieval.${tuningKey}.${other}:`))).toBe(true);
  });

  it('accepts a file written by a newer version, keeping what it understands', () => {
    const report = loadSettingsReport({ version: SETTINGS_VERSION + 3, llm: { model: 'm' }, futureSection: { x: 1 } });
    expect(report.settings.llm.model).toBe('m');
    expect(report.settings.version).toBe(SETTINGS_VERSION);
    expect(report.settings).not.toHaveProperty('futureSection');
    expect(report.issues[0]).toMatch(/newer version/);
  });

  it('never throws and always returns a complete, valid shape, whatever the input', () => {
    const keys = Object.keys(defaultPluginSettings());
    fc.assert(fc.property(fc.anything(), (raw) => {
      const s = loadSettings(raw);
      expect(Object.keys(s).sort()).toEqual([...keys].sort());
      expect(['openai', 'ollama']).toContain(s.llm.provider);
      expect(Number.isFinite(s.llm.temperature)).toBe(true);
      expect(Array.isArray(s.journal.folders)).toBe(true);
      expect(s.retrieval.topK).toBeGreaterThanOrEqual(1);
    }), { numRuns: 300 });
  });
});

describe('resolveWorkerPoolSize', () => {
  it('is min(2, cores - 1), at least 1, unless set', () => {
    expect(resolveWorkerPoolSize({ workerPoolSize: 0 }, 8)).toBe(2);
    expect(resolveWorkerPoolSize({ workerPoolSize: 0 }, 2)).toBe(1);
    expect(resolveWorkerPoolSize({ workerPoolSize: 0 }, 1)).toBe(1);
    expect(resolveWorkerPoolSize({ workerPoolSize: 0 }, Number.NaN)).toBe(1);
    expect(resolveWorkerPoolSize({ workerPoolSize: 4 }, 2)).toBe(4);
  });
});
