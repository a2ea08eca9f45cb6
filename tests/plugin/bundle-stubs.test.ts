// main.js replaces vectra's unused dependencies and the Node built-ins it imports with a module
// that throws when called (esbuild.config.mjs). This builds the engine the same way, runs an index
// through it (write, reopen, vector query), and so proves the code path the plugin uses never
// calls them; it also checks that none of the heavy modules made it into the bundle.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import esbuild from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { unusedModuleAliases } from '../../scripts/bundle-aliases.mjs';

const ROOT = resolve(__dirname, '../..');
let dir = '';

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ENTRY = `
import { Engine } from './src/core/engine';
import { defaultSettings } from './src/core/settings';
import { MemoryVault } from './tests/fakes/memory-vault';
import { MemoryBlobStore } from './tests/core/index/memory-blob-store';

// A deterministic embedder: letter counts, normalised (no model needed to exercise the index).
const embedder = {
  modelId: 'letters',
  async load() { return 26; },
  async embed(texts) {
    return texts.map((t) => {
      const v = new Float32Array(26);
      for (const ch of t.toLowerCase()) { const i = ch.charCodeAt(0) - 97; if (i >= 0 && i < 26) v[i] += 1; }
      const n = Math.hypot(...v) || 1;
      return v.map((x) => x / n);
    });
  },
};

export async function run() {
  const vault = new MemoryVault({
    'zzz.md': '# Zzz\\n\\nzzz zzz zzz buzz fizz jazz',
    'aaa.md': '# Aaa\\n\\naaa banana cabana',
    'Journal/2024-12-26.md': 'Vu [[aaa]] aujourd hui.',
  });
  const store = new MemoryBlobStore();
  const settings = defaultSettings();
  const first = await Engine.open({ source: vault, store, embedder, settings });
  await first.sync({});
  await first.close();
  const again = await Engine.open({ source: vault, store: store.restart(), embedder, settings });
  const found = await again.search('zzz jazz', { mode: 'vector', k: 1, expand: false });
  return { status: again.status(), top: found.results[0]?.path, files: [...store.files.keys()] };
}
`;

describe('the plugin bundle\'s module stubs', () => {
  it('leave the index working: vectra segments written, read back and queried', async () => {
    const result = await esbuild.build({
      stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'entry.ts' },
      absWorkingDir: ROOT,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      metafile: true,
      alias: await unusedModuleAliases('plugin'),
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((p) => /node_modules\/(wink-|gpt-tokenizer|@huggingface|protobufjs|long\/)/.test(p))).toEqual([]);
    expect(inputs.some((p) => p.includes('node_modules/vectra/'))).toBe(true);
    const code = result.outputFiles[0].text;
    expect(code).not.toMatch(/\brequire\(\s*["'](fs|path|crypto|tty|node:[a-z/]+)["']\s*\)/);

    dir = await mkdtemp(join(tmpdir(), 'ask-vault-bundle-'));
    const file = join(dir, 'bundle.mjs');
    await writeFile(file, code);
    const mod = (await import(pathToFileURL(file).href)) as { run(): Promise<{ status: { notes: number; vectors: number; model: string }; top: string; files: string[] }> };
    const out = await mod.run();
    expect(out.status.notes).toBe(3);
    expect(out.status.vectors).toBeGreaterThan(0);
    expect(out.status.model).toBe('letters');
    expect(out.top).toBe('zzz.md');
    expect(out.files.some((f) => f.startsWith('vectors/'))).toBe(true);
  });
});
