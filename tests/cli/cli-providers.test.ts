// The CLI's embedding-provider and rerank flags end to end: the built dist/cli.js on the example
// vault against the loopback embedding server (Ollama and OpenAI protocols, /v1/rerank).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, run } from './run-cli';
import { startEmbeddingServer, type EmbeddingServer } from '../fakes/embedding-server';

const VAULT = join(ROOT, 'examples/vault');

let tmp: string;
let server: EmbeddingServer;
let n = 0;
let indexDir: string;

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['esbuild.config.mjs', '--only=cli'], { cwd: ROOT });
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-providers-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeEach(async () => {
  server = await startEmbeddingServer({ models: ['nomic-embed-text', 'text-embedding-3-small', 'bge-reranker'], apiKey: 'sk-embed-0123456789' });
  indexDir = join(tmp, `index-${n++}`);
});
afterEach(() => server.close());

const KEY_ENV = { EMBED_KEY: 'sk-embed-0123456789' };
const ollama = () => ['--embedding-provider', 'ollama', '--embedding-endpoint', server.url, '--embedding-model', 'nomic-embed-text', '--embedding-api-key-env', 'EMBED_KEY'];
const noteTexts = () => server.texts().filter((t) => !t.endsWith('dimension probe'));

describe('ask-vault with an embedding endpoint', () => {
  it('index --json names provider and model; every chunk once; an unchanged re-run sends no note text', async () => {
    const r = await run(['index', VAULT, '--index-dir', indexDir, '--json', ...ollama()], KEY_ENV);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/warning|error/i);
    const s = JSON.parse(r.stdout);
    expect(s.provider).toBe('ollama');
    expect(s.model).toBe('ollama:nomic-embed-text');
    expect(s.embedded).toBe(s.chunks);
    expect(noteTexts()).toHaveLength(s.chunks);
    expect(server.requests.every((q) => q.path === '/api/embed' && q.headers.authorization === 'Bearer sk-embed-0123456789')).toBe(true);

    server.requests.length = 0;
    const again = JSON.parse((await run(['index', VAULT, '--index-dir', indexDir, '--json', ...ollama()], KEY_ENV)).stdout);
    expect(again.embedded).toBe(0);
    expect(noteTexts()).toHaveLength(0);

    // Another provider and model: everything again, nothing mixed.
    server.requests.length = 0;
    const openai = ['--embedding-provider', 'openai', '--embedding-endpoint', `${server.url}/v1`, '--embedding-model', 'text-embedding-3-small', '--embedding-api-key-env', 'EMBED_KEY'];
    const switched = await run(['index', VAULT, '--index-dir', indexDir, '--json', ...openai], KEY_ENV);
    const sw = JSON.parse(switched.stdout);
    expect(sw).toMatchObject({ provider: 'openai', model: 'openai:text-embedding-3-small', embedded: s.chunks, reused: 0 });
    expect(switched.stderr).toMatch(/Embedding model changed \(ollama:nomic-embed-text → openai:text-embedding-3-small\)/);
    expect(noteTexts()).toHaveLength(s.chunks);
  });

  it('search and ask use the endpoint for the query; --rerank-endpoint reranks and reports its time', async () => {
    await run(['index', VAULT, '--index-dir', indexDir, ...ollama()], KEY_ENV);
    server.requests.length = 0;
    const r = await run(['search', VAULT, 'pré-entraînement', '--index-dir', indexDir, '--json', ...ollama(), '--rerank-endpoint', server.url, '--rerank-model', 'bge-reranker', '--rerank-api-key-env', 'EMBED_KEY'], KEY_ENV);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.mode).toBe('hybrid');
    expect(server.requests.some((q) => q.path === '/api/embed' && (q.body.input as string[])[0] === 'search_query: pré-entraînement')).toBe(true);
    expect(out.rerank).toMatchObject({ model: 'endpoint:bge-reranker', applied: true });
    expect(typeof out.rerank.ms).toBe('number');
    expect(out.results[0].why).toMatch(/reranked/);
    const ask = await run(['ask', VAULT, 'pré-entraînement', '--index-dir', indexDir, '--json', ...ollama()], KEY_ENV);
    expect(JSON.parse(ask.stdout).sources.length).toBeGreaterThan(0);
  });

  it('eval through the endpoint with --rerank-endpoint reports the model and the rerank time per query', async () => {
    const r = await run(['eval', VAULT, join(ROOT, 'examples/journal-questions.jsonl'), '--index-dir', indexDir, '--json', '--limit', '5', ...ollama(), '--rerank-endpoint', server.url, '--rerank-model', 'bge-reranker', '--rerank-api-key-env', 'EMBED_KEY'], KEY_ENV);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.model).toBe('ollama:nomic-embed-text');
    expect(report.rerank).toMatchObject({ model: 'endpoint:bge-reranker', failed: 0 });
    expect(report.rerank.meanMs).toBeGreaterThan(0);
    expect(server.requests.filter((q) => q.path === '/v1/rerank')).toHaveLength(5);
  });

  it('--rerank-model alone runs a transformers.js cross-encoder natively (tiny random-weight model)', async () => {
    await run(['index', VAULT, '--index-dir', indexDir, ...ollama()], KEY_ENV);
    const model = join(ROOT, 'tests/fixtures/tiny-cross-encoder');
    const r = await run(['search', VAULT, 'pré-entraînement', '--index-dir', indexDir, '--json', ...ollama(), '--rerank-model', model], KEY_ENV);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rerank).toMatchObject({ model: `cross-encoder:${model}`, applied: true });
    expect(out.notices).toEqual([]);
  });

  it('an unreachable endpoint: search falls back to lexical with one line', async () => {
    await run(['index', VAULT, '--index-dir', indexDir, ...ollama()], KEY_ENV);
    const url = server.url;
    await server.close();
    const r = await run(['search', VAULT, 'pré-entraînement', '--index-dir', indexDir, '--json', ...ollama().map((a) => (a === url ? url : a))], KEY_ENV);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.mode).toBe('lexical');
    expect(out.results.length).toBeGreaterThan(0);
    expect(out.notices.map((n: { english: string }) => n.english).join('\n')).toMatch(/Embedding model ollama:nomic-embed-text is not available \(Cannot connect to 127\.0\.0\.1:\d+: connection refused/);
    server = await startEmbeddingServer();
  });

  it('a wrong key: one line, no key in it, the notes are indexed lexically', async () => {
    const r = await run(['index', VAULT, '--index-dir', indexDir, '--json', ...ollama()], { EMBED_KEY: 'sk-wrong-9876543210' });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.embedded).toBe(0);
    expect(s.notes).toBe(108);
    expect(r.stderr + r.stdout).not.toContain('sk-wrong');
  });

  it('a named key variable that is unset is a usage error', async () => {
    const r = await run(['index', VAULT, '--index-dir', indexDir, ...ollama()], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--embedding-api-key-env EMBED_KEY: that environment variable is not set/);
  });

  it('a paid endpoint asks first: without a terminal and without --yes nothing is sent', async () => {
    const r = await run(['index', VAULT, '--index-dir', indexDir, '--embedding-provider', 'openai', '--embedding-endpoint', 'https://api.openai.com/v1', '--embedding-model', 'text-embedding-3-small']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Indexing sends about [\d,]+ tokens \(108 notes, estimated at 3\.6 characters per token\) to api\.openai\.com to embed with text-embedding-3-small, which may bill for them\. Run again with --yes to go ahead\./);
  });

  it('killed mid-index (SIGKILL), the next run resumes without re-sending what was saved', async () => {
    // A vault of several embedding groups (256 chunks each, a checkpoint after each).
    const vault = join(tmp, `big-vault-${n}`);
    mkdirSync(vault);
    for (let i = 0; i < 150; i++) {
      const sections = [0, 1, 2, 3].map((j) => `## Partie ${j}\n\nNote ${i} partie ${j} : mot${i}x${j} et encore quelques mots pour le texte ${i * 4 + j}.\n`);
      writeFileSync(join(vault, `note-${i}.md`), `# Note ${i}\n\n${sections.join('\n')}`);
    }
    server.set({ latencyMs: 100 });
    const child = spawn(process.execPath, [CLI, 'index', vault, '--index-dir', indexDir, ...ollama()], { cwd: ROOT, env: { ...process.env, ...KEY_ENV, ASK_VAULT_CHECKPOINT_MS: '0' }, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    // The probe and the first group's 8 requests of 32 answered; a request of the second group
    // is only sent after the first group's checkpoint.
    while (server.requests.length < 11 && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await exited;
    expect(child.signalCode).toBe('SIGKILL');
    const sentBefore = noteTexts();
    server.set({ latencyMs: 0 });
    server.requests.length = 0;
    const r = await run(['index', vault, '--index-dir', indexDir, '--json', ...ollama()], KEY_ENV);
    const s = JSON.parse(r.stdout);
    expect(s.chunks).toBe(600);
    expect(s.reused).toBeGreaterThanOrEqual(256);
    expect(s.embedded + s.reused).toBe(s.chunks);
    const resent = noteTexts();
    expect(resent).toHaveLength(s.embedded);
    // What the killed run had committed is not sent again.
    expect(resent.filter((t) => sentBefore.includes(t)).length).toBeLessThanOrEqual(sentBefore.length - s.reused);
  }, 60_000);
});
