// Running the built CLI as a user does: a child process on real folders, with its output and
// exit code, or spawned to be killed at a chosen moment.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const ROOT = resolve(__dirname, '../../..');
export const TINY_MODEL = join(ROOT, 'tests/fixtures/tiny-model');

// The CLI is bundled here, with dist/cli.js's options (esbuild.config.mjs), into a file keyed by
// the sources it is built from: other engineers rebuild dist/cli.js while these tests run, and a
// trial must never start a half-written bundle. Under node_modules so that the packages left
// external (transformers.js and its native parts) resolve as they do for dist/cli.js.
const BUILD_DIR = join(ROOT, 'node_modules/.cache/ask-vault-reliability');
export let CLI = '';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export async function ensureCliBuilt(): Promise<string> {
  const key = sourcesKey(join(ROOT, 'src'));
  const out = join(BUILD_DIR, `cli-${key}.mjs`);
  if (!existsSync(out)) {
    mkdirSync(BUILD_DIR, { recursive: true });
    const temp = `${out}.${process.pid}.tmp.mjs`;
    await build({
      entryPoints: [join(ROOT, 'src/cli/main.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: temp,
      external: ['@huggingface/transformers', 'onnxruntime-node', 'onnxruntime-common', 'sharp'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'silent',
    });
    renameSync(temp, out);
    pruneOldBundles(out);
  }
  CLI = out;
  return out;
}

function pruneOldBundles(keep: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(BUILD_DIR)) {
    const full = join(BUILD_DIR, name);
    if (full !== keep && statSync(full).mtimeMs < hourAgo) rmSync(full, { force: true });
  }
}

/** Paths, sizes and mtimes of every source file: any edit gives a new bundle. */
function sourcesKey(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const st = statSync(full);
        hash.update(`${full}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 16);
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Extra node flags before the script (e.g. `--import` a network guard). */
  nodeArgs?: string[];
}

export interface RunningCli {
  child: ChildProcess;
  /** Resolves when the process has exited, however it ended. */
  done: Promise<CliRun>;
}

export function startCli(args: string[], opts: StartOptions = {}): RunningCli {
  if (!CLI) throw new Error('call ensureCliBuilt() first (in beforeAll)');
  const started = Date.now();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliRun>((resolveRun) => {
    child.on('close', (code, signal) => resolveRun({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
  return { child, done };
}

export function runCli(args: string[], opts: StartOptions = {}): Promise<CliRun> {
  return startCli(args, opts).done;
}

/** The `--json` summary of `index`: the last stdout line. */
export function indexSummary(run: CliRun): { notes: number; chunks: number; embedded: number; reused: number; skipped: { path: string; reason: string }[]; model: string | null } {
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`no JSON summary (exit ${run.code}, signal ${run.signal}); stderr: ${run.stderr.slice(-2000)}`);
  }
}

/** stderr without the progress lines, which a non-terminal run prints every few seconds. */
export function messages(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !/^Indexing notes \d+\/\d+/.test(l));
}
