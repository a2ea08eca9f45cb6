// A corrupt, truncated or outdated index: `ask-vault index` says so in one line, rebuilds, and
// leaves the vault as it was (every note's bytes and mtime). Damage that is not the index's
// content (a garbage lock file, stray files) is shrugged off without a word and without a rebuild.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, indexSummary, messages, runCli, TINY_MODEL } from './support/cli';
import { fingerprintTree, generateVault, prng, runSeed, treeChanges } from './support/vault';
import { readIndex, SAME_VECTOR, vectorDistance, type IndexSnapshot } from './support/index-snapshot';
import { inLanes, recordTrials } from './support/trials';
import { INDEX_FAULTS, type IndexFault } from '../fakes/fault-index';

const NOTES = 40;
const ROUNDS = Number(process.env.RELIABILITY_ROUNDS || 1);

let tmp: string;
let vault: string;
let cleanDir: string;
let clean: IndexSnapshot;

const indexArgs = (dir: string) => ['index', vault, '--index-dir', dir, '--embedding-model', TINY_MODEL, '--json'];

beforeAll(async () => {
  await ensureCliBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-corrupt-'));
  vault = join(tmp, 'vault');
  generateVault(vault, NOTES, runSeed());
  cleanDir = join(tmp, 'clean');
  const r = await runCli(indexArgs(cleanDir));
  expect(r.code, r.stderr).toBe(0);
  clean = await readIndex(cleanDir, TINY_MODEL);
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function trial(fault: IndexFault, round: number, rand: () => number): Promise<void> {
  const dir = join(tmp, `trial-${round}-${INDEX_FAULTS.indexOf(fault)}`);
  cpSync(cleanDir, dir, { recursive: true });
  fault.apply(dir, rand);
  const before = fingerprintTree(vault);
  const run = await runCli(indexArgs(dir));
  expect(run.code, run.stderr).toBe(0);
  const said = messages(run.stderr);
  if (fault.expect === 'rebuild') {
    expect(said, `${fault.name}: exactly one line`).toHaveLength(1);
    expect(said[0]).toMatch(/index/i);
    expect(said[0]).toMatch(/rebuild/i);
    expect(indexSummary(run).embedded, 'rebuilt with every vector').toBe(clean.vectors.size);
  } else {
    expect(said, `${fault.name}: nothing to say`).toEqual([]);
    expect(indexSummary(run).embedded, fault.expect === 'heal' ? 'the one vector no chunk could find, again' : 'nothing rebuilt').toBe(fault.expect === 'heal' ? 1 : 0);
  }
  const after = await readIndex(dir, TINY_MODEL);
  expect(after.warnings).toEqual([]);
  expect(after.chunkSet).toEqual(clean.chunkSet);
  expect(vectorDistance(after.vectors, clean.vectors), fault.name).toBeLessThan(SAME_VECTOR);
  expect(treeChanges(before, fingerprintTree(vault)), 'the vault is untouched').toEqual([]);
}

describe('a damaged or outdated index', () => {
  it(`${INDEX_FAULTS.length} kinds of damage × ${ROUNDS}: one line, rebuilt, vault untouched`, async () => {
    const plan = Array.from({ length: ROUNDS }, (_, round) => INDEX_FAULTS.map((fault) => ({ fault, round }))).flat();
    let trials = 0;
    await inLanes(plan, async ({ fault, round }, i) => {
      await trial(fault, round, prng(runSeed() + i));
      trials++;
    });
    recordTrials({
      guarantee: 'Corrupt, truncated or old-schema index',
      trials,
      faults: INDEX_FAULTS.map((f) => f.name).join(', '),
      lost: `nothing: one warning line and a full rebuild for the ${INDEX_FAULTS.filter((f) => f.expect === 'rebuild').length} kinds of bad content; an altered vector id re-embeds that chunk; lock and stray files ignored; ${NOTES} notes byte- and mtime-identical after each`,
      file: 'tests/reliability/corrupt-index.test.ts',
    });
  }, 240_000);
});
