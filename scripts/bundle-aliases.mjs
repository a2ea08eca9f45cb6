// Which modules the bundles replace with the stub that throws if called
// (src/plugin/bundle/unused-module.ts). The list is src/plugin/bundle/unused-modules.json, shared
// with tests/plugin/bundle-stubs.test.ts, which runs the index through a bundle built this way.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STUB = './src/plugin/bundle/unused-module.ts';

/**
 * esbuild `alias` entries. The plugin stubs the whole list (Node built-ins and transformers.js
 * included). Node bundles (the CLI, the bench) keep those and stub only vectra's unused NLP
 * packages, which would cost ~80 MB of resident memory at start (gpt-tokenizer's tables,
 * wink's model) for nothing.
 */
export async function unusedModuleAliases(target) {
  const names = JSON.parse(await readFile(path.join(root, 'src/plugin/bundle/unused-modules.json'), 'utf8'));
  const stubbed = target === 'plugin' ? names : names.filter((name) => name.startsWith('wink-') || name === 'gpt-tokenizer');
  return Object.fromEntries(stubbed.map((name) => [name, STUB]));
}
