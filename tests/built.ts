// Builds a bundle with the real esbuild.config.mjs only when it is missing or older than a
// source: `npm test` builds first, and rebuilding main.js or dist/cli.js while other test files
// run them (vitest runs files in parallel) would hand them a half-written bundle.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const SOURCES = ['src', 'scripts', 'esbuild.config.mjs', 'package.json'];

function newestSource(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

/** `target` is 'cli' (dist/cli.js) or 'plugin' (main.js); returns the bundle's path. */
export function ensureBuilt(target: 'cli' | 'plugin'): string {
  const out = join(ROOT, target === 'cli' ? 'dist/cli.js' : 'main.js');
  const stale = !existsSync(out) || statSync(out).mtimeMs < Math.max(...SOURCES.map((s) => newestSource(join(ROOT, s))));
  if (stale) execFileSync(process.execPath, ['esbuild.config.mjs', `--only=${target}`], { cwd: ROOT, stdio: 'pipe' });
  return out;
}
