// Entry point of `npm run bench`: bundles the benchmark suite (bench/*.ts, with the core it
// measures) into .bench/build/, then runs it. Flags pass through:
//   --quick              smaller sizes and fewer runs (a few minutes)
//   --only=<sections>    comma-separated: embed, browser, startup, index, incremental, query, cold
//   --no-write           print the tables, leave BENCHMARKS.md and docs/ untouched
//   --only=time          only bench/time-bench.ts (questions about time, the journal pane)
// The suite spawns one child process per measurement so that memory figures are the
// measurement's own; see bench/README.md.
import esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { unusedModuleAliases } from './bundle-aliases.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// providers branch: endpoint throughput and the rerank step (bench/providers.ts), its own bundle,
// run alone with --only=providers and after a full run.
async function runProvidersBench() {
  const out = path.join(root, '.bench', 'build', 'providers.mjs');
  await mkdir(path.dirname(out), { recursive: true });
  await esbuild.build({ absWorkingDir: root, entryPoints: ['bench/providers.ts'], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile: out, logLevel: 'warning' });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [out, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
if (onlyArg === '--only=providers') process.exit(await runProvidersBench());
const onlyTime = process.argv.includes('--only=time');
const outfile = path.join(root, '.bench', 'build', onlyTime ? 'time-bench.mjs' : 'bench.mjs');
await mkdir(path.dirname(outfile), { recursive: true });

// As in the CLI build: vectra's unused NLP packages become a stub, so the bench processes
// start at the CLI's memory, not ~80 MB above it.
const alias = await unusedModuleAliases('node');

await esbuild.build({
  alias,
  absWorkingDir: root,
  entryPoints: [onlyTime ? 'bench/time-bench.ts' : 'bench/main.ts'],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile,
  // As in the CLI build: native runtimes stay in node_modules; playwright and esbuild are tools
  // the suite drives, not code it measures.
  external: ['@huggingface/transformers', 'onnxruntime-node', 'onnxruntime-common', 'sharp', 'playwright-core', 'esbuild'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
});

const child = spawn(process.execPath, ['--expose-gc', '--enable-source-maps', outfile, ...process.argv.slice(2).filter((a) => !onlyTime || a !== '--only=time')], {
  cwd: root,
  stdio: 'inherit',
});
child.on('exit', (code, signal) => {
  if (signal || code || onlyArg) process.exit(signal ? 1 : (code ?? 1));
  void runProvidersBench().then((c) => process.exit(c));
});
