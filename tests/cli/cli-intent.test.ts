// `--intent` and the intent in the CLI's output: the line above the sources, and `intent` and
// `timeline` in --json; a wrong value is a usage error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const VAULT = join(ROOT, 'examples/vault');
let tmp: string;
let common: string[];

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args, ...common], { cwd: ROOT, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['esbuild.config.mjs', '--only=cli'], { cwd: ROOT });
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-intent-'));
  common = ['--index-dir', join(tmp, 'index'), '--offline', '--embedding-model', 'none'];
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ask-vault and intents', () => {
  it('ask --json says the intent and the timeline counts, and the answer is a timeline', async () => {
    const r = await run(['ask', VAULT, "Qu'ai-je fait en mars 2025 ?", '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.intent).toBe('period');
    expect(out.timeline).toMatchObject({ total: 5, shown: 5, summary: '5 entries in the period, 5 shown' });
    expect(out.answer).toContain('- **12 mars 2025** —');
  });

  it('the line above the sources names the intent; --intent fact forces the passage search', async () => {
    const a = await run(['ask', VAULT, 'Comment mon avis sur LangChain a-t-il changé ?']);
    // The CLI's own words follow the question's language (issue 16).
    expect(a.stdout).toContain('Intention : évolution (2 entrées sur ce sujet, 2 montrées)\nSources :');
    const b = await run(['search', VAULT, 'Comment mon avis sur LangChain a-t-il changé ?', '--intent', 'fact', '--json']);
    expect(JSON.parse(b.stdout).intent).toBe('fact');
  });

  it('a wrong --intent is a usage error', async () => {
    const r = await run(['search', VAULT, 'x', '--intent', 'story']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--intent must be auto, fact, period, evolution, first, last, got "story"');
  });
});
