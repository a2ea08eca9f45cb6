// The CLI end to end, as a user runs it: the built dist/cli.js on the example vault, real files,
// a real loopback LLM server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLlmServer } from '../fakes/llm-server';
import { CLI, ROOT, run } from './run-cli';

const VAULT = join(ROOT, 'examples/vault');
const TINY = join(ROOT, 'tests/fixtures/tiny-model');
const JOURNAL = 'Journal/Journal du jeudi 26 décembre 2024 à 15h03.md';

let tmp: string;
let indexDir: string;

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['esbuild.config.mjs', '--only=cli'], { cwd: ROOT });
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-cli-'));
  indexDir = join(tmp, 'index');
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ask-vault CLI on examples/vault', () => {
  it('index --json prints one summary object and skips nothing', async () => {
    const r = await run(['index', VAULT, '--index-dir', indexDir, '--offline', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s).sort()).toEqual(['chunks', 'embedded', 'model', 'notes', 'provider', 'reused', 'skipped'].sort());
    expect(s.notes).toBe(108);
    expect(s.chunks).toBeGreaterThan(s.notes);
    expect(s.skipped).toEqual([]);
    expect(s.model).toBeNull();
    // No question: the CLI's words are English; the library's reason is not shown alone.
    expect(r.stderr).toMatch(/^Embedding model unavailable offline: searching by words and links only\.$/m);
  });

  it('search finds a fact that lives only in a journal entry, linked to its note', async () => {
    const r = await run(['search', VAULT, 'À qui ai-je montré le projet 20 le 26 décembre 2024 ?', '--index-dir', indexDir, '--offline', '--json', '--k', '5']);
    expect(r.code).toBe(0);
    const { results, timeScope } = JSON.parse(r.stdout);
    expect(timeScope).toBeDefined();
    const journal = results.find((x: { path: string }) => x.path === JOURNAL);
    expect(journal).toBeDefined();
    expect(journal.text).toContain('Mehdi');
    expect(journal.date).toMatch(/^2024-12-2[56]/);
    for (const x of results) {
      expect(Object.keys(x)).toEqual(expect.arrayContaining(['path', 'heading', 'lines', 'score', 'text', 'source']));
      if (x.date) expect(x.date.slice(0, 7)).toBe('2024-12');
    }
  });

  it('ask with no endpoint answers with cited passages and says how to configure a model', async () => {
    const r = await run(['ask', VAULT, "Qu'est-ce que mon ami m'a demandé au sujet du projet 20 ?", '--index-dir', indexDir, '--offline']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Pourquoi tu n'entraînes pas directement un modèle/);
    expect(r.stdout).toContain('[[Journal/Journal du jeudi 26 décembre 2024 à 15h03|');
    // A French question: the CLI's own words are French too.
    expect(r.stdout).toMatch(/Sources :\n\[1\]/);
    expect(r.stdout).toMatch(/ · (contient vos mots|proche par|journal de|entrée de journal|lié depuis)/);
    expect(r.stdout).not.toMatch(/lexical match|vector match|Sources:/);
    expect(r.stderr).toMatch(/Aucun modèle de langage indiqué/);
    expect(r.stdout).not.toMatch(/à 00:00/);
  });

  it('ask against a loopback OpenAI-compatible server streams a verified, cited answer', async () => {
    const llm = await startLlmServer({ models: ['test-model'] });
    try {
      llm.script({
        text: "Mehdi t'a demandé pourquoi ne pas entraîner directement un modèle [[Journal du jeudi 26 décembre 2024 à 15h03]]. Voir aussi [[Note inventée#Rien]].",
        intervalMs: 2,
      });
      const r = await run(['ask', VAULT, "Qu'est-ce que Mehdi m'a demandé ?", '--index-dir', indexDir, '--offline', '--endpoint', llm.url, '--model', 'test-model', '--json']);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.extractive).toBe(false);
      expect(out.complete).toBe(true);
      const kinds = out.citations.map((c: { kind: string; path?: string }) => [c.kind, c.path ?? null]);
      expect(kinds).toEqual([
        ['citation', JOURNAL],
        ['bad-citation', null],
      ]);
      expect(out.answer).toContain('[[Journal/Journal du jeudi 26 décembre 2024 à 15h03|');
      expect(out.answer).not.toContain('[[Note inventée');
      // The prompt carried the journal entry, fenced as data.
      const prompt = JSON.stringify(llm.chatRequests()[0]!.body);
      expect(prompt).toContain('Mehdi');
      expect(prompt).toMatch(/<<<SOURCE-/);
    } finally {
      await llm.close();
    }
  });

  it('ask streams tokens to stdout as they arrive (text mode)', async () => {
    const llm = await startLlmServer({ models: ['m'] });
    try {
      llm.script({ text: 'Réponse en flux [[pre-training]].', chunkSize: 3 });
      const r = await run(['ask', VAULT, 'Pourquoi ne pas entraîner un modèle ?', '--index-dir', indexDir, '--offline', '--endpoint', llm.url, '--model', 'm']);
      expect(r.code).toBe(0);
      expect(r.stdout.startsWith('Réponse en flux [[pre-training]].')).toBe(true);
      expect(r.stdout).toContain('Sources :');
    } finally {
      await llm.close();
    }
  });

  it('an unreachable endpoint falls back to quoting, with a one-line reason and exit 1', async () => {
    const r = await run(['ask', VAULT, 'Qui est Camille ?', '--index-dir', indexDir, '--offline', '--endpoint', 'http://127.0.0.1:9', '--model', 'm']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[[');
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^Le modèle de langage a échoué : .*(refused|unreachable|connect)/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--lang en words a French question\'s output in English, notices included', async () => {
    const r = await run(['ask', VAULT, "Qu'est-ce que mon ami m'a demandé au sujet du projet 20 ?", '--index-dir', indexDir, '--offline', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Sources:\n\[1\]/);
    expect(r.stdout).toMatch(/ · (matches your words|close in meaning|journal of|journal entry|linked from)/);
    expect(r.stdout).toMatch(/ · Thursday, 26 December 2024 at 15:03 · /);
    expect(r.stderr).toMatch(/^No language model given: here are the passages of your notes\. Give one with --endpoint\.$/m);
    const bad = await run(['ask', VAULT, 'x', '--index-dir', indexDir, '--lang', 'de']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lang must be fr or en/);
  });

  it('eval prints note- and passage-level figures', async () => {
    const r = await run(['eval', VAULT, join(ROOT, 'examples/journal-questions.jsonl'), '--index-dir', indexDir, '--offline', '--json', '--mode', 'lexical']);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.questions).toBeGreaterThanOrEqual(40);
    for (const level of ['note', 'passage']) expect(Object.keys(rep[level])).toEqual(['recall@1', 'recall@5', 'recall@10', 'recall@50', 'mrr@10']);
    expect(rep.note['recall@10']).toBeGreaterThan(50);
    expect(rep.chunks.avgTokens).toBeGreaterThan(10);
  });
});

describe('ask-vault CLI with the tiny embedding model', () => {
  it('indexes with vectors, then re-runs with zero embeddings, and searches in hybrid mode', async () => {
    const dir = join(tmp, 'tiny-index');
    const first = await run(['index', VAULT, '--index-dir', dir, '--embedding-model', TINY, '--json']);
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout);
    expect(a.embedded).toBe(a.chunks);
    expect(a.model).toBe(TINY);
    const second = JSON.parse((await run(['index', VAULT, '--index-dir', dir, '--embedding-model', TINY, '--json'])).stdout);
    expect(second.embedded).toBe(0);
    expect(second.reused).toBe(a.chunks);
    const s = await run(['search', VAULT, 'carte graphique', '--index-dir', dir, '--embedding-model', TINY, '--json', '--mode', 'hybrid']);
    const res = JSON.parse(s.stdout);
    expect(res.mode).toBe('hybrid');
    expect(res.results.length).toBeGreaterThan(0);
  });
});

describe('ask-vault CLI errors', () => {
  it.each([
    [['frobnicate', VAULT], /unknown command/],
    [['search', VAULT], /needs a query/],
    [['search', VAULT, 'x', '--k', 'zero'], /--k must be a positive whole number/],
    [['search', VAULT, 'x', '--mode', 'magic'], /--mode must be/],
    [['search', VAULT, 'x', '--bogus'], /Unknown option/i],
    [['search', join(ROOT, 'no-such-vault'), 'x'], /vault folder not found/],
    [['ask', VAULT, 'x', '--api-key-env', 'NOPE_NOT_SET', '--endpoint', 'http://127.0.0.1:9'], /NOPE_NOT_SET is not set/],
  ])('%j exits 2 with a one-line message', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('a runtime failure exits 1 with one line and no stack trace', async () => {
    const r = await run(['eval', VAULT, join(tmp, 'missing.jsonl'), '--index-dir', indexDir, '--offline']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot read questions file/);
  });

  it('a corrupt index is reported in one line and rebuilt, and the vault is untouched', async () => {
    const vault = join(tmp, 'small-vault');
    mkdirSync(vault, { recursive: true });
    writeFileSync(join(vault, 'a.md'), '# A\n\nUne note sur le RAG.\n');
    const dir = join(tmp, 'corrupt-index');
    expect((await run(['index', vault, '--index-dir', dir, '--offline'])).code).toBe(0);
    writeFileSync(join(dir, 'manifest.json'), '{ not json');
    const r = await run(['search', vault, 'RAG', '--index-dir', dir, '--offline', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/corrupt|rebuil/i);
    expect(JSON.parse(r.stdout).results[0].path).toBe('a.md');
  });

  it('the default index location is inside the vault (.obsidian plugin folder when present)', async () => {
    const vault = join(tmp, 'obsidian-vault');
    mkdirSync(join(vault, '.obsidian'), { recursive: true });
    writeFileSync(join(vault, 'n.md'), 'Une note.\n');
    expect((await run(['index', vault, '--offline'])).code).toBe(0);
    expect(existsSync(join(vault, '.obsidian/plugins/ask-vault/index/manifest.json'))).toBe(true);
    const bare = join(tmp, 'bare-vault');
    mkdirSync(bare, { recursive: true });
    writeFileSync(join(bare, 'n.md'), 'Une note.\n');
    expect((await run(['index', bare, '--offline'])).code).toBe(0);
    expect(existsSync(join(bare, '.ask-vault/manifest.json'))).toBe(true);
  });
});
