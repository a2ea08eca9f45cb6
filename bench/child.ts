// Each measurement runs in a fresh Node process: its peak RSS is then its own (not the sum of
// everything measured before it), a crash or an out-of-memory in one baseline cannot take the
// suite down, and a time limit can stop it.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { useGzipCodec } from '../src/core/util/gzip';
import { nodeGzipCodec } from '../src/cli/node-gzip';

export type ChildOutcome<T> = { ok: true; value: T; wallMs: number } | { ok: false; error: string; wallMs: number };

const entry = process.argv[1]!;

/** Runs `task` (a name in tasks.ts) with `params` in a child process, within `timeoutMs`. */
export async function runChild<T>(task: string, params: unknown, timeoutMs: number, log: (line: string) => void): Promise<ChildOutcome<T>> {
  const out = join(tmpdir(), `ask-vault-bench-${randomBytes(6).toString('hex')}.json`);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--enable-source-maps', '--max-old-space-size=6144', entry, `--task=${task}`, `--out=${out}`, `--params=${JSON.stringify(params)}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (line.trim()) log(`    ${line}`);
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  const wallMs = performance.now() - started;
  try {
    if (timedOut) return { ok: false, error: `timed out after ${Math.round(timeoutMs / 1000)} s`, wallMs };
    const text = await readFile(out, 'utf8').catch(() => null);
    if (text === null) return { ok: false, error: lastErrorLine(stderr) ?? `exited with code ${code}`, wallMs };
    const parsed = JSON.parse(text) as { ok: boolean; value?: T; error?: string };
    return parsed.ok ? { ok: true, value: parsed.value as T, wallMs } : { ok: false, error: parsed.error ?? 'failed', wallMs };
  } finally {
    await rm(out, { force: true });
  }
}

/** The interesting line of a crash: the error message, not the stack or Node's warnings. */
function lastErrorLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /Error|FATAL|heap out of memory/i.test(l)) ?? lines.at(-1);
}

/** Child side: runs the task and writes `{ok, value|error}` where the parent reads it. */
export async function childMain(tasks: Record<string, (params: never) => Promise<unknown>>, argv: string[]): Promise<void> {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const name = arg('task')!;
  const out = arg('out')!;
  const { writeFile } = await import('node:fs/promises');
  const task = tasks[name];
  // Measured as the CLI runs: with node:zlib for the index's gzip.
  useGzipCodec(nodeGzipCodec);
  let result: { ok: boolean; value?: unknown; error?: string };
  try {
    if (!task) throw new Error(`unknown task ${name}`);
    result = { ok: true, value: await task(JSON.parse(arg('params') ?? '{}') as never) };
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    result = { ok: false, error: message.split('\n')[0]!.slice(0, 300) };
  }
  await writeFile(out, JSON.stringify(result));
}

/** Peak resident set size of this process so far, in bytes. */
export function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}
