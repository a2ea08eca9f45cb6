// Two writers on one index: two CLI runs, or the plugin and the CLI. One writes; the other stops
// with a one-line message naming the holder (the plugin shows it as "index busy"). A `search`
// meanwhile is a reader, not a writer: it answers from the last commit (snapshot-readers.test.ts). A lock left by
// a process that is gone is taken over; nothing is ever corrupted.
//
// The plugin side is the plugin's own EngineProvider (which takes the lock as the plugin does)
// over its AdapterBlobStore on a real folder (tests/plugin/fakes/fs-data-adapter.ts), in this
// process; the CLI runs as a child process on the same vault and index folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, indexSummary, messages, runCli, startCli, TINY_MODEL, type CliRun } from './support/cli';
import { generateVault, prng, runSeed } from './support/vault';
import { readIndex, type IndexSnapshot } from './support/index-snapshot';
import { recordTrials } from './support/trials';
import type { EngineProvider } from '../../src/plugin/engine-provider';
import { pluginProvider } from './support/readers';

const NOTES = 200;
const TRIALS = Number(process.env.RELIABILITY_TRIALS || 4);
const BUSY = /^ask-vault: the index is being written by (cli \(pid \d+ on .+\)|plugin), last seen \d+ s ago; wait for it to finish, or delete .+writer\.lock if it is stale$/;

let tmp: string;
let vault: string;
let clean: IndexSnapshot;
const indexDir = () => join(vault, '.obsidian/plugins/ask-vault/index');
const args = (command: 'index' | 'search', dir?: string) => [
  command, vault, ...(command === 'search' ? ['projet'] : []), ...(dir ? ['--index-dir', dir] : []), '--embedding-model', TINY_MODEL, '--json',
];

beforeAll(async () => {
  await ensureCliBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-writers-'));
  vault = join(tmp, 'vault');
  generateVault(vault, NOTES, runSeed());
  mkdirSync(join(vault, '.obsidian'), { recursive: true }); // so the CLI's default index is the plugin's
  const r = await runCli(args('index', join(tmp, 'clean')));
  expect(r.code, r.stderr).toBe(0);
  clean = await readIndex(join(tmp, 'clean'), TINY_MODEL);
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function waitFor(file: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`${file} never appeared`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function expectBusy(run: CliRun, holder: RegExp): void {
  expect(run.code, run.stderr).toBe(1);
  expect(run.stdout).toBe('');
  const said = messages(run.stderr);
  expect(said).toHaveLength(1);
  expect(said[0]).toMatch(BUSY);
  expect(said[0]).toMatch(holder);
}

/** A search during a write answers from the last commit and says so in one line. */
function expectReader(run: CliRun, holder: RegExp): void {
  expect(run.code, run.stderr).toBe(0);
  const said = messages(run.stderr);
  expect(said).toHaveLength(1);
  expect(said[0]).toMatch(/^The index is (being updated|being built) by /);
  expect(said[0]).toMatch(holder);
  expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toHaveProperty('results');
}

async function expectClean(dir: string): Promise<void> {
  const snap = await readIndex(dir, TINY_MODEL);
  expect(snap.warnings).toEqual([]);
  expect(snap.chunkSet).toEqual(clean.chunkSet);
  expect(snap.vectors.size).toBe(clean.vectors.size);
}

const plugin = (): EngineProvider => pluginProvider(vault);

describe('two writers on one index', () => {
  beforeAll(() => {
    // The provider's heartbeat uses window timers, as Obsidian offers them.
    (globalThis as { window?: unknown }).window ??= globalThis;
  });

  it(`CLI and CLI: ${TRIALS} runs started while another indexes, ${TRIALS} started at the same instant`, async () => {
    const rand = prng(runSeed() + 3);
    let refused = 0;
    let simultaneous = 0;
    let bothRan = 0;
    for (let t = 0; t < TRIALS; t++) {
      const dir = join(tmp, `cli-cli-${t}`);
      const a = startCli(args('index', dir));
      await waitFor(join(dir, 'writer.lock'));
      await new Promise((r) => setTimeout(r, rand() * 300));
      // Frozen while the second run looks, so that it surely finds the first one at work (a
      // paused writer, as a laptop lid or a debugger makes one: its heartbeat is still fresh).
      a.child.kill('SIGSTOP');
      const reads = rand() < 0.5;
      const b = await runCli(args(reads ? 'search' : 'index', dir));
      a.child.kill('SIGCONT');
      const first = await a.done;
      expect(first.code, first.stderr).toBe(0);
      if (reads) expectReader(b, /cli \(pid \d+ on /);
      else expectBusy(b, /cli \(pid \d+ on /);
      refused++;
      await expectClean(dir);
    }
    for (let t = 0; t < TRIALS; t++) {
      const dir = join(tmp, `same-instant-${t}`);
      const [a, b] = await Promise.all([runCli(args('index', dir)), runCli(args('index', dir))]);
      simultaneous++;
      expect([a.code, b.code]).toContain(0);
      for (const r of [a, b]) if (r.code !== 0) expectBusy(r, /cli/);
      if (a.code === 0 && b.code === 0) bothRan++; // one finished before the other looked: allowed
      await expectClean(dir);
    }
    recordTrials({
      guarantee: 'Two writers: CLI and CLI',
      trials: refused + simultaneous,
      faults: `${refused} second runs (index, or search as a snapshot reader) during an index run (paused by SIGSTOP while the second looked); ${simultaneous} pairs started at the same instant`,
      lost: `nothing: every second index run exited 1 (every search answered from the last commit) with the one-line "being written by cli (pid …)" message; index = clean build after each (${bothRan} pairs ran one after the other)`,
      file: 'tests/reliability/two-writers.test.ts',
    });
  }, 180_000);

  it(`plugin and CLI: each refuses while the other holds the index, ${TRIALS} trials each way`, async () => {
    let cliRefused = 0;
    let pluginRefused = 0;
    for (let t = 0; t < TRIALS; t++) {
      rmSync(indexDir(), { recursive: true, force: true });
      // The plugin holds the index (indexing, or just open): the CLI stops with one line.
      const p = plugin();
      const engine = await p.engine();
      const syncing = engine.sync();
      expectBusy(await runCli(args('index')), /plugin/);
      cliRefused++;
      await syncing;
      await p.close();
      // Released: the CLI reads what the plugin wrote, and re-embeds nothing.
      const after = await runCli(args('index'));
      expect(after.code, after.stderr).toBe(0);
      expect(indexSummary(after).embedded).toBe(0);
      await expectClean(indexDir());

      // The CLI holds it: the plugin is told who, and opens once the CLI is done.
      writeFileSync(join(vault, `Dossier 0/Touchée ${t}.md`), `# Touchée ${t}\n\nUne note de plus.\n`);
      const cli = startCli(args('index'));
      await waitFor(join(indexDir(), 'writer.lock'));
      const q = plugin();
      await expect(q.engine()).rejects.toThrow(/cli \(pid \d+ on /);
      pluginRefused++;
      expect((await cli.done).code).toBe(0);
      const opened = await q.engine();
      expect(opened.status().warnings).toEqual([]);
      expect(opened.status().notes).toBe(NOTES + 1);
      await q.close();
      rmSync(join(vault, `Dossier 0/Touchée ${t}.md`));
    }
    recordTrials({
      guarantee: 'Two writers: plugin and CLI',
      trials: cliRefused + pluginRefused,
      faults: `${cliRefused} CLI index runs while the plugin's EngineProvider held the index; ${pluginRefused} plugin openings during a CLI index run`,
      lost: 'nothing: the CLI exits 1 naming the plugin, the plugin gets IndexBusyError naming the CLI; each then reads the other\'s index warning-free, nothing re-embedded',
      file: 'tests/reliability/two-writers.test.ts',
    });
  }, 180_000);

  it('stale locks: a dead holder is taken over at once, a live one is respected, an old heartbeat expires', async () => {
    const dir = join(tmp, 'stale');
    expect((await runCli(args('index', dir))).code).toBe(0);
    const sleeper = spawn('sleep', ['30']);
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.on('exit', r));
    const now = Date.now();
    const cases: { name: string; lock: unknown; proceeds: boolean }[] = [
      { name: 'killed CLI on this host', lock: { owner: { tool: 'cli', pid: dead.pid, host: hostname() }, token: 'a', heartbeat: now }, proceeds: true },
      { name: 'live process on this host', lock: { owner: { tool: 'cli', pid: sleeper.pid, host: hostname() }, token: 'b', heartbeat: now }, proceeds: false },
      { name: 'other host, fresh heartbeat', lock: { owner: { tool: 'cli', pid: 1, host: 'another-laptop' }, token: 'c', heartbeat: now }, proceeds: false },
      { name: 'other host, heartbeat 61 s old', lock: { owner: { tool: 'cli', pid: 1, host: 'another-laptop' }, token: 'd', heartbeat: now - 61_000 }, proceeds: true },
      { name: 'plugin, fresh heartbeat', lock: { owner: { tool: 'plugin' }, token: 'e', heartbeat: now }, proceeds: false },
      { name: 'plugin, heartbeat 2 min old', lock: { owner: { tool: 'plugin' }, token: 'f', heartbeat: now - 120_000 }, proceeds: true },
      { name: 'heartbeat in the future (clock skew)', lock: { owner: { tool: 'plugin' }, token: 'g', heartbeat: now + 3_600_000 }, proceeds: true },
    ];
    try {
      for (const c of cases) {
        writeFileSync(join(dir, 'writer.lock'), JSON.stringify(c.lock));
        const r = await runCli(args('index', dir));
        if (c.proceeds) {
          expect(r.code, `${c.name}: ${r.stderr}`).toBe(0);
          expect(existsSync(join(dir, 'writer.lock')), `${c.name}: released after the run`).toBe(false);
        } else {
          expectBusy(r, /./);
        }
        await expectClean(dir);
      }
    } finally {
      sleeper.kill();
    }
    recordTrials({
      guarantee: 'Stale writer locks',
      trials: cases.length,
      faults: cases.map((c) => c.name).join(', '),
      lost: 'nothing: dead or expired holders taken over, live ones respected, index = clean build after each',
      file: 'tests/reliability/two-writers.test.ts',
    });
  }, 120_000);
});
