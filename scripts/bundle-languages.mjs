// esbuild plugin that keeps only the analyser's languages (French, English) of the two lexical
// libraries that ship every language in one module: snowball-stemmers (739 kB, 24 stemmers in one
// UMD file) and stopwords-iso (330 kB, one JSON of ~60 stop lists). main.js compiled and ran them
// all at load, on Obsidian's main thread, for the two that the analyser ever asks for
// (src/core/lexical/analyzer.ts). The kept stemmers are the library's own code, cut out of its
// file, not a copy, so stems stay byte-identical (tests/plugin/bundle-languages.test.ts compares
// them with the whole library); an upgrade whose layout no longer matches fails the build.
// Only the plugin uses it: the CLI loads from disk, where the cost is not on a UI thread.
import { readFile } from 'node:fs/promises';

/** The languages the analyser uses: Snowball algorithm names and ISO 639-1 codes. */
export const KEPT_STEMMERS = ['french', 'english'];
export const KEPT_STOP_LISTS = ['fr', 'en'];

const STEMMER_FILE = /[\\/]snowball-stemmers[\\/]snowball-stemmers\.js$/;
const STOPWORDS_FILE = /[\\/]stopwords-iso[\\/]stopwords-iso\.json$/;
// One language's class: `var frenchStemmer = function (_SnowballStemmer10) {` … `}(SnowballStemmer);`
const CLASS_RE = /^ {4}var (\w+)Stemmer = function \(_SnowballStemmer\d*\) \{\n[\s\S]*?^ {4}\}\(SnowballStemmer\);\n/gm;
const MAP_ENTRY_RE = /^ {12}(\w+): (\w+)Stemmer,?\n/gm;
const ALGORITHMS_RE = /(function algorithms\(\) \{\s*return )\[[^\]]*\]/;

/** snowball-stemmers' source with only the `keep` stemmers. Throws if its layout is not the known one. */
export function keepStemmers(source, keep = KEPT_STEMMERS) {
  const found = [];
  let out = source.replace(CLASS_RE, (block, name) => {
    found.push(name);
    return keep.includes(name) ? block : '';
  });
  const mapped = [];
  out = out.replace(MAP_ENTRY_RE, (line, key, name) => {
    mapped.push(key);
    return keep.includes(name) ? line : '';
  });
  const missing = keep.filter((k) => !found.includes(k) || !mapped.includes(k));
  if (found.length < 20 || missing.length > 0 || !ALGORITHMS_RE.test(out)) {
    throw new Error(`snowball-stemmers: unexpected layout (found ${found.length} stemmers, missing ${missing.join(', ') || 'none'}); update scripts/bundle-languages.mjs`);
  }
  const left = [...out.matchAll(/\b(\w+)Stemmer\b/g)].map((m) => m[1]).filter((n) => found.includes(n) && !keep.includes(n));
  if (left.length > 0) throw new Error(`snowball-stemmers: dropped stemmers still referenced: ${[...new Set(left)].join(', ')}`);
  return out.replace(ALGORITHMS_RE, (_, head) => `${head}${JSON.stringify(keep)}`);
}

/** stopwords-iso's JSON with only the `keep` lists. */
export function keepStopLists(json, keep = KEPT_STOP_LISTS) {
  const all = JSON.parse(json);
  const missing = keep.filter((k) => !Array.isArray(all[k]));
  if (missing.length > 0) throw new Error(`stopwords-iso: no list for ${missing.join(', ')}`);
  return JSON.stringify(Object.fromEntries(keep.map((k) => [k, all[k]])));
}

/** @returns {import('esbuild').Plugin} */
export function bundleLanguagesPlugin() {
  return {
    name: 'ask-vault-bundle-languages',
    setup(build) {
      build.onLoad({ filter: STEMMER_FILE }, async (args) => ({
        contents: keepStemmers(await readFile(args.path, 'utf8')),
        loader: 'js',
      }));
      build.onLoad({ filter: STOPWORDS_FILE }, async (args) => ({
        contents: keepStopLists(await readFile(args.path, 'utf8')),
        loader: 'json',
      }));
    },
  };
}
