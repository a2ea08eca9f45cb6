#!/usr/bin/env node
// The CPU cost of the first question after indexing, in Node, the way the plugin runs it: the
// engine indexes a generated 2,000-note vault (lexical, no model), then answers its first
// question (`search`). The first question pays what is compiled or built on first use (the
// intent table, the journal graph's link resolution…). `node scripts/first-answer-cpu.mjs
// [root…] [--runs=N]` bundles each root's engine, runs them interleaved in fresh processes and
// prints medians: the first search, a second one, and the whole pass (sync).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
const roots = args.filter((a) => !a.startsWith('--')).map((r) => resolve(r));
if (roots.length === 0) roots.push(resolve(import.meta.dirname, '..'));
const QUESTION = "Qu'ai-je noté sur le projet et les modèles ?";

const ENTRY = `
import { Engine } from './src/core/engine';
import { defaultSettings } from './src/core/settings';
import { generateVault } from './bench/vault';
import { MemoryVault } from './tests/fakes/memory-vault';
import { MemoryBlobStore } from './tests/core/index/memory-blob-store';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const settings = defaultSettings();
settings.retrieval.embeddingModel = '';
settings.retrieval.offline = true;
settings.retrieval.mode = 'lexical';
const files = Object.fromEntries(generateVault({ notes: 2000 }).map((n) => [n.path, n.text]));
const engine = await Engine.open({ source: new MemoryVault(files), store: new MemoryBlobStore(), embedder: null, settings });
let t = cpu(); await engine.sync(); const sync = cpu() - t;
t = cpu(); const a = await engine.search(process.argv[2]); const first = cpu() - t;
t = cpu(); const b = await engine.search(process.argv[2]); const second = cpu() - t;
console.log(JSON.stringify({ sync, first, second, sources: a.results.map((r) => r.chunkId).join(','), same: JSON.stringify(a.results) === JSON.stringify(b.results) }));`;

const tmp = mkdtempSync(join(tmpdir(), 'first-answer-'));
try {
  const bundles = [];
  for (const [i, root] of roots.entries()) {
    const entry = join(root, `.first-answer-entry-${process.pid}.ts`);
    writeFileSync(entry, ENTRY);
    const outfile = join(tmp, `engine-${i}.mjs`);
    try {
      await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'error', external: ['@huggingface/transformers', 'onnxruntime-node', 'sharp'],
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
    } finally {
      rmSync(entry, { force: true });
    }
    bundles.push(outfile);
  }
  const results = roots.map(() => ({ sync: [], first: [], second: [], sources: new Set() }));
  for (let r = 0; r < runs; r++) {
    for (const [i, file] of bundles.entries()) {
      const out = JSON.parse(execFileSync(process.execPath, [file, QUESTION], { encoding: 'utf8', maxBuffer: 1 << 26 }));
      for (const k of ['sync', 'first', 'second']) results[i][k].push(out[k]);
      results[i].sources.add(out.sources);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const all = new Set(results.flatMap((r) => [...r.sources]));
  for (const [i, root] of roots.entries()) {
    const m = (k) => median(results[i][k]).toFixed(0);
    console.log(`${root}: first search ${m('first')} ms CPU, second ${m('second')} ms, indexing pass ${m('sync')} ms (medians of ${runs} fresh processes)`);
  }
  console.log(all.size === 1 ? 'Every run and every root gave the same sources.' : `The sources differ: ${all.size} different lists.`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
