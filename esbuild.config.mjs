// Builds the two bundles: the plugin's main.js (CommonJS, obsidian external) and the CLI's dist/cli.js.
// `node esbuild.config.mjs` builds both for production; `--watch` rebuilds the plugin on change.
import esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { chmod } from 'node:fs/promises';

const watch = process.argv.includes('--watch');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

const obsidianExternals = [
  'obsidian', 'electron',
  '@codemirror/autocomplete', '@codemirror/collab', '@codemirror/commands', '@codemirror/language',
  '@codemirror/lint', '@codemirror/search', '@codemirror/state', '@codemirror/view',
  '@lezer/common', '@lezer/highlight', '@lezer/lr',
  ...builtinModules, ...builtinModules.map((m) => `node:${m}`),
];

/** @type {import('esbuild').BuildOptions} */
const plugin = {
  entryPoints: ['src/plugin/main.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'browser',
  target: 'es2022',
  outfile: 'main.js',
  external: obsidianExternals,
  logLevel: 'info',
  sourcemap: watch ? 'inline' : false,
  minify: !watch,
  treeShaking: true,
};

/** @type {import('esbuild').BuildOptions} */
const cli = {
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile: 'dist/cli.js',
  // transformers.js stays in node_modules: onnxruntime-node and sharp ship native binaries that
  // cannot be bundled. Everything else is bundled, so the CLI starts fast and JSON data modules load.
  external: ['@huggingface/transformers', 'onnxruntime-node', 'onnxruntime-common', 'sharp'],
  // Bundled CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'info',
  sourcemap: true,
};

const builds = [only !== 'cli' && plugin, only !== 'plugin' && cli].filter(Boolean);
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (only !== 'plugin') await chmod('dist/cli.js', 0o755);
}
