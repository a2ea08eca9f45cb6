// main.js carries only the French and English stemmers and stop lists (scripts/bundle-languages.mjs).
// This bundles the two libraries as the plugin build does and checks, against the whole libraries,
// that every word of the example vaults stems to the same bytes and that the stop lists are the
// same, and that the other languages are really gone.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleLanguagesPlugin, keepStemmers, KEPT_STEMMERS, KEPT_STOP_LISTS } from '../../scripts/bundle-languages.mjs';

const ROOT = resolve(__dirname, '../..');
const require = createRequire(import.meta.url);
type Snowball = { newStemmer(lang: string): { stem(word: string): string }; algorithms(): string[] };
const full = require('snowball-stemmers') as Snowball;
const fullStopwords = require('stopwords-iso') as Record<string, string[]>;

let dir = '';
let kept: { snowball: Snowball; stopwords: Record<string, string[]>; bytes: number };

async function markdownUnder(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.md')) out.push(await readFile(join(e.parentPath, e.name), 'utf8'));
  }
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ask-vault-languages-'));
  const entry = join(dir, 'entry.mjs');
  await writeFile(entry, "export { default as snowball } from 'snowball-stemmers';\nexport { default as stopwords } from 'stopwords-iso';\n");
  const outfile = join(dir, 'out.mjs');
  await esbuild.build({
    entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'silent',
    nodePaths: [join(ROOT, 'node_modules')], plugins: [bundleLanguagesPlugin()],
  });
  const mod = (await import(pathToFileURL(outfile).href)) as { snowball: Snowball; stopwords: Record<string, string[]> };
  kept = { ...mod, bytes: (await readFile(outfile)).length };
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the plugin bundle keeps only the French and English analysers', () => {
  it('stems every word of the example vaults to the same bytes as the whole library', async () => {
    const texts = [...(await markdownUnder(join(ROOT, 'examples'))), 'Créer créées créations modèles ﬁchiers Ritu’s naïveté œuvre cœurs'];
    const words = new Set<string>();
    for (const t of texts) for (const w of t.match(/[\p{L}\p{N}'’-]+/gu) ?? []) words.add(w).add(w.toLowerCase()).add(w.normalize('NFD'));
    expect(words.size).toBeGreaterThan(2000);
    for (const lang of KEPT_STEMMERS) {
      const a = full.newStemmer(lang);
      const b = kept.snowball.newStemmer(lang);
      const differ = [...words].filter((w) => a.stem(w) !== b.stem(w));
      expect(differ, lang).toEqual([]);
    }
  });

  it('has the same French and English stop lists, and no other', () => {
    expect(Object.keys(kept.stopwords).sort()).toEqual([...KEPT_STOP_LISTS].sort());
    for (const code of KEPT_STOP_LISTS) expect(kept.stopwords[code]).toEqual(fullStopwords[code]);
  });

  it('drops the other stemmers, and most of the bytes', () => {
    expect(kept.snowball.algorithms()).toEqual(KEPT_STEMMERS);
    expect(() => kept.snowball.newStemmer('german')).toThrow();
    expect(full.algorithms().length).toBeGreaterThan(20);
    expect(kept.bytes).toBeLessThan(250_000);
  });

  it('fails the build when the library no longer has the layout it cuts', () => {
    expect(() => keepStemmers('module.exports = {};')).toThrow(/unexpected layout/);
  });
});
