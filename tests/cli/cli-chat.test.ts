// `ask-vault chat` and `ask --history`, as a user runs them: the built dist/cli.js on the example
// vault, questions on stdin (a pipe), and the loopback LLM server recording what the model is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLlmServer, type LlmServer } from '../fakes/llm-server';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const VAULT = join(ROOT, 'examples/vault');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], stdin = ''): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

let tmp: string;
let indexDir: string;
let llm: LlmServer;

beforeAll(async () => {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['esbuild.config.mjs', '--only=cli'], { cwd: ROOT });
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-chat-'));
  indexDir = join(tmp, 'index');
  llm = await startLlmServer({ models: ['m'] });
});

afterAll(async () => {
  await llm.close();
  rmSync(tmp, { recursive: true, force: true });
});

const common = () => ['--index-dir', indexDir, '--offline', '--embedding-model', 'none'];

describe('ask-vault chat', () => {
  it('carries the conversation: the second request holds the first turn, and the follow-up is resolved', async () => {
    llm.reset();
    llm.script({ text: 'Il voulait savoir pourquoi tu n\'entraînes pas un modèle.' }, { text: 'Une note complète.' });
    const r = await run(['chat', VAULT, ...common(), '--endpoint', llm.url, '--model', 'm'], "Qu'est-ce que Mehdi m'a demandé en décembre 2024 ?\nEt en janvier 2025 ?\n/exit\n");
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Compris : Qu'est-ce que Mehdi m'a demandé en janvier 2025 ?");
    const [first, second] = llm.chatRequests();
    expect(first.body.messages).toHaveLength(2);
    const messages = second.body.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[1].content).toBe("Qu'est-ce que Mehdi m'a demandé en décembre 2024 ?");
    expect(messages[2].content).toBe('Il voulait savoir pourquoi tu n\'entraînes pas un modèle.');
    expect(r.stdout.match(/Sources :/g)).toHaveLength(2); // the CLI's words follow the question's language
  });

  it('/new starts the conversation over', async () => {
    llm.reset();
    llm.script({ text: 'a' }, { text: 'b' });
    const r = await run(['chat', VAULT, ...common(), '--endpoint', llm.url, '--model', 'm'], "Qu'est-ce que Mehdi m'a demandé ?\n/new\nEt en janvier 2025 ?\n");
    expect(r.code).toBe(0);
    expect(llm.chatRequests()[1].body.messages).toHaveLength(2);
    expect(r.stdout).not.toContain('Compris');
  });
});

describe('ask --history', () => {
  it('continues the turns of the file', async () => {
    llm.reset();
    llm.script({ text: 'En janvier.' });
    const file = join(tmp, 'history.json');
    writeFileSync(file, JSON.stringify([{ question: 'Où en était le projet 20 en décembre 2024 ?', answer: 'Le POC tournait.' }]));
    const r = await run(['ask', VAULT, 'Et en janvier 2025 ?', ...common(), '--endpoint', llm.url, '--model', 'm', '--history', file, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.resolved).toEqual({ text: 'Où en était le projet 20 en janvier 2025 ?', rule: 'new-period', changed: true });
    expect(out.history).toEqual({ kept: 1, dropped: 0 });
    const messages = llm.chatRequests()[0].body.messages as { role: string; content: string }[];
    expect(messages[2]).toEqual({ role: 'assistant', content: 'Le POC tournait.' });
  });

  it('goes without the history when the budget has no room for it, and says so', async () => {
    llm.reset();
    llm.script({ text: 'ok' });
    const file = join(tmp, 'history-long.json');
    writeFileSync(file, JSON.stringify([{ question: 'Où en était le projet 20 ?', answer: 'x'.repeat(4000) }]));
    const r = await run(['ask', VAULT, 'Et en janvier 2025 ?', ...common(), '--endpoint', llm.url, '--model', 'm', '--history', file, '--history-tokens', '50', '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.history).toEqual({ kept: 0, dropped: 1 });
    expect(out.notices.map((n: { code: string; text: string }) => n.text).join(' ')).toMatch(/sans les échanges précédents/);
    expect(out.notices.map((n: { code: string }) => n.code)).toContain('history-dropped');
    expect(llm.chatRequests()[0].body.messages).toHaveLength(2);
  });

  it('refuses a malformed history file with a one-line usage error', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify([{ answer: 'no question' }]));
    const r = await run(['ask', VAULT, 'x', ...common(), '--history', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--history: .*turn 1 has no "question" text/);
    writeFileSync(file, '{ not json');
    expect((await run(['ask', VAULT, 'x', ...common(), '--history', file])).stderr).toMatch(/is not JSON/);
    expect((await run(['ask', VAULT, 'x', ...common(), '--history', join(tmp, 'missing.json')])).stderr).toMatch(/cannot read .*ENOENT/);
  });
});

describe('eval of two-turn conversations', () => {
  it('finds the follow-up\'s gold entry in at least 90% of them when resolved, and reports it asked alone', async () => {
    const r = await run(['eval', VAULT, join(ROOT, 'examples/journal-conversations.jsonl'), ...common(), '--mode', 'lexical', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.conversations).toBe(15);
    expect(report.resolved.rate).toBeGreaterThanOrEqual(90);
    expect(report.resolved.hits).toBeGreaterThan(report.alone.hits);
    for (const c of report.rules) expect(c.got).toBe(c.expected);
  });
});
