// Builds bench/pane-probe.ts into .bench/build/<name>.mjs (default pane-probe), so that builds
// of two commits can be kept side by side and run interleaved: node scripts/pane-probe.mjs [name]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';
import { unusedModuleAliases } from './bundle-aliases.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const name = process.argv[2] ?? 'pane-probe';
await esbuild.build({
  alias: await unusedModuleAliases('node'),
  absWorkingDir: root,
  entryPoints: ['bench/pane-probe.ts'],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile: path.join(root, '.bench', 'build', `${name}.mjs`),
  external: ['@huggingface/transformers', 'onnxruntime-node', 'onnxruntime-common', 'sharp', 'playwright-core', 'esbuild'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`built .bench/build/${name}.mjs`);
