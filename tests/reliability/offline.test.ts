// Network use stays as disclosed: with --offline the CLI reaches no host but the LLM endpoint it
// was given (here a loopback server). Every way out of the process (fetch, DNS, TCP) is recorded
// by a guard loaded before the CLI; a control run without --offline shows the guard does see
// transformers.js reaching for the model hub, so an empty record means something.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, runCli, TINY_MODEL, type CliRun } from './support/cli';
import { generateVault, runSeed } from './support/vault';
import { recordTrials } from './support/trials';
import { startLlmServer, type LlmServer } from '../fakes/llm-server';
import { Engine } from '../../src/core/engine';
import { DEFAULT_EMBEDDING_MODEL, defaultSettings } from '../../src/core/settings';
import { TransformersEmbedder } from '../../src/core/embedding';
import { createChatModel } from '../../src/core/answer/model-factory';
import { fetchHttpClient } from '../../src/core/http/fetch-client';
import { FsNoteSource } from '../../src/cli/fs-note-source';
import { FsBlobStore } from '../../src/cli/fs-blob-store';

const GUARD = join(__dirname, 'support/network-guard.mjs');
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

let tmp: string;
let vault: string;
let llm: LlmServer;
let runs = 0;

beforeAll(async () => {
  await ensureCliBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-offline-'));
  vault = join(tmp, 'vault');
  generateVault(vault, 30, runSeed());
  llm = await startLlmServer({ models: ['m'], defaultReply: { text: 'Réponse locale [[Note 1]].' } });
});
afterAll(async () => {
  await llm.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface Attempt {
  via: 'fetch' | 'dns' | 'tcp';
  host: string;
  port?: number | string;
  url?: string;
}

async function guarded(args: string[]): Promise<{ run: CliRun; attempts: Attempt[] }> {
  const logFile = join(tmp, `net-${++runs}.log`);
  const run = await runCli(args, {
    nodeArgs: ['--import', GUARD],
    // An empty model cache: a run that wanted the hub would have to go there.
    env: { ASK_VAULT_NET_LOG: logFile, XDG_CACHE_HOME: join(tmp, `cache-${runs}`), HF_HUB_OFFLINE: '', TRANSFORMERS_OFFLINE: '' },
  });
  const attempts = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Attempt) : [];
  return { run, attempts };
}

const common = (dir: string) => ['--index-dir', join(tmp, dir), '--json'];

describe('--offline', () => {
  it('index, search and ask reach no host but the given loopback endpoint; without --offline the hub is tried', async () => {
    const port = Number(new URL(llm.url).port);
    const offlineRuns: [string, string[]][] = [
      ['index, default hub model', ['index', vault, '--offline', ...common('a')]],
      ['search, default hub model', ['search', vault, 'projet', '--offline', ...common('a')]],
      ['index, local model folder', ['index', vault, '--offline', '--embedding-model', TINY_MODEL, ...common('b')]],
      ['search, local model folder', ['search', vault, 'projet', '--offline', '--embedding-model', TINY_MODEL, '--mode', 'hybrid', ...common('b')]],
      ['ask, loopback OpenAI endpoint', ['ask', vault, 'Que dit la note 1 ?', '--offline', '--endpoint', llm.url, '--model', 'm', ...common('a')]],
      ['ask, loopback Ollama endpoint', ['ask', vault, 'Que dit la note 1 ?', '--offline', '--endpoint', llm.url, '--provider', 'ollama', '--model', 'm', ...common('a')]],
    ];
    let connections = 0;
    for (const [name, args] of offlineRuns) {
      const { run, attempts } = await guarded(args);
      expect(run.code, `${name}: ${run.stderr}`).toBe(0);
      const outside = attempts.filter((a) => !LOOPBACK.has(a.host));
      expect(outside, `${name} tried to leave the machine`).toEqual([]);
      for (const a of attempts) if (a.via === 'tcp') expect(Number(a.port), name).toBe(port);
      if (name.startsWith('ask')) expect(attempts.some((a) => a.via === 'tcp' && Number(a.port) === port), `${name} reached the endpoint`).toBe(true);
      else expect(attempts, `${name} needs no network at all`).toEqual([]);
      connections += attempts.length;
    }
    expect(llm.chatRequests()).toHaveLength(2);

    // Control: the same guard, the same default model, no --offline: transformers.js goes for the hub.
    const { run, attempts } = await guarded(['index', vault, ...common('c')]);
    expect(run.code).toBe(0);
    const hub = attempts.filter((a) => !LOOPBACK.has(a.host));
    expect(hub.length, 'the guard sees model downloads').toBeGreaterThan(0);
    expect(hub.map((a) => a.host)).toContain('huggingface.co');
    recordTrials({
      guarantee: 'Offline: no request leaves the machine',
      trials: offlineRuns.length + 1,
      faults: `fetch, DNS and TCP guarded in the CLI process: ${offlineRuns.map(([n]) => n).join('; ')}; control run without --offline`,
      lost: `nothing: 0 attempts to any host but the loopback endpoint (${connections} loopback connections/lookups); the control run tried ${[...new Set(hub.map((a) => a.host))].join(', ')} and was seen`,
      file: 'tests/reliability/offline.test.ts',
    });
  }, 120_000);

  it('in-process (the plugin\'s offline setting): a global fetch that fails loudly sees only the loopback endpoint', async () => {
    const realFetch = globalThis.fetch;
    const seen: string[] = [];
    const guard = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      seen.push(url.href);
      if (!LOOPBACK.has(url.hostname)) throw new Error(`offline test: request to ${url.host} refused`);
      return realFetch(input, init);
    }) as typeof fetch;
    const attempt = async (offline: boolean) => {
      seen.length = 0;
      const settings = defaultSettings();
      settings.retrieval.offline = offline;
      const engine = await Engine.open({
        source: new FsNoteSource(vault),
        store: new FsBlobStore(join(tmp, `in-process-${offline}`)),
        embedder: new TransformersEmbedder({ model: DEFAULT_EMBEDDING_MODEL, offline, cacheDir: join(tmp, `empty-cache-${offline}`) }),
        settings,
      });
      await engine.sync();
      const res = await engine.ask('Que dit la note 1 ?', { chat: createChatModel({ provider: 'openai', baseUrl: llm.url, model: 'm' }, fetchHttpClient()) });
      await engine.close();
      expect(res.complete).toBe(true);
      return [...seen];
    };
    globalThis.fetch = guard;
    let offline: string[];
    let online: string[];
    try {
      offline = await attempt(true);
      online = await attempt(false);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(offline.filter((u) => !LOOPBACK.has(new URL(u).hostname))).toEqual([]);
    expect(offline.filter((u) => u.startsWith(llm.url))).toHaveLength(1);
    // Control: transformers.js goes through this same fetch when it may use the network.
    expect(online.some((u) => new URL(u).hostname === 'huggingface.co')).toBe(true);
    recordTrials({
      guarantee: 'Offline setting (in-process engine)',
      trials: 2,
      faults: 'global fetch replaced by one that records and refuses every non-loopback URL; embedder offline with an empty model cache; control run online',
      lost: `nothing: offline, ${offline.length} request(s), all to the loopback endpoint; online, the control saw ${online.filter((u) => !LOOPBACK.has(new URL(u).hostname)).length} hub request(s)`,
      file: 'tests/reliability/offline.test.ts',
    });
  }, 60_000);
});
