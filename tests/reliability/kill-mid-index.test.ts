// Killed mid-index: `ask-vault index` is SIGKILLed at random moments on a generated vault of a few
// hundred notes, with the real tiny embedding model and a checkpoint at every embedding batch.
// After every kill the index on disk must open without a warning, hold only chunks and vectors
// of a clean build, and keep everything earlier runs saved; the run that finally completes
// must embed exactly the chunks no killed run had committed, and end with a clean build's
// chunk set and vectors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, indexSummary, messages, runCli, startCli, TINY_MODEL, type CliRun } from './support/cli';
import { generateVault, prng, runSeed } from './support/vault';
import { indexFiles, readIndex, SAME_VECTOR, vectorDistance, type IndexSnapshot } from './support/index-snapshot';
import { recordTrials } from './support/trials';

const NOTES = 300;
const KILLS = Number(process.env.RELIABILITY_KILLS || 30);
const ENV = { ASK_VAULT_CHECKPOINT_MS: '0' };

let tmp: string;
let vault: string;
let clean: IndexSnapshot;
let cleanMs: number;
let startupMs: number;

// Small chunks: about a thousand, so a build checkpoints four times (every 256 embedded chunks).
const indexArgs = (dir: string) => ['index', vault, '--index-dir', dir, '--embedding-model', TINY_MODEL, '--chunk-tokens', '96', '--json'];

beforeAll(async () => {
  await ensureCliBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-kill-'));
  vault = join(tmp, 'vault');
  generateVault(vault, NOTES, runSeed());
  const dir = join(tmp, 'clean');
  const first = await runCli(indexArgs(dir), { env: ENV });
  expect(first.code, first.stderr).toBe(0);
  cleanMs = first.ms;
  // A run with nothing to do: start-up, index load and scan, the part of a run before any embedding.
  const noop = await runCli(indexArgs(dir), { env: ENV });
  expect(indexSummary(noop).embedded).toBe(0);
  startupMs = noop.ms;
  clean = await readIndex(dir, TINY_MODEL);
  expect(clean.warnings).toEqual([]);
  expect(clean.notes.size).toBe(NOTES);
  expect(clean.vectors.size).toBeGreaterThan(NOTES);
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Resolves true when the manifest in `dir` is replaced (a commit), false if told to stop first. */
async function nextCheckpoint(dir: string, watching: { stop: boolean }): Promise<boolean> {
  const file = join(dir, 'manifest.json');
  const stamp = () => (existsSync(file) ? statSync(file, { bigint: true }).mtimeNs : -1n);
  const first = stamp();
  while (!watching.stop) {
    await new Promise((r) => setTimeout(r, 5));
    if (stamp() !== first) return true;
  }
  return false;
}

/** What a killed run left must be a part of the clean build, and keep what was saved before. */
function checkAfterKill(snap: IndexSnapshot, before: IndexSnapshot | null): void {
  expect(snap.warnings, 'the index left by a killed run opens without a warning').toEqual([]);
  const cleanChunks = new Set(clean.chunkSet);
  for (const line of snap.chunkSet) expect(cleanChunks.has(line), `chunk not in a clean build: ${line}`).toBe(true);
  for (const [hash, v] of snap.vectors) {
    const expected = clean.vectors.get(hash);
    expect(expected, `vector ${hash} not in a clean build`).toBeDefined();
    expect(vectorDistance(new Map([[hash, v]]), new Map([[hash, expected!]]))).toBeLessThan(SAME_VECTOR);
  }
  if (before) {
    for (const hash of before.vectors.keys()) expect(snap.vectors.has(hash), 'a vector saved by an earlier run was lost').toBe(true);
    for (const path of before.notes.keys()) expect(snap.notes.has(path), `note ${path} saved by an earlier run was lost`).toBe(true);
  }
}

function checkComplete(run: CliRun, saved: IndexSnapshot | null): number {
  expect(run.code, run.stderr).toBe(0);
  expect(messages(run.stderr), 'a resumed run has nothing to warn about').toEqual([]);
  const summary = indexSummary(run);
  const alreadySaved = saved?.vectors.size ?? 0;
  // Resuming embeds exactly the chunks no killed run had committed: nothing saved is embedded again.
  expect(summary.embedded).toBe(clean.vectors.size - alreadySaved);
  expect(summary.notes).toBe(NOTES);
  return summary.embedded;
}

describe('SIGKILL at random moments of `ask-vault index`', () => {
  it(`${KILLS} kills: every next run loads a valid index, resumes without re-embedding, and ends equal to a clean build`, async () => {
    const rand = prng(runSeed());
    let kills = 0;
    let rounds = 0;
    let killsAfterCommit = 0;
    let killsDuringStartup = 0;
    let reEmbedded = 0;
    let resumedFromSaved = 0;
    const leftovers = new Set<string>();
    while (kills < KILLS) {
      rounds++;
      const dir = join(tmp, `round-${rounds}`);
      const killsThisRound = Math.min(KILLS - kills, 1 + Math.floor(rand() * 5));
      let saved: IndexSnapshot | null = null;
      let finished: CliRun | null = null;
      for (let k = 0; k < killsThisRound; k++) {
        // One kill in five lands in start-up (loading, lock, index open); the rest while indexing.
        // A fifth of the kills land in start-up (loading, lock, index open), two fifths anywhere in
        // the work that remains, two fifths just after a checkpoint (while its segments, manifest
        // and garbage collection are written, or in the embedding that follows).
        const pick = rand();
        const left = 1 - (saved?.vectors.size ?? 0) / clean.vectors.size;
        const inStartup = pick < 0.2;
        // A run checkpoints every embedding batch (256 chunks): a short resume has only its final commit.
        const afterCheckpoint = pick >= 0.6 && left * clean.vectors.size > 256;
        const running = startCli(indexArgs(dir), { env: ENV });
        let timer: NodeJS.Timeout | undefined;
        const watching = { stop: false };
        if (afterCheckpoint) {
          void nextCheckpoint(dir, watching).then((seen) => {
            if (seen) timer = setTimeout(() => running.child.kill('SIGKILL'), rand() * 300);
          });
        } else {
          const delay = inStartup ? rand() * startupMs : startupMs + rand() * Math.max(100, left * (cleanMs - startupMs));
          timer = setTimeout(() => running.child.kill('SIGKILL'), delay);
        }
        const run = await running.done;
        watching.stop = true;
        clearTimeout(timer);
        if (run.signal !== 'SIGKILL') {
          finished = run; // it completed before its kill: it is this round's resume
          // The machine is faster than when the clean build was timed: aim earlier from now on.
          if (!afterCheckpoint && left > 0.2) cleanMs = (cleanMs + startupMs + (run.ms - startupMs) / left) / 2;
          break;
        }
        kills++;
        if (inStartup) killsDuringStartup++;
        const snap = await readIndex(dir, TINY_MODEL);
        checkAfterKill(snap, saved);
        if (snap.generation > (saved?.generation ?? 0)) killsAfterCommit++;
        saved = snap;
      }
      finished ??= await runCli(indexArgs(dir), { env: ENV });
      const embedded = checkComplete(finished, saved);
      resumedFromSaved += clean.vectors.size - embedded;
      reEmbedded += embedded - (clean.vectors.size - (saved?.vectors.size ?? 0));

      const final = await readIndex(dir, TINY_MODEL);
      expect(final.warnings).toEqual([]);
      expect(final.chunkSet).toEqual(clean.chunkSet);
      expect(vectorDistance(final.vectors, clean.vectors)).toBeLessThan(SAME_VECTOR);
      expect([...final.notes.values()].map((n) => [n.path, n.hash, n.mtime, n.size])).toEqual(
        [...clean.notes.values()].map((n) => [n.path, n.hash, n.mtime, n.size]),
      );
      // Segments of unfinished commits are collected; besides the lexical term cache, only a
      // temporary file of an interrupted atomic write may stay (a dot-file no reader opens).
      for (const f of indexFiles(dir)) {
        if (/^(manifest\.json|notes\/g\d+-\d+\.json\.gz|vectors\/g\d+-\d+\.vec|cache\/lexical-terms\.bin\.gz)$/.test(f)) continue;
        expect(f, 'only a temporary file of an interrupted write may be left over').toMatch(/^(cache\/)?\.[^/]+\.tmp$/);
        leftovers.add(`${rounds}:${f}`);
      }
    }
    expect(kills).toBe(KILLS);
    expect(reEmbedded).toBe(0);
    // Kills must land after checkpoints too, or the trials prove little about commits.
    expect(killsAfterCommit).toBeGreaterThanOrEqual(Math.floor(KILLS / 4));
    recordTrials({
      guarantee: 'Killed mid-index (SIGKILL)',
      trials: kills,
      faults: `SIGKILL at random moments (${killsDuringStartup} in start-up, ${killsAfterCommit} after the killed run had committed a checkpoint), ${rounds} resumed builds of ${NOTES} notes / ${clean.vectors.size} chunks`,
      lost: 'nothing: 0 warnings, 0 chunks re-embedded, final chunk set and vectors = clean build',
      file: 'tests/reliability/kill-mid-index.test.ts',
      notes: `clean build ${(cleanMs / 1000).toFixed(1)} s, start-up ${(startupMs / 1000).toFixed(1)} s; resumes reused ${resumedFromSaved} vectors committed by killed runs; ${leftovers.size} temporary file(s) left in an index root`,
    });
  }, 300_000);
});
