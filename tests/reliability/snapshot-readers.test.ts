// Readers that a writer never blocks. A reader opens the last committed generation without the
// writer lock, under a lease that keeps the writer from deleting that generation's files while
// it reads; it moves to newer generations as the writer commits them.
//
//   - readers during SIGKILLed writer runs: an in-process SnapshotReader polls the index while
//     `ask-vault index` runs and is killed at random moments, and a CLI `search` reads while the
//     writer is frozen at a random point (SIGSTOP, possibly mid-commit);
//   - a reader holding an old generation (its segment reads held at a gate) while the CLI
//     commits twice: every file of that generation is still there, and it loads exactly that
//     generation, then moves to the newest; once it lets go, the next writer collects the files;
//   - the plugin and the CLI, each as reader while the other writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, indexSummary, messages, runCli, startCli, TINY_MODEL, type CliRun, type RunningCli } from './support/cli';
import { generateVault, prng, runSeed } from './support/vault';
import { indexFiles, readIndex, type IndexSnapshot } from './support/index-snapshot';
import { recordTrials } from './support/trials';
import { lockPid, manifestFiles, pluginProvider, WatchedStore } from './support/readers';
import { SnapshotReader } from '../../src/core/snapshot-reader';
import { IndexStore } from '../../src/core/index';
import { FsNoteSource } from '../../src/cli/fs-note-source';
import { defaultSettings } from '../../src/core/settings';
import type { ChunkRecord } from '../../src/core/types';

const NOTES = 200;
const KILLS = Number(process.env.RELIABILITY_KILLS || 30);
const TRIALS = Number(process.env.RELIABILITY_TRIALS || 4);
const ENV = { ASK_VAULT_CHECKPOINT_MS: '0' };
const READER_NOTICE = /^The index is (being updated|being built) by /;

let tmp: string;
let vault: string;
let cleanDir: string;
let clean: IndexSnapshot;
let cleanChunks: Set<string>;
let workMs: number;

const common = (v: string, dir?: string) => [...(dir ? ['--index-dir', dir] : []), '--embedding-model', TINY_MODEL, '--chunk-tokens', '96', '--json'];
const indexArgs = (v: string, dir?: string) => ['index', v, ...common(v, dir)];
const searchArgs = (v: string, dir?: string) => ['search', v, 'projet données', ...common(v, dir)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const chunkLine = (c: ChunkRecord) => JSON.stringify([c.path, c.id, c.lines, c.headingPath, c.tokens, c.textHash, c.text]);
const chunkSet = (reader: SnapshotReader) => [...reader.chunks()].map(chunkLine).sort();

beforeAll(async () => {
  await ensureCliBuilt();
  (globalThis as { window?: unknown }).window ??= globalThis; // the provider's heartbeat uses window timers
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-readers-'));
  vault = join(tmp, 'vault');
  generateVault(vault, NOTES, runSeed());
  cleanDir = join(tmp, 'clean');
  const first = await runCli(indexArgs(vault, cleanDir), { env: ENV });
  expect(first.code, first.stderr).toBe(0);
  const noop = await runCli(indexArgs(vault, cleanDir), { env: ENV });
  workMs = Math.max(300, first.ms - noop.ms);
  clean = await readIndex(cleanDir, TINY_MODEL);
  cleanChunks = new Set(clean.chunkSet);
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function openReader(v: string, store: WatchedStore): Promise<SnapshotReader> {
  return SnapshotReader.open({
    source: new FsNoteSource(v),
    store,
    embedder: null,
    settings: defaultSettings(),
    owner: { tool: 'cli', pid: process.pid, host: hostname() },
    checkMs: 0,
  });
}

/** Resolves once the writer lock in `dir` is this run's (or false if the run ended first). */
async function holdsLock(run: RunningCli, dir: string, exited: { done: boolean }): Promise<boolean> {
  while (!exited.done) {
    if (lockPid(dir) === run.child.pid) return true;
    await sleep(10);
  }
  return false;
}

/** A CLI reader's run: exit 0, one line saying the index is being written elsewhere, results from the vault. */
function expectCliReader(run: CliRun, holder: RegExp): void {
  expect(run.code, run.stderr).toBe(0);
  const said = messages(run.stderr);
  expect(said, run.stderr).toHaveLength(1);
  expect(said[0]).toMatch(READER_NOTICE);
  expect(said[0]).toMatch(holder);
  const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { results: { path: string }[] };
  expect(Array.isArray(out.results)).toBe(true);
}

describe('snapshot readers', () => {
  it(`readers during ${KILLS} SIGKILLed writer runs: every generation they load is whole, none is missing a file`, async () => {
    const rand = prng(runSeed() + 14);
    let kills = 0;
    let rounds = 0;
    let loads = 0;
    let cliReads = 0;
    let frozenMidCommit = 0;
    while (kills < KILLS) {
      rounds++;
      const dir = join(tmp, `kill-${rounds}`);
      mkdirSync(dir);
      const store = WatchedStore.on(dir);
      const reader = await openReader(vault, store);
      const seen = { generation: 0, notes: 0 };
      const check = () => {
        expect(reader.warnings).toEqual([]);
        expect(store.missing, 'a segment of the generation being read was deleted').toEqual([]);
        const s = reader.status();
        expect(reader.generation).toBeGreaterThanOrEqual(seen.generation);
        // A build from scratch over an unchanged vault only adds notes, commit after commit.
        expect(s.notes).toBeGreaterThanOrEqual(seen.notes);
        expect(s.vectors).toBeLessThanOrEqual(clean.vectors.size);
        for (const c of reader.chunks()) expect(cleanChunks.has(chunkLine(c)), `chunk not in a clean build: ${c.id}`).toBe(true);
        seen.generation = reader.generation;
        seen.notes = s.notes;
      };
      let polling = true;
      const poll = (async () => {
        while (polling) {
          if (await reader.refresh()) {
            loads++;
            check();
          }
          await sleep(15);
        }
      })();
      let finished = false;
      const killsThisRound = Math.min(KILLS - kills, 2 + Math.floor(rand() * 3));
      for (let k = 0; k < killsThisRound && !finished; k++) {
        const running = startCli(indexArgs(vault, dir), { env: ENV });
        const exited = { done: false };
        void running.done.then(() => (exited.done = true));
        if (await holdsLock(running, dir, exited)) {
          await sleep(rand() * workMs * (1 - seen.notes / NOTES));
          // Every other run is frozen wherever it is (between two segment writes, before the
          // manifest…) and a CLI search reads meanwhile; the lock must still be the frozen run's
          // (it may have finished and released it just before the signal).
          if (kills % 2 === 0 && running.child.kill('SIGSTOP') && lockPid(dir) === running.child.pid) {
            if (readdirTmp(dir)) frozenMidCommit++;
            const r = await runCli(searchArgs(vault, dir));
            running.child.kill('SIGCONT');
            expectCliReader(r, new RegExp(`cli \\(pid ${running.child.pid} on `));
            cliReads++;
          } else {
            running.child.kill('SIGCONT');
          }
          await sleep(rand() * 300);
          running.child.kill('SIGKILL');
        }
        const run = await running.done;
        if (run.signal !== 'SIGKILL') {
          expect(run.code, run.stderr).toBe(0);
          finished = true;
          break;
        }
        kills++;
        await reader.refresh();
        check();
      }
      if (!finished) expect((await runCli(indexArgs(vault, dir), { env: ENV })).code).toBe(0);
      polling = false;
      await poll;
      await reader.refresh();
      check();
      expect(reader.status().notes).toBe(NOTES);
      expect(chunkSet(reader)).toEqual(clean.chunkSet);
      await reader.close();
    }
    expect(kills).toBe(KILLS);
    expect(cliReads).toBeGreaterThanOrEqual(KILLS / 4);
    recordTrials({
      guarantee: 'Snapshot readers during killed writers',
      trials: kills,
      faults: `SIGKILL of \`ask-vault index\` (checkpoint every batch) at random moments, ${rounds} builds of ${NOTES} notes; an in-process SnapshotReader polling every 15 ms (${loads} generations loaded), ${cliReads} CLI searches while the writer was frozen by SIGSTOP at a random point (every other run) (${frozenMidCommit} with a temporary file of an unfinished write in the index)`,
      lost: 'nothing: 0 missing segment reads, 0 warnings, every loaded generation a part of the clean build and no smaller than the one before; every CLI search exited 0 with one "being updated by cli (pid …)" line; each build ended = clean build in the reader',
      file: 'tests/reliability/snapshot-readers.test.ts',
    });
  }, 1_200_000);

  it(`a reader holding an old generation while the CLI commits twice: ${TRIALS} trials, no missing file, no mixed generation`, async () => {
    const rand = prng(runSeed() + 15);
    let generationsHeld = 0;
    let oldFilesKept = 0;
    for (let t = 0; t < TRIALS; t++) {
      const v = join(tmp, `hold-vault-${t}`);
      const dir = join(tmp, `hold-${t}`);
      cpSync(vault, v, { recursive: true });
      cpSync(cleanDir, dir, { recursive: true });
      const before = await readIndex(dir, TINY_MODEL);
      const oldFiles = manifestFiles(dir);
      const store = WatchedStore.on(dir);
      store.close();
      const opening = openReader(v, store);
      await store.held;
      for (let c = 0; c < 2; c++) {
        editSome(v, rand, c);
        const w = await runCli(indexArgs(v, dir));
        expect(w.code, w.stderr).toBe(0);
      }
      const after = await readIndex(dir, TINY_MODEL);
      expect(after.generation).toBeGreaterThanOrEqual(before.generation + 2);
      const dropped = oldFiles.filter((f) => !manifestFiles(dir).includes(f));
      expect(dropped.length, 'the two commits replaced files of the held generation').toBeGreaterThan(0);
      for (const f of oldFiles) expect(existsSync(join(dir, f)), `${f} of the held generation`).toBe(true);
      oldFilesKept += dropped.length;

      store.release();
      const reader = await opening;
      expect(store.missing).toEqual([]);
      expect(reader.warnings).toEqual([]);
      expect(reader.generation).toBe(before.generation);
      expect(chunkSet(reader)).toEqual(before.chunkSet);
      generationsHeld++;
      expect(await reader.refresh()).toBe(true);
      expect(reader.generation).toBe(after.generation);
      expect(chunkSet(reader)).toEqual(after.chunkSet);
      await reader.close();

      // Let go: the next writer collects what only the old generation used.
      editSome(v, rand, 2);
      expect((await runCli(indexArgs(v, dir))).code).toBe(0);
      const segments = indexFiles(dir).filter((f) => /^(notes|vectors)\//.test(f));
      expect(segments.sort()).toEqual(manifestFiles(dir).sort());
      expect(indexFiles(dir).filter((f) => f.startsWith('readers/'))).toEqual([]);
    }

    // Control: the same read without a lease (as before readers had one) finds files deleted.
    const v = join(tmp, 'hold-vault-control');
    const dir = join(tmp, 'hold-control');
    cpSync(vault, v, { recursive: true });
    cpSync(cleanDir, dir, { recursive: true });
    const store = WatchedStore.on(dir);
    store.close();
    const opening = IndexStore.open(store, { modelId: null, dimension: null, readOnly: true });
    await store.held;
    for (let c = 0; c < 2; c++) {
      editSome(v, rand, c);
      expect((await runCli(indexArgs(v, dir))).code).toBe(0);
    }
    store.release();
    const unleased = await opening;
    expect(store.missing.length, 'without a lease the writer deletes the generation being read').toBeGreaterThan(0);
    recordTrials({
      guarantee: 'Snapshot reader holding an old generation',
      trials: generationsHeld,
      faults: `the reader's segment reads held at a gate while \`ask-vault index\` committed twice (a third of the notes edited before each), ${oldFilesKept} files dropped by those commits`,
      lost: `nothing: every file of the held generation still on disk, the reader loaded exactly that generation (its chunk set) then the newest; after it let go, the next writer left only the manifest's files. Control without a lease: ${store.missing.length} segment reads found their file deleted (generation ${unleased.stats().generation} loaded instead)`,
      file: 'tests/reliability/snapshot-readers.test.ts',
    });
  }, 900_000);

  it(`plugin and CLI as readers and writers: ${TRIALS} trials each way`, async () => {
    const rand = prng(runSeed() + 16);
    const v = join(tmp, 'both-vault');
    cpSync(vault, v, { recursive: true });
    const dir = join(v, '.obsidian/plugins/ask-vault/index');
    mkdirSync(join(v, '.obsidian/plugins/ask-vault'), { recursive: true });
    cpSync(cleanDir, dir, { recursive: true });
    let pluginReads = 0;
    let cliReads = 0;
    for (let t = 0; t < TRIALS; t++) {
      // The CLI writes (frozen while the plugin looks); the plugin's views get a snapshot reader.
      editSome(v, rand, t);
      writeFileSync(join(v, `Dossier 0/Ajoutée ${t}.md`), `# Ajoutée ${t}\n\nUne note de plus sur le projet.\n`);
      const before = await readIndex(dir, TINY_MODEL);
      const cli = startCli(indexArgs(v), { env: ENV });
      const exited = { done: false };
      void cli.done.then(() => (exited.done = true));
      expect(await holdsLock(cli, dir, exited)).toBe(true);
      cli.child.kill('SIGSTOP');
      const told: string[] = [];
      const p = pluginProvider(v, { onReadOnly: (h) => told.push(h), chunkTokens: 96 });
      const reading = await p.readEngine();
      const found = await reading.search('projet données');
      expect(found.results.length).toBeGreaterThan(0);
      expect(reading.status().notes).toBe(before.notes.size);
      expect(reading.status().warnings).toEqual([]);
      await p.readEngine();
      expect(told).toHaveLength(1);
      expect(told[0]).toMatch(new RegExp(`cli \\(pid ${cli.child.pid} on `));
      pluginReads++;
      cli.child.kill('SIGCONT');
      expect((await cli.done).code).toBe(0);
      // The CLI is done: the plugin takes the index as its writer, with what the CLI wrote.
      const own = await p.readEngine();
      expect(own).not.toBe(reading);
      expect(own.status().notes).toBe(before.notes.size + 1);
      await p.close();

      // The plugin writes; CLI search and ask read meanwhile.
      editSome(v, rand, t + 10);
      const q = pluginProvider(v, { chunkTokens: 96 });
      const engine = await q.engine();
      const syncing = engine.sync();
      const s = await runCli(searchArgs(v));
      expectCliReader(s, /plugin/);
      const a = await runCli(['ask', v, 'Que disent mes notes du projet ?', ...common(v)]);
      expect(a.code, a.stderr).toBe(0);
      expect(messages(a.stderr)[0]).toMatch(READER_NOTICE);
      expect(JSON.parse(a.stdout.trim().split('\n').at(-1)!)).toHaveProperty('sources');
      cliReads += 2;
      await syncing;
      await q.close();
      const after = await runCli(indexArgs(v));
      expect(after.code, after.stderr).toBe(0);
      expect(indexSummary(after).embedded, 'what the plugin wrote was kept').toBe(0);
    }
    recordTrials({
      guarantee: 'Snapshot readers: plugin and CLI',
      trials: pluginReads + cliReads,
      faults: `${pluginReads} plugin openings (EngineProvider.readEngine) while \`ask-vault index\` held the index; ${cliReads} CLI search/ask runs while the plugin's EngineProvider held it and indexed`,
      lost: 'nothing: the plugin searched the last commit and was told once who writes, then took the index over with the CLI\'s notes; the CLI answered with one "being updated by plugin" line; the next CLI index run re-embedded 0 chunks',
      file: 'tests/reliability/snapshot-readers.test.ts',
    });
  }, 900_000);
});

/** Appends a sentence to about a third of the notes (a different third each round). */
function editSome(v: string, rand: () => number, round: number): void {
  for (let i = 1; i < NOTES; i++) {
    if (i % 10 === 0 || rand() > 0.33) continue;
    const path = join(v, `Dossier ${i % 7}/Note ${i}.md`);
    writeFileSync(path, `${readFileSync(path, 'utf8')}\nAjout ${round} : une idée de plus sur le corpus.\n`);
  }
}

/** Whether the index folder holds a temporary file of an atomic write under way. */
function readdirTmp(dir: string): boolean {
  return existsSync(dir) && indexFiles(dir).some((f) => /(^|\/)\.[^/]+\.tmp$/.test(f));
}
