#!/usr/bin/env node
// The CPU cost of the first question classification in a fresh process (the question-intent
// table compiles its Unicode patterns on first use, on the main thread of the first answer).
// `node scripts/intent-cold.mjs [root…] [--runs=N]`: bundles each root's src/core/question/intent.ts,
// then runs it N times, interleaved, each time in a new Node process, and prints the medians of
// the first and of the second classification (CPU time, user + system).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 15);
const roots = args.filter((a) => !a.startsWith('--')).map((r) => resolve(r));
if (roots.length === 0) roots.push(resolve(import.meta.dirname, '..'));
const QUESTIONS = ["Qu'ai-je noté sur le projet et les modèles ?", 'Comment mon avis sur le fine-tuning a-t-il évolué ?', 'What did I write last week?'];

const tmp = mkdtempSync(join(tmpdir(), 'intent-cold-'));
const CHILD = `
const m = await import(process.argv[1]);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const qs = JSON.parse(process.argv[2]);
let t = cpu(); const first = m.classifyIntent(qs[0], false).intent; const cold = cpu() - t;
t = cpu(); for (const q of qs) m.classifyIntent(q, true); const warm = (cpu() - t) / qs.length;
console.log(JSON.stringify({ cold, warm, first }));`;
try {
  const bundles = [];
  for (const [i, root] of roots.entries()) {
    const outfile = join(tmp, `intent-${i}.mjs`);
    await build({ entryPoints: [join(root, 'src/core/question/intent.ts')], bundle: true, format: 'esm', platform: 'neutral', outfile, logLevel: 'error' });
    bundles.push(outfile);
  }
  const results = roots.map(() => ({ cold: [], warm: [] }));
  for (let r = 0; r < runs; r++) {
    for (const [i, file] of bundles.entries()) {
      const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', CHILD, file, JSON.stringify(QUESTIONS)], { encoding: 'utf8' }));
      results[i].cold.push(out.cold);
      results[i].warm.push(out.warm);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [i, root] of roots.entries()) {
    console.log(`${root}: first classification ${median(results[i].cold).toFixed(1)} ms CPU, then ${median(results[i].warm).toFixed(2)} ms per question (medians of ${runs} fresh processes)`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
