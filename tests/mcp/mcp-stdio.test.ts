// `ask-vault mcp` as an MCP client sees it: the SDK's own Client over StdioClientTransport,
// spawning the built dist/cli.js (esbuild.config.mjs, rebuilt here if older than a source, so
// the bundle of the SDK is what is tested) on a copy of examples/vault indexed with the tiny model. Every tool is
// called, bad inputs come back as errors while the server keeps serving, a concurrent
// `ask-vault index` writes meanwhile, and --watch re-syncs an edited note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startLlmServer, type LlmServer } from '../fakes/llm-server';
import { fingerprintTree, treeChanges } from '../reliability/support/vault';
import { lockPid } from '../reliability/support/readers';
import { ensureBuilt } from '../built';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const TINY_MODEL = join(ROOT, 'tests/fixtures/tiny-model');

let tmp: string;
let vault: string;
let indexDir: string;
let llm: LlmServer;

interface Served {
  client: Client;
  stderr: () => string;
  errors: Error[];
  close(): Promise<void>;
}

async function serve(extra: string[] = [], dir = indexDir): Promise<Served> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', vault, '--index-dir', dir, '--embedding-model', TINY_MODEL, '--offline', ...extra],
    cwd: ROOT,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const errors: Error[] = [];
  // A line on stdout that is not a protocol message lands here.
  transport.onerror = (err) => errors.push(err);
  const client = new Client({ name: 'ask-vault-test', version: '1.0.0' });
  client.onerror = (err) => errors.push(err);
  await client.connect(transport);
  return { client, stderr: () => stderr, errors, close: () => client.close() };
}

type ToolResult = Awaited<ReturnType<Client['callTool']>>;

function textOf(r: ToolResult): string {
  const first = (r.content as { type: string; text?: string }[])[0];
  return first?.type === 'text' ? first.text! : '';
}

function jsonOf<T = Record<string, unknown>>(r: ToolResult): T {
  expect(r.isError, textOf(r)).toBeFalsy();
  return JSON.parse(textOf(r)) as T;
}

async function expectToolError(client: Client, name: string, args: Record<string, unknown>, message: RegExp): Promise<void> {
  const r = await client.callTool({ name, arguments: args });
  expect(r.isError, `${name} ${JSON.stringify(args).slice(0, 80)} should fail`).toBe(true);
  expect(textOf(r)).toMatch(message);
}

async function statusOf(client: Client): Promise<Record<string, any>> {
  const content = (await client.readResource({ uri: 'ask-vault://index/status' })).contents[0]!;
  return JSON.parse('text' in content ? content.text : '') as Record<string, any>;
}

interface Passage {
  path: string;
  title: string;
  heading: string | null;
  lines: [number, number];
  date: string | null;
  score: number;
  why: string;
  cite: string;
  text: string;
}

beforeAll(async () => {
  ensureBuilt('cli');
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-mcp-'));
  vault = join(tmp, 'vault');
  indexDir = join(tmp, 'index');
  cpSync(join(ROOT, 'examples/vault'), vault, { recursive: true });
  execFileSync(process.execPath, [CLI, 'index', vault, '--index-dir', indexDir, '--embedding-model', TINY_MODEL, '--offline', '--json'], { stdio: 'pipe' });
  llm = await startLlmServer({ models: ['test-model'] });
}, 120_000);

afterAll(async () => {
  await llm?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('ask-vault mcp over stdio', () => {
  it('lists the four tools with schemas and descriptions, and the status resource', async () => {
    const s = await serve();
    try {
      const { tools } = await s.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['ask', 'journal', 'related', 'search']);
      for (const t of tools) {
        expect(t.description!.length, t.name).toBeGreaterThan(200);
        expect(t.inputSchema.type).toBe('object');
        expect(t.annotations?.readOnlyHint).toBe(true);
      }
      const search = tools.find((t) => t.name === 'search')!;
      expect(search.inputSchema.required).toEqual(['query']);
      expect(search.inputSchema.properties!.k).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
      const { resources } = await s.client.listResources();
      expect(resources.map((r) => r.uri)).toEqual(['ask-vault://index/status']);
      const status = await statusOf(s.client);
      expect(status).toMatchObject({ readOnly: true, writer: null, model: TINY_MODEL, indexDir });
      expect(status.notes).toBeGreaterThan(90);
      expect(status.generation).toBeGreaterThan(0);
      expect(s.errors).toEqual([]);
      expect(s.stderr()).toMatch(/MCP server on stdio/);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('calls each tool: search (with filters), ask (extractive and through an endpoint), related, journal', async () => {
    const s = await serve();
    try {
      const found = jsonOf<{ results: Passage[]; mode: string }>(await s.client.callTool({ name: 'search', arguments: { query: 'POC RAG projet 20', k: 5 } }));
      expect(found.results.length).toBeGreaterThan(0);
      expect(found.results.length).toBeLessThanOrEqual(5);
      for (const r of found.results) {
        expect(r).toMatchObject({ path: expect.stringMatching(/\.md$/), lines: [expect.any(Number), expect.any(Number)], score: expect.any(Number), why: expect.any(String) });
        // The spelling the answer checker accepts: the note's title (its path only when two share one).
        expect(r.cite).toBe(`[[${r.title}${r.heading ? `#${r.heading}` : ''}]]`);
      }
      expect(found.results.some((r) => r.path.startsWith('Projets/Projet 20'))).toBe(true);

      const inFolder = jsonOf<{ results: Passage[] }>(await s.client.callTool({ name: 'search', arguments: { query: 'RAG', folder: 'Concepts', k: 10 } }));
      expect(inFolder.results.length).toBeGreaterThan(0);
      for (const r of inFolder.results) expect(r.path.startsWith('Concepts/')).toBe(true);
      const dated = jsonOf<{ results: Passage[] }>(await s.client.callTool({ name: 'search', arguments: { query: 'RAG', from: '2024-12-01', to: '2024-12-31' } }));
      expect(dated.results.length).toBeGreaterThan(0);
      for (const r of dated.results) expect(r.date! >= '2024-12-01' && r.date! < '2025-01-01', `${r.path} ${r.date}`).toBe(true);

      const answer = jsonOf<{ answer: string; extractive: boolean; citations: { verified: boolean }[]; sources: Passage[] }>(
        await s.client.callTool({ name: 'ask', arguments: { question: "Qu'est-ce que mon ami m'a demandé au sujet du projet 20 ?" } }),
      );
      expect(answer.extractive).toBe(true);
      expect(answer.sources.length).toBeGreaterThan(0);
      expect(answer.answer.length).toBeGreaterThan(20);

      const projet = found.results.find((r) => r.path.startsWith('Projets/Projet 20'))!.path;
      const related = jsonOf<{ note: { path: string }; related: { path: string }[]; journal: { path: string; date: string; excerpt: string }[] }>(
        await s.client.callTool({ name: 'related', arguments: { path: projet.replace(/\.md$/, '') } }),
      );
      expect(related.note.path).toBe(projet);
      expect(related.related.length).toBeGreaterThan(0);
      expect(related.related.every((r) => r.path !== projet)).toBe(true);
      expect(related.journal.length).toBeGreaterThan(0);
      for (const j of related.journal) expect(j.path.startsWith('Journal/')).toBe(true);

      const december = jsonOf<{ entries: { path: string; date: string }[]; period: { start: string } }>(
        await s.client.callTool({ name: 'journal', arguments: { period: 'décembre 2024' } }),
      );
      expect(december.period.start).toBe('2024-12-01');
      expect(december.entries.length).toBeGreaterThanOrEqual(5);
      for (const e of december.entries) expect(e.date.startsWith('2024-12'), e.date).toBe(true);
      const topic = jsonOf<{ entries: { date: string }[] }>(await s.client.callTool({ name: 'journal', arguments: { topic: 'Projet 20 - Créer un POC d\'un RAG' } }));
      expect(topic.entries.length).toBeGreaterThan(0);
      const dates = topic.entries.map((e) => e.date);
      expect(dates).toEqual([...dates].sort());
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  }, 90_000);

  it('ask goes through the configured endpoint when given, with its citations checked', async () => {
    llm.setDefault((req) => {
      const cited = /Cite as: (\[\[[^\]]+\]\])/.exec(JSON.stringify(req.body))?.[1] ?? '[[none]]';
      return { text: `Ton ami voulait un POC ${cited} et [[Note inventée]].` };
    });
    const s = await serve(['--endpoint', llm.url, '--model', 'test-model']);
    try {
      const res = jsonOf<{ answer: string; extractive: boolean; citations: { raw: string; verified: boolean }[] }>(
        await s.client.callTool({ name: 'ask', arguments: { question: "Qu'est-ce que mon ami m'a demandé au sujet du projet 20 ?" } }),
      );
      expect(res.extractive).toBe(false);
      expect(llm.chatRequests().length).toBeGreaterThan(0);
      expect(res.citations.find((c) => c.raw.includes('Note inventée'))?.verified).toBe(false);
      expect(res.citations.some((c) => c.verified), JSON.stringify(res.citations)).toBe(true);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('on a vault never indexed, says so on stderr and with every answer, and writes nothing', async () => {
    const empty = join(tmp, 'never-indexed');
    const s = await serve([], empty);
    try {
      expect(s.stderr()).toMatch(/No index yet in .*never-indexed: run `ask-vault index/);
      const r = jsonOf<{ results: Passage[]; notices: string[] }>(await s.client.callTool({ name: 'search', arguments: { query: 'RAG' } }));
      expect(r.results).toEqual([]);
      expect(r.notices[0]).toMatch(/^The index is empty: run `ask-vault index <vault>`/);
      expect(existsSync(empty)).toBe(false);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('bad input gets an error with a clear message, and the server keeps serving', async () => {
    const s = await serve();
    try {
      const c = s.client;
      await expectToolError(c, 'nope', {}, /Tool nope not found/);
      await expectToolError(c, 'search', {}, /query is required/);
      await expectToolError(c, 'search', { query: 42 }, /query is required and must be a string/);
      await expectToolError(c, 'search', { query: 'rag', k: 0 }, /k must be between 1 and 100/);
      await expectToolError(c, 'search', { query: 'rag', k: 101 }, /k must be between 1 and 100/);
      await expectToolError(c, 'search', { query: 'rag', k: 2.5 }, /k must be a whole number/);
      await expectToolError(c, 'search', { query: 'rag', k: '5' }, /k must be a number/);
      await expectToolError(c, 'search', { query: 'rag', mode: 'psychic' }, /mode must be "hybrid", "lexical" or "vector"/);
      await expectToolError(c, 'search', { query: 'rag', from: 'hier' }, /from must be a date written YYYY-MM-DD/);
      await expectToolError(c, 'search', { query: 'rag', folder: '../..' }, /outside the vault/);
      await expectToolError(c, 'related', { path: '../secret.md' }, /outside the vault/);
      await expectToolError(c, 'related', { path: '/etc/passwd' }, /outside the vault/);
      await expectToolError(c, 'related', { path: 'C:\\Windows\\win.ini' }, /outside the vault/);
      await expectToolError(c, 'related', { path: 'Projets/Inexistant' }, /no indexed note at "Projets\/Inexistant.md"/);
      await expectToolError(c, 'ask', { question: 'a'.repeat(1 << 20) }, /question is too long: at most 4000 characters/);
      await expectToolError(c, 'journal', {}, /give a period, a topic, or both/);
      await expectToolError(c, 'journal', { period: 'quand les poules auront des dents' }, /no period found/);
      const still = jsonOf<{ results: Passage[] }>(await c.callTool({ name: 'search', arguments: { query: 'embeddings', k: 3 } }));
      expect(still.results.length).toBeGreaterThan(0);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('answers while `ask-vault index` writes, then picks up what it committed; never writes a note', async () => {
    const before = fingerprintTree(vault);
    const s = await serve();
    try {
      writeFileSync(join(vault, 'Concepts/Zeugme.md'), '# Zeugme\n\nUn zeugme attelle deux compléments hétérogènes à un même verbe.\n');
      const writer = spawn(process.execPath, [CLI, 'index', vault, '--index-dir', indexDir, '--embedding-model', TINY_MODEL, '--offline', '--json'], { stdio: 'ignore', env: { ...process.env, ASK_VAULT_CHECKPOINT_MS: '0' } });
      const exited = new Promise<number | null>((r) => writer.on('exit', r));
      let served = 0;
      let done = false;
      const told: string[] = [];
      void exited.then(() => (done = true));
      // Once the writer holds the lock (frozen for the moment of one search), the server says so.
      while (!done && lockPid(indexDir) !== writer.pid) await new Promise((r) => setTimeout(r, 10));
      expect(done, 'the index run ended before it took the lock').toBe(false);
      writer.kill('SIGSTOP');
      const during = jsonOf<{ results: Passage[]; notices: string[] }>(await s.client.callTool({ name: 'search', arguments: { query: 'embeddings vectoriels', k: 3 } }));
      writer.kill('SIGCONT');
      expect(during.results.length).toBeGreaterThan(0);
      told.push(...during.notices.filter((n) => /being updated by/.test(n)));
      expect(told).toHaveLength(1);
      while (!done) {
        const r = jsonOf<{ results: Passage[]; notices: string[] }>(await s.client.callTool({ name: 'search', arguments: { query: 'embeddings vectoriels', k: 3 } }));
        expect(r.results.length).toBeGreaterThan(0);
        told.push(...r.notices.filter((n) => /being updated by/.test(n)));
        served++;
      }
      expect(await exited).toBe(0);
      expect(served).toBeGreaterThan(0);
      // Said once for that writer, not with every answer.
      expect(told).toHaveLength(1);
      for (const n of told) expect(n).toMatch(new RegExp(`^The index is being updated by cli \\(pid ${writer.pid} on `));
      const until = Date.now() + 20_000;
      let hit: Passage[] = [];
      while (Date.now() < until) {
        hit = jsonOf<{ results: Passage[] }>(await s.client.callTool({ name: 'search', arguments: { query: 'zeugme', mode: 'lexical', k: 3 } })).results;
        if (hit.some((r) => r.path === 'Concepts/Zeugme.md')) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(hit.map((r) => r.path)).toContain('Concepts/Zeugme.md');
      expect(s.errors).toEqual([]);
      const changes = treeChanges(before, fingerprintTree(vault));
      expect(changes).toEqual(['created: Concepts/Zeugme.md']);
    } finally {
      await s.close();
    }
  }, 120_000);

  it('--watch re-syncs an edited note, taking the writer lock only while it writes', async () => {
    const s = await serve(['--watch', '--watch-seconds', '1']);
    try {
      const wrote = Date.now();
      // Written beside the vault and moved in, as editors save, so no tick lists it half written.
      const draft = join(vault, '..', 'Anacoluthe.md.tmp');
      writeFileSync(draft, '# Anacoluthe\n\nUne anacoluthe rompt la construction attendue de la phrase.\n');
      renameSync(draft, join(vault, 'Concepts/Anacoluthe.md'));
      const until = Date.now() + 30_000;
      let paths: string[] = [];
      while (Date.now() < until) {
        paths = jsonOf<{ results: Passage[] }>(await s.client.callTool({ name: 'search', arguments: { query: 'anacoluthe', mode: 'lexical', k: 3 } })).results.map((r) => r.path);
        if (paths.includes('Concepts/Anacoluthe.md')) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(paths).toContain('Concepts/Anacoluthe.md');
      // The reader sees the note once the writer has committed; the writer gives the lock back
      // after that (term cache, close) and dates its sync. A tick that listed the vault just before
      // the edit syncs it anyway and leaves one more, idle sync for the next tick: wait until a
      // whole interval and a half passes with no new sync.
      let status = await statusOf(s.client);
      for (let previous = ''; Date.now() < until; ) {
        const synced = status.watch.lastSync as string | null;
        if (synced && synced === previous && Date.parse(synced) >= wrote - 1000) break;
        previous = synced ?? '';
        await new Promise((r) => setTimeout(r, 1500));
        status = await statusOf(s.client);
      }
      expect(status.readOnly).toBe(false);
      expect(status.watch.lastSync).not.toBeNull();
      // Between writes the lock is free: a CLI index run gets it at once.
      const r = execFileSync(process.execPath, [CLI, 'index', vault, '--index-dir', indexDir, '--embedding-model', TINY_MODEL, '--offline', '--json'], { encoding: 'utf8' });
      expect(JSON.parse(r.trim().split('\n').at(-1)!).embedded).toBe(0);
    } finally {
      await s.close();
    }
  }, 90_000);
});
