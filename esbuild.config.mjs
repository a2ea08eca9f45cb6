// Builds the two bundles: the plugin's main.js (CommonJS, obsidian external) and the CLI's dist/cli.js.
// `node esbuild.config.mjs` builds both for production; `--watch` rebuilds the plugin on change.
import esbuild from 'esbuild';
import { chmod } from 'node:fs/promises';
import { inlineWorkerPlugin } from './scripts/esbuild-inline-worker.mjs';
import { unusedModuleAliases } from './scripts/bundle-aliases.mjs';
import { bundleLanguagesPlugin } from './scripts/bundle-languages.mjs';
import { oneByteOutputPlugin } from './scripts/one-byte-output.mjs';

const watch = process.argv.includes('--watch');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

// Provided by Obsidian at run time. Node built-ins are not: they do not exist on mobile, so the
// plugin build fails on any import of one that is not aliased below.
const obsidianExternals = [
  'obsidian', 'electron',
  '@codemirror/autocomplete', '@codemirror/collab', '@codemirror/commands', '@codemirror/language',
  '@codemirror/lint', '@codemirror/search', '@codemirror/state', '@codemirror/view',
  '@lezer/common', '@lezer/highlight', '@lezer/lr',
];

// vectra's browser entry still imports its BM25 and tokenizer dependencies, and its file storage
// imports Node built-ins, all at load time; the plugin uses only LocalIndex over its own storage
// and codec, which call none of them. They are replaced by one small module that throws if called
// (src/plugin/bundle/unused-module.ts), so main.js loads on mobile and stays ~7 MB smaller.
// transformers.js goes too: on the main thread only vectra's unused TransformersEmbeddings names
// it; the embedding worker is a separate bundle with its own copy.
// The list and its use per bundle: scripts/bundle-aliases.mjs.
const unusedInPlugin = await unusedModuleAliases('plugin');
const unusedInCli = await unusedModuleAliases('node');

/** @type {import('esbuild').BuildOptions} */
const plugin = {
  entryPoints: ['src/plugin/main.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'browser',
  target: 'es2022',
  outfile: 'main.js',
  external: obsidianExternals,
  alias: unusedInPlugin,
  // The embedding worker and onnxruntime's WASM, inlined (only main.js, manifest.json and styles.css ship).
  // Only the French and English stemmers and stop lists, not every language's: less to compile at load.
  // Nothing above U+00FF in main.js, so Obsidian's read of it is a one-byte string (scripts/one-byte-output.mjs).
  plugins: [inlineWorkerPlugin({ minify: !watch, wasmInComment: true }), bundleLanguagesPlugin(), oneByteOutputPlugin()],
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
  alias: unusedInCli,
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
