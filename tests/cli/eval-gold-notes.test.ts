// `ask-vault eval` on a questions file with gold notes and no "answers" (what a user who only
// knows which note answers each question has): note-level figures, passage level "n/a".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBuilt } from '../built';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const VAULT = join(ROOT, 'examples/vault');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT }, (err, stdout, stderr) => done({ code: err ? Number(err.code) || 1 : 0, stdout, stderr }));
  });
}

let tmp: string;
const GOLD_ONLY = [
  { question: 'Qui est Camille ?', gold: ['Personnes/Camille.md'] },
  { question: 'Comment faire un pain au levain ?', gold: ['Cuisine/Pain au levain.md'] },
  { question: "Qu'est-ce que le BM25 ?", gold: ['Concepts/BM25.md'] },
];

beforeAll(() => {
  ensureBuilt('cli');
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-eval-'));
  writeFileSync(join(tmp, 'gold.jsonl'), GOLD_ONLY.map((q) => JSON.stringify(q)).join('\n'));
  writeFileSync(join(tmp, 'mixed.jsonl'), [...GOLD_ONLY, { question: 'Que dit ma note sur le BM25 ?', gold: ['Concepts/BM25.md'], answers: ['BM25'] }].map((q) => JSON.stringify(q)).join('\n'));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('eval with note-level gold only', () => {
  const common = () => ['--index-dir', join(tmp, 'index'), '--embedding-model', 'none', '--offline'];

  it('reports note-level figures and passage-level "n/a" (null in JSON), not 0', async () => {
    const json = await run(['eval', VAULT, join(tmp, 'gold.jsonl'), ...common(), '--json']);
    expect(json.code, json.stderr).toBe(0);
    const rep = JSON.parse(json.stdout.trim().split('\n').at(-1)!);
    expect(rep.questions).toBe(3);
    expect(rep.note['recall@10']).toBeGreaterThan(0);
    expect(rep.passage).toBeNull();
    expect(rep.passageQuestions).toBe(0);
    const text = await run(['eval', VAULT, join(tmp, 'gold.jsonl'), ...common()]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^passage\s+n\/a \(no question lists "answers": note-level gold only\)$/m);
    expect(text.stdout).toMatch(/^note\s+recall@1 /m);
  }, 60_000);

  it('a file mixing both counts passage figures over the questions that have answers', async () => {
    const r = await run(['eval', VAULT, join(tmp, 'mixed.jsonl'), ...common()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^passage\s+recall@1 .*\(1 questions with "answers"\)$/m);
  }, 60_000);
});
