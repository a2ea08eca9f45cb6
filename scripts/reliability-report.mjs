#!/usr/bin/env node
// Runs the reliability suite (tests/reliability) and prints RELIABILITY.md's table from the trial
// counts the tests record, so the table always comes from a real run.
//
//   node scripts/reliability-report.mjs                  the whole suite
//   RELIABILITY_SEED=7 node scripts/reliability-report.mjs   another seed (vaults, faults, kill moments)
//   RELIABILITY_KILLS=100 node scripts/reliability-report.mjs   more SIGKILL trials
//
// Other knobs: RELIABILITY_ROUNDS (corrupt-index rounds), RELIABILITY_RUNS (fast-check runs),
// RELIABILITY_NOTES (generated hostile notes), RELIABILITY_TRIALS (two-writer trials),
// RELIABILITY_CLI_TRIALS (CLI vault-change trials), RELIABILITY_LANES (parallel CLI runs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'ask-vault-reliability-report-'));
const results = join(dir, 'results.jsonl');
const started = Date.now();
const run = spawnSync('npx', ['vitest', 'run', 'tests/reliability', ...process.argv.slice(2)], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, RELIABILITY_RESULTS: results },
});
const minutes = ((Date.now() - started) / 60_000).toFixed(1);

let rows = [];
try {
  rows = readFileSync(results, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
} catch {
  // no test got as far as recording: the vitest output above says why
}
rmSync(dir, { recursive: true, force: true });

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const lines = [
  `Run of ${new Date().toISOString().slice(0, 10)}, seed ${process.env.RELIABILITY_SEED || 20241226}, ${minutes} min, vitest exit ${run.status}.`,
  '',
  '| Guarantee | Trials | Faults injected | Lost | Reproduce |',
  '|---|---:|---|---|---|',
  ...rows.map((r) => `| ${cell(r.guarantee)} | ${r.trials} | ${cell(r.faults)}${r.notes ? ` (${cell(r.notes)})` : ''} | ${cell(r.lost)} | \`npx vitest run ${r.file}\` |`),
];
process.stdout.write(`\n${lines.join('\n')}\n`);
process.exitCode = run.status ?? 1;
