// Turns command-line flags into a running engine over a folder: the same core, index format and
// index location as the plugin.
import { existsSync, statSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultSettings, type CoreSettings } from '../core/settings';
import { Engine } from '../core/engine';
import { SnapshotReader } from '../core/snapshot-reader';
import { acquireWriteLock, LOCK_FILE, type LockOwner } from '../core/index';
import type { Embedder, Logger } from '../core/ports';
import { TransformersEmbedder } from '../core/embedding';
import { endpointEmbedderFromSettings, rerankerFromSettings } from '../core/embedding/providers';
import type { Reranker } from '../core/retrieval/rerank';
import { CrossEncoderReranker } from '../core/retrieval/rerank-cross-encoder';
import { fetchHttpClient } from '../core/http/fetch-client';
import { applyProviderFlags, apiKeyFromEnv } from './provider-flags';
import { FsNoteSource } from './fs-note-source';
import { FsBlobStore } from './fs-blob-store';
import { ExclusionSettingsError, readVaultExclusions, type VaultExclusions } from './vault-exclusions';
import type { CliArgs } from './args';
import { UsageError } from './args';

export class RuntimeError extends Error {}

/** The plugin keeps its index in its own folder; the CLI finds the same place. */
export function defaultIndexDir(vault: string): string {
  const configDir = join(vault, '.obsidian');
  return existsSync(configDir) ? join(configDir, 'plugins', 'ask-vault', 'index') : join(vault, '.ask-vault');
}

export function modelCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'ask-vault', 'models');
}

export function settingsFromFlags(flags: CliArgs['flags']): CoreSettings {
  const s = defaultSettings();
  if (flags.embeddingModel !== undefined) s.retrieval.embeddingModel = flags.embeddingModel === 'none' ? '' : flags.embeddingModel;
  if (flags.chunkTokens) s.retrieval.chunkTokens = flags.chunkTokens;
  if (flags.k) s.retrieval.topK = flags.k;
  if (flags.mode) s.retrieval.mode = flags.mode;
  if (flags.journalFolders.length) s.journal.folders = flags.journalFolders;
  if (flags.maxContextTokens) s.llm.maxContextTokens = flags.maxContextTokens;
  if (flags.temperature !== undefined) s.llm.temperature = flags.temperature;
  s.retrieval.offline = flags.offline;
  if (flags.historyTokens !== undefined) s.chat.historyTokens = flags.historyTokens;
  if (flags.condense) s.chat.condense = true;
  applyProviderFlags(s, flags);
  if (!flags.expand) s.retrieval.journalExcerptsPerNote = 0;
  for (const a of flags.ablations) applyAblation(s.retrieval as unknown as Record<string, unknown>, a);
  return s;
}

/**
 * `--ablation lexical.noteContext=0` switches one retrieval step, for the evaluation's ablation
 * rows. Only existing settings can be set, with a value of the same type.
 */
export function applyAblation(target: Record<string, unknown>, spec: string): void {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`--ablation needs key=value, got "${spec}"`);
  const keys = spec.slice(0, eq).split('.');
  const raw = spec.slice(eq + 1);
  let obj = target;
  for (const k of keys.slice(0, -1)) {
    const next = obj[k];
    if (typeof next !== 'object' || next === null) throw new UsageError(`--ablation: unknown setting "${spec.slice(0, eq)}"`);
    obj = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  const current = obj[last];
  if (current === undefined || (typeof current === 'object' && current !== null)) throw new UsageError(`--ablation: unknown setting "${spec.slice(0, eq)}"`);
  let value: unknown = raw;
  if (typeof current === 'number') value = Number(raw);
  else if (typeof current === 'boolean') value = raw === 'true' ? true : raw === 'false' ? false : undefined;
  if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) throw new UsageError(`--ablation: "${raw}" is not a valid ${typeof current} for ${spec.slice(0, eq)}`);
  obj[last] = value;
}

export function stderrLogger(verbose: boolean): Logger {
  return {
    info: (m) => process.stderr.write(`${m}\n`),
    warn: (m) => process.stderr.write(`warning: ${m}\n`),
    debug: (m) => {
      if (verbose) process.stderr.write(`debug: ${m}\n`);
    },
  };
}

export function makeEmbedder(settings: CoreSettings, apiKey?: string): Embedder | null {
  const endpoint = endpointEmbedderFromSettings(settings.embedding, fetchHttpClient(), apiKey);
  if (endpoint) return endpoint;
  const model = settings.retrieval.embeddingModel;
  if (!model) return null;
  const local = existsSync(model) ? resolve(model) : null;
  return new TransformersEmbedder({
    model: local ?? model,
    offline: settings.retrieval.offline || local !== null,
    cacheDir: modelCacheDir(),
  });
}

export function makeReranker(settings: CoreSettings, apiKey?: string): Reranker | null {
  const r = settings.rerank;
  if (r.kind === 'cross-encoder') {
    const local = existsSync(r.model) ? resolve(r.model) : null;
    return new CrossEncoderReranker({ model: local ?? r.model, offline: settings.retrieval.offline || local !== null, cacheDir: modelCacheDir() });
  }
  return rerankerFromSettings(r, fetchHttpClient(), apiKey);
}

/**
 * A lock left by a process of this machine that no longer runs (killed, crashed) is free at
 * once. Signal 0 only probes: ESRCH means no such process; EPERM means it runs as another user.
 * A reused pid reads as alive, which only falls back to the heartbeat's staleness.
 */
export function lockOwnerGone(owner: LockOwner): boolean {
  if (owner.host !== hostname() || owner.pid === undefined || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return (err as { code?: unknown }).code === 'ESRCH';
  }
}

/** Checkpoint interval of a long index run; ASK_VAULT_CHECKPOINT_MS overrides it (crash tests). */
export function checkpointMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.ASK_VAULT_CHECKPOINT_MS;
  if (raw === undefined || raw === '') return 20_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`ASK_VAULT_CHECKPOINT_MS must be a whole number of milliseconds, got "${raw}"`);
  return n;
}

/** Commands that can answer from the last committed generation while another process writes. */
const READ_COMMANDS: ReadonlySet<CliArgs['command']> = new Set(['search', 'ask', 'eval']);

export interface Session {
  engine: Engine | SnapshotReader;
  /** A snapshot reader: another process holds the writer lock; nothing is synced or written. */
  readOnly: boolean;
  /** Warnings already shown while opening (a corrupt or outdated index). */
  openWarnings: ReadonlySet<string>;
  settings: CoreSettings;
  vault: string;
  indexDir: string;
  /** --yes: no confirmation before a paid or remote endpoint embeds the vault. */
  assumeYes: boolean;
  close(): Promise<void>;
}

function vaultExclusions(vault: string, flags: CliArgs['flags']): VaultExclusions {
  try {
    return readVaultExclusions(vault, flags);
  } catch (err) {
    if (err instanceof ExclusionSettingsError) throw new RuntimeError(err.message);
    throw err;
  }
}

export async function openSession(args: CliArgs, logger: Logger): Promise<Session> {
  const vault = resolve(args.vault);
  if (!existsSync(vault) || !statSync(vault).isDirectory()) throw new UsageError(`vault folder not found: ${args.vault}`);
  const settings = settingsFromFlags(args.flags);
  const exclusions = vaultExclusions(vault, args.flags);
  settings.exclusions = exclusions.settings;
  if (exclusions.readFrom.length) logger.debug(`exclusions read from ${exclusions.readFrom.join(', ')}`);
  const indexDir = resolve(args.flags.indexDir ?? defaultIndexDir(vault));
  const store = new FsBlobStore(indexDir);
  const lock = await acquireWriteLock(store, { pid: process.pid, host: hostname(), tool: 'cli' }, {
    staleMs: 60_000,
    now: () => Date.now(),
    ownerGone: lockOwnerGone,
  });
  if ('heldBy' in lock) {
    if (READ_COMMANDS.has(args.command)) return openReader(vault, indexDir, store, settings, logger, lock.heldBy);
    throw new RuntimeError(`the index is being written by ${lock.heldBy}; wait for it to finish, or delete ${join(indexDir, LOCK_FILE)} if it is stale`);
  }
  // A long index run keeps its lock fresh so another writer does not take it as stale.
  const heartbeat = setInterval(() => void lock.refresh().catch(() => undefined), 15_000);
  heartbeat.unref();
  const engine = await Engine.open({
    source: new FsNoteSource(vault),
    store,
    embedder: makeEmbedder(settings, apiKeyFromEnv(args.flags.embeddingApiKeyEnv, '--embedding-api-key-env')),
    reranker: makeReranker(settings, apiKeyFromEnv(args.flags.rerankApiKeyEnv, '--rerank-api-key-env')),
    settings,
    logger,
    checkpointMs: checkpointMs(),
    ...(exclusions.extra ? { extraExclusion: exclusions.extra } : {}),
  });
  return {
    engine,
    // The index logged these through `logger` as it opened; commands must not repeat them.
    openWarnings: new Set(engine.warnings),
    readOnly: false,
    settings,
    vault,
    indexDir,
    assumeYes: args.flags.yes,
    async close() {
      clearInterval(heartbeat);
      try {
        await engine.close();
      } finally {
        await lock.release();
      }
    },
  };
}

/** Another process writes: answer from its last commit, and say so once (on stderr). */
async function openReader(vault: string, indexDir: string, store: FsBlobStore, settings: CoreSettings, logger: Logger, heldBy: string): Promise<Session> {
  const engine = await SnapshotReader.open({
    source: new FsNoteSource(vault),
    store,
    embedder: makeEmbedder(settings),
    settings,
    logger,
    owner: { pid: process.pid, host: hostname(), tool: 'cli' },
  });
  const s = engine.status();
  logger.info(
    s.notes === 0
      ? `The index is being built by ${heldBy} and has nothing saved yet: answering from an empty index.`
      : `The index is being updated by ${heldBy}: answering from its last saved state (${s.notes} notes).`,
  );
  return { engine, openWarnings: new Set(engine.warnings), readOnly: true, assumeYes: false, settings, vault, indexDir, close: () => engine.close() };
}
