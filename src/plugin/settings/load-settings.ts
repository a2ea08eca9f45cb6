// Reads data.json into PluginSettings. Old shapes are migrated step by step, then every field
// is checked against a schema: a field that is missing, of the wrong type or out of range
// takes its default (numbers are clamped), so a hand-edited or corrupt file never breaks the
// plugin and never loses the fields that are still readable.
import { urlOrigin } from '../../core/http/origin';
import { SETTINGS_VERSION } from '../../core/settings';
import { defaultPluginSettings, MAX_WORKER_POOL_SIZE, type PluginSettings } from './plugin-settings';
import { presetForUrl } from './presets';

/**
 * The flat shape of the first releases (version 0, no `version` field): one endpoint, one
 * model, a chunk size, and comma-separated folder lists.
 */
export interface LegacySettingsV0 {
  endpoint?: string;
  model?: string;
  apiKey?: string;
  temperature?: number;
  chunkSize?: number;
  topK?: number;
  embeddingModel?: string;
  journalFolder?: string;
  excludedFolders?: string;
  conversationFolder?: string;
}

export interface LoadedSettings {
  settings: PluginSettings;
  /** One line per field that was reset or clamped, and per migration applied (for the log). */
  issues: string[];
  /** The version the raw data was in (0 for the legacy shape, null when there was no data). */
  fromVersion: number | null;
}

type Raw = Record<string, unknown>;

/** Upgrades data of version `n` to version `n + 1`. */
const migrations: Record<number, (raw: Raw) => Raw> = {
  0: migrateV0,
};

export function loadSettings(raw: unknown): PluginSettings {
  return loadSettingsReport(raw).settings;
}

export function loadSettingsReport(raw: unknown): LoadedSettings {
  const issues: string[] = [];
  if (raw === null || raw === undefined) {
    return { settings: defaultPluginSettings(), issues, fromVersion: null };
  }
  if (!isObject(raw)) {
    issues.push(`settings: expected an object, found ${describe(raw)}; using defaults`);
    return { settings: defaultPluginSettings(), issues, fromVersion: null };
  }

  const fromVersion = detectVersion(raw);
  let data: Raw = raw;
  if (fromVersion > SETTINGS_VERSION) {
    issues.push(`settings: written by a newer version (${fromVersion}); keeping the fields this version understands`);
  }
  for (let v = fromVersion; v < SETTINGS_VERSION; v++) {
    const step = migrations[v];
    if (!step) {
      issues.push(`settings: no migration from version ${v}; using defaults for what cannot be read`);
      break;
    }
    data = step(data);
    issues.push(`settings: migrated from version ${v} to ${v + 1}`);
  }

  const defaults = defaultPluginSettings();
  const settings = sanitize(schema, defaults, data, '', issues) as PluginSettings;
  settings.version = SETTINGS_VERSION;
  // A key saved before keys had an origin belongs to the address it was used with.
  if (settings.llm.apiKey && !settings.llm.apiKeyOrigin) settings.llm.apiKeyOrigin = urlOrigin(settings.llm.baseUrl);
  return { settings, issues, fromVersion };
}

function detectVersion(raw: Raw): number {
  if (typeof raw.version === 'number' && Number.isInteger(raw.version) && raw.version >= 0) return raw.version;
  // A current-shape file whose version was lost (hand edit): its sections say what it is.
  if (isObject(raw.llm) || isObject(raw.retrieval)) return SETTINGS_VERSION;
  return 0;
}

function migrateV0(raw: Raw): Raw {
  const v0 = raw as LegacySettingsV0;
  const endpoint = typeof v0.endpoint === 'string' ? v0.endpoint.trim() : '';
  const preset = presetForUrl(endpoint);
  const out: Raw = {
    version: 1,
    llm: {
      preset: preset.id,
      provider: preset.provider,
      baseUrl: endpoint,
      model: v0.model,
      apiKey: v0.apiKey,
      temperature: v0.temperature,
    },
    retrieval: {
      embeddingModel: v0.embeddingModel,
      chunkTokens: v0.chunkSize,
      topK: v0.topK,
    },
    journal: { folders: v0.journalFolder ? [v0.journalFolder] : undefined },
    exclusions: { folders: typeof v0.excludedFolders === 'string' ? splitList(v0.excludedFolders) : undefined },
    conversations: { folder: v0.conversationFolder },
  };
  return out;
}

/* ------------------------------------------------------------------ schema */

type Rule =
  | { kind: 'string'; trim?: boolean }
  | { kind: 'number'; min: number; max: number; integer?: boolean }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'list' }
  /**
   * A nested object merged by the defaults' own types (numbers finite, booleans, strings,
   * lists of strings): for developer tuning such as retrieval.lexical, whose fields change
   * with the ranker and are not shown in the UI.
   */
  | { kind: 'shape' };

/** One rule per leaf field of T; nested objects get nested schemas. */
type Schema<T> = {
  [K in keyof T]: T[K] extends string ? Rule : T[K] extends number ? Rule : T[K] extends boolean ? Rule : T[K] extends string[] ? Rule : Schema<T[K]> | Rule;
};

const str: Rule = { kind: 'string' };
const trimmed: Rule = { kind: 'string', trim: true };
const bool: Rule = { kind: 'boolean' };
const list: Rule = { kind: 'list' };
const num = (min: number, max: number, integer = false): Rule => ({ kind: 'number', min, max, integer });

/**
 * A variable rather than an inline literal: the schema type still demands a rule for every field
 * of RetrievalSettings, and a rule for a field the core has not adopted yet is not an error.
 */
const retrievalRules = {
  embeddingModel: trimmed,
  chunkTokens: num(32, 2048, true),
  topK: num(1, 50, true),
  mode: { kind: 'enum', values: ['hybrid', 'lexical', 'vector'] },
  lexicalWeight: num(0, 10),
  vectorWeight: num(0, 10),
  journalExcerptsPerNote: num(0, 20, true),
  maxChunksPerNote: num(0, 50, true),
  offline: bool,
  lexical: { kind: 'shape' },
} satisfies Record<string, Rule>;

const schema: Schema<PluginSettings> = {
  version: num(0, Number.MAX_SAFE_INTEGER, true),
  llm: {
    preset: trimmed,
    provider: { kind: 'enum', values: ['openai', 'ollama'] },
    baseUrl: trimmed,
    model: trimmed,
    apiKey: trimmed,
    apiKeyOrigin: trimmed,
    temperature: num(0, 2),
    maxContextTokens: num(256, 200_000, true),
    timeoutMs: num(1_000, 3_600_000, true),
  },
  retrieval: retrievalRules,
  journal: { folders: list, detectFileNameDate: bool, detectFrontmatterDate: bool },
  exclusions: { folders: list, tags: list },
  answer: { language: { kind: 'enum', values: ['auto', 'fr', 'en'] }, systemPrompt: str },
  chat: { historyTokens: num(0, 100_000, true), condense: bool, condenseTimeoutMs: num(500, 120_000, true) },
  conversations: { folder: trimmed, excludeFromIndex: bool },
  indexing: { workerPoolSize: num(0, MAX_WORKER_POOL_SIZE, true), showStatusBar: bool, localModelFolder: trimmed },
  time: { intent: { kind: 'enum', values: ['auto', 'fact', 'period', 'evolution', 'first', 'last'] } },
  prompts: { folder: trimmed, defaultsCreated: bool },
  // providers branch: embedding endpoint, reranker
  embedding: {
    provider: { kind: 'enum', values: ['transformers', 'ollama', 'openai'] },
    preset: trimmed,
    baseUrl: trimmed,
    model: trimmed,
    apiKey: trimmed,
    timeoutMs: num(1_000, 3_600_000, true),
    batchSize: num(1, 2048, true),
    concurrency: num(1, 16, true),
    customPrefixes: bool,
    queryPrefix: str,
    passagePrefix: str,
    confirmed: str,
  },
  rerank: {
    kind: { kind: 'enum', values: ['none', 'endpoint', 'cross-encoder'] },
    baseUrl: trimmed,
    model: trimmed,
    apiKey: trimmed,
    candidates: num(2, 200, true),
    timeoutMs: num(1_000, 600_000, true),
  },
  secrets: { llm: trimmed, embedding: trimmed, rerank: trimmed },
};

function isRule(x: unknown): x is Rule {
  return isObject(x) && typeof x.kind === 'string';
}

function sanitize(rules: unknown, defaults: unknown, raw: unknown, path: string, issues: string[]): unknown {
  if (isRule(rules)) return sanitizeLeaf(rules, defaults, raw, path, issues);
  const out: Raw = {};
  const section = isObject(raw) ? raw : undefined;
  if (raw !== undefined && !section) issues.push(`${path}: expected a section, found ${describe(raw)}; using defaults`);
  for (const [key, rule] of Object.entries(rules as Raw)) {
    const childPath = path ? `${path}.${key}` : key;
    out[key] = sanitize(rule, (defaults as Raw)[key], section?.[key], childPath, issues);
  }
  return out;
}

function sanitizeLeaf(rule: Rule, fallback: unknown, value: unknown, path: string, issues: string[]): unknown {
  if (value === undefined) return fallback;
  const reject = (): unknown => {
    issues.push(`${path}: ${describe(value)} is not valid; using ${JSON.stringify(fallback)}`);
    return fallback;
  };
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string') return reject();
      return rule.trim ? value.trim() : value;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return reject();
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value) ? value : reject();
    case 'list':
      if (typeof value === 'string') return splitList(value);
      if (!Array.isArray(value)) return reject();
      return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
    case 'shape':
      return mergeShape(fallback, value, path, issues);
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) return reject();
      const clamped = Math.min(rule.max, Math.max(rule.min, rule.integer ? Math.round(n) : n));
      if (clamped !== n) issues.push(`${path}: ${n} is out of range; using ${clamped}`);
      return clamped;
    }
  }
}

function mergeShape(fallback: unknown, value: unknown, path: string, issues: string[]): unknown {
  if (value === undefined) return structuredClone(fallback);
  const bad = (): unknown => {
    issues.push(`${path}: ${describe(value)} is not valid; using ${JSON.stringify(fallback)}`);
    return structuredClone(fallback);
  };
  if (Array.isArray(fallback)) {
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value] : bad();
  }
  if (isObject(fallback)) {
    if (!isObject(value)) return bad();
    const out: Raw = {};
    for (const [key, def] of Object.entries(fallback)) out[key] = mergeShape(def, value[key], `${path}.${key}`, issues);
    return out;
  }
  if (typeof fallback === 'number') return typeof value === 'number' && Number.isFinite(value) ? value : bad();
  if (typeof fallback === 'string') return typeof value === 'string' && value !== '' ? value : bad();
  return typeof value === typeof fallback ? value : bad();
}

/** "a, b\nc" → ["a", "b", "c"]. */
function splitList(text: string): string[] {
  return text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
}

function isObject(x: unknown): x is Raw {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  switch (typeof x) {
    case 'string': return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
    case 'number': case 'boolean': case 'bigint': return String(x);
    case 'undefined': return 'nothing';
    default: return `a ${typeof x}`;
  }
}
