// Notes created, edited, renamed and deleted while indexing runs. The pass that sees the changes
// must finish without error; the next pass must leave an index equal to a clean build of the
// vault as it then is: the same notes, the same hashes, the same chunks, every chunk with a vector.
//
// In-process, fast-check schedules the changes at exact moments (the n-th note read, the n-th
// embedding batch), so every interleaving is replayable; on disk, the CLI runs while the test
// changes real files at random moments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Engine } from '../../src/core/engine';
import { defaultSettings } from '../../src/core/settings';
import { IndexStore } from '../../src/core/index';
import { MemoryBlobStore } from '../core/index/memory-blob-store';
import { MemoryVault } from '../fakes/memory-vault';
import { CountingEmbedder } from '../fakes/counting-embedder';
import { ChangingSource, changingEmbedder, type ScheduledChange, type VaultChange } from '../fakes/fault-vault';
import { ensureCliBuilt, indexSummary, runCli, startCli, TINY_MODEL } from './support/cli';
import { generateVault, noteText, prng, runSeed } from './support/vault';
import { readIndex } from './support/index-snapshot';
import type { NoteRecord } from '../../src/core/types';
import { inLanes, recordTrials } from './support/trials';

const RUNS = Number(process.env.RELIABILITY_RUNS || 30);
const CLI_TRIALS = Number(process.env.RELIABILITY_CLI_TRIALS || 4);

const embedder = new CountingEmbedder('tiny');
const settings = () => {
  const s = defaultSettings();
  s.retrieval.chunkTokens = 64;
  return s;
};

let tmp: string;
beforeAll(async () => {
  await embedder.load();
  await ensureCliBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-changes-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface IndexView {
  notes: string[];
  /** Title, aliases, tags, links, journal date: what the graph and the citations use. */
  meta: string[];
  chunks: string[];
  missingVectors: number;
}

/**
 * A moved note keeps its chunks and vectors (README "Renames": a move re-embeds nothing), and the
 * chunker sizes chunks with the title included, so its chunk boundaries may differ from a fresh
 * build under the new name. For moved notes the comparison is therefore of the text the chunks
 * cover, not of where they split; everything else (path, hash, title, journal date, links) is exact.
 */
function chunkKey(rec: NoteRecord, moved: ReadonlySet<string>): string[] {
  if (moved.has(rec.path)) return [JSON.stringify([rec.path, 'moved', rec.chunks.map((c) => c.text).join(' ').replace(/\s+/g, ' ')])];
  return rec.chunks.map((c) => JSON.stringify([c.id, c.lines, c.headingPath, c.tokens, c.text]));
}

async function view(store: MemoryBlobStore, moved: ReadonlySet<string>): Promise<IndexView> {
  const index = await IndexStore.open(store, { modelId: 'tiny', dimension: null, readOnly: true });
  const notes: string[] = [];
  const chunks: string[] = [];
  const meta: string[] = [];
  let missingVectors = 0;
  for (const rec of index.notes()) {
    notes.push(`${rec.path} ${rec.hash}`);
    meta.push(JSON.stringify([rec.path, rec.meta]));
    chunks.push(...chunkKey(rec, moved));
    for (const c of rec.chunks) if (!index.hasVector(c.textHash)) missingVectors++;
  }
  return { notes: notes.sort(), meta: meta.sort(), chunks: chunks.sort(), missingVectors };
}

async function vaultView(vault: MemoryVault): Promise<string[]> {
  const out: string[] = [];
  for (const p of vault.paths()) out.push(`${p} ${createHash('sha256').update(await vault.read(p)).digest('hex')}`);
  return out.sort();
}

const BASE = 16;
const basePath = (i: number) => (i % 3 === 0 ? `Journal/2024-12-${String(1 + i).padStart(2, '0')}.md` : `Notes/Note ${i}.md`);

const changeArb = (paths: string[]): fc.Arbitrary<VaultChange> => {
  const existing = fc.constantFrom(...paths);
  const fresh = fc.integer({ min: 0, max: 40 }).map((n) => `Nouvelles/Nouvelle ${n}.md`);
  const text = fc.integer({ min: 0, max: 1_000_000 }).map((seed) => noteText(prng(seed), seed % 100, BASE));
  return fc.oneof(
    fc.record({ op: fc.constant('create' as const), path: fresh, text }),
    fc.record({ op: fc.constant('edit' as const), path: existing, text }),
    fc.record({ op: fc.constant('rename' as const), from: existing, to: fc.oneof(fresh, fc.integer({ min: 0, max: 9 }).map((n) => `Déplacées/${n}/Note.md`)) }),
    fc.record({ op: fc.constant('delete' as const), path: existing }),
  );
};

describe('vault changes during indexing', () => {
  it(`in-process: ${RUNS} generated schedules of create/edit/rename/delete at exact moments of a pass`, async () => {
    let passes = 0;
    let changesApplied = 0;
    const kinds = new Map<string, number>();
    const paths = Array.from({ length: BASE }, (_, i) => basePath(i));
    const schedule = fc.array(
      fc.oneof(
        { weight: 3, arbitrary: fc.record({ on: fc.constant('read' as const), at: fc.integer({ min: 0, max: BASE - 1 }), change: changeArb(paths) }) },
        { weight: 1, arbitrary: fc.record({ on: fc.constant('embed' as const), at: fc.constant(0), change: changeArb(paths) }) },
      ),
      { minLength: 1, maxLength: 12 },
    );
    await fc.assert(
      fc.asyncProperty(schedule, fc.boolean(), async (changes: ScheduledChange[], indexedBefore) => {
        const vault = new MemoryVault();
        const rand = prng(7);
        paths.forEach((p, i) => vault.write(p, noteText(rand, i, BASE)));
        const store = new MemoryBlobStore();
        if (indexedBefore) {
          // Half the runs change a vault that was already indexed (renames then move records).
          const first = await Engine.open({ source: vault, store, embedder, settings: settings() });
          await first.sync();
          await first.close();
          // Every note edited since, so the pass reads them all and the read-timed changes fire.
          paths.forEach((p, i) => vault.write(p, noteText(rand, i + BASE, BASE)));
        }
        const source = new ChangingSource(vault, changes);
        const engine = await Engine.open({ source, store, embedder: changingEmbedder(embedder, source), settings: settings() });
        await engine.sync(); // must not throw, whatever moved under it
        source.disarm();
        const next = await engine.sync();
        await engine.close();
        passes += 2;
        changesApplied += source.applied;
        for (const c of changes) kinds.set(c.change.op, (kinds.get(c.change.op) ?? 0) + 1);

        const cleanStore = new MemoryBlobStore();
        const clean = await Engine.open({ source: vault, store: cleanStore, embedder, settings: settings() });
        await clean.sync();
        await clean.close();
        const moved = new Set(changes.flatMap((c) => (c.change.op === 'rename' ? [c.change.to] : [])));
        const got = await view(store, moved);
        const want = await view(cleanStore, moved);
        expect(got.notes, 'the index holds exactly the vault').toEqual(await vaultView(vault));
        expect(got.meta).toEqual(want.meta);
        expect(got.chunks).toEqual(want.chunks);
        expect(got.missingVectors).toBe(0);
        expect(next.skipped).toEqual([]);
      }),
      { numRuns: RUNS, seed: runSeed() },
    );
    recordTrials({
      guarantee: 'Vault changes during indexing (in-process, scheduled)',
      trials: RUNS,
      faults: `${changesApplied} changes applied mid-pass (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')} scheduled) at the n-th note read or embedding batch`,
      lost: 'nothing: after the next pass, notes, hashes and chunks = a clean build of the final vault, every chunk with a vector',
      file: 'tests/reliability/vault-changes.test.ts',
      notes: `${passes} passes`,
    });
  }, 120_000);

  it(`plugin path: ${RUNS} generated sequences of rename events (engine.renameNote) end equal to a clean build`, async () => {
    let renames = 0;
    const paths = Array.from({ length: BASE }, (_, i) => basePath(i));
    // Targets in and out of the journal folder, dated and undated, so journal status must follow.
    const target = fc.oneof(
      fc.integer({ min: 1, max: 28 }).map((d) => `Journal/2025-01-${String(d).padStart(2, '0')}.md`),
      fc.integer({ min: 0, max: 9 }).map((n) => `Archives/Réunion ${n}.md`),
      fc.integer({ min: 1, max: 28 }).map((d) => `Archives/2023-05-${String(d).padStart(2, '0')}.md`),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), target), { minLength: 1, maxLength: 8 }), async (moves) => {
        const vault = new MemoryVault();
        const rand = prng(11);
        paths.forEach((p, i) => vault.write(p, noteText(rand, i, BASE)));
        const store = new MemoryBlobStore();
        const engine = await Engine.open({ source: vault, store, embedder, settings: settings() });
        await engine.sync();
        const moved = new Set<string>();
        for (const [pick, to] of moves) {
          const from = vault.paths()[pick % vault.paths().length]!;
          if (vault.paths().includes(to)) continue;
          vault.rename(from, to);
          await engine.renameNote(from, to); // what the plugin does on a rename event
          moved.delete(from);
          moved.add(to);
          renames++;
        }
        await engine.close();
        const cleanStore = new MemoryBlobStore();
        const clean = await Engine.open({ source: vault, store: cleanStore, embedder, settings: settings() });
        await clean.sync();
        await clean.close();
        const got = await view(store, moved);
        const want = await view(cleanStore, moved);
        expect(got.notes).toEqual(await vaultView(vault));
        expect(got.meta, 'title and journal date follow the new path').toEqual(want.meta);
        expect(got.chunks).toEqual(want.chunks);
        expect(got.missingVectors).toBe(0);
      }),
      { numRuns: RUNS, seed: runSeed() },
    );
    recordTrials({
      guarantee: 'Rename events (plugin path, engine.renameNote)',
      trials: RUNS,
      faults: `${renames} renames and moves in and out of the journal folder and dated names`,
      lost: 'nothing: notes, titles, journal dates and chunk texts = a clean build; no chunk without a vector',
      file: 'tests/reliability/vault-changes.test.ts',
    });
  }, 120_000);

  it(`CLI on disk: ${CLI_TRIALS} runs of \`index\` while files are created, edited, renamed and deleted`, async () => {
    let changes = 0;
    await inLanes(Array.from({ length: CLI_TRIALS }, (_, i) => i), async (t) => {
      const rand = prng(runSeed() + 100 + t);
      const vault = join(tmp, `vault-${t}`);
      const dir = join(tmp, `index-${t}`);
      const paths = generateVault(vault, 150, runSeed() + t);
      const live = new Set(paths);
      const moved = new Set<string>();
      const pick = () => [...live][Math.floor(rand() * live.size)]!;
      const full = (p: string) => join(vault, ...p.split('/'));
      const change = () => {
        const kind = Math.floor(rand() * 4);
        if (kind === 0) {
          const p = `Nouvelles/Créée ${t}-${changes}.md`;
          mkdirSync(dirname(full(p)), { recursive: true });
          writeFileSync(full(p), noteText(rand, changes, 150));
          live.add(p);
        } else if (kind === 1) {
          writeFileSync(full(pick()), noteText(rand, changes, 150));
        } else if (kind === 2) {
          const from = pick();
          const to = `Renommées/${t}-${changes}.md`;
          mkdirSync(dirname(full(to)), { recursive: true });
          renameSync(full(from), full(to));
          moved.add(to);
          live.delete(from);
          live.add(to);
        } else {
          const p = pick();
          unlinkSync(full(p));
          live.delete(p);
        }
        changes++;
      };
      const running = startCli(['index', vault, '--index-dir', dir, '--embedding-model', TINY_MODEL, '--json']);
      // Bursts of changes at random moments while the run lasts.
      const bursts = (async () => {
        for (let b = 0; b < 6; b++) {
          await new Promise((r) => setTimeout(r, 150 + rand() * 600));
          for (let i = 0; i < 1 + Math.floor(rand() * 4); i++) change();
        }
      })();
      const during = await running.done;
      await bursts;
      expect(during.code, during.stderr).toBe(0);
      const after = await runCli(['index', vault, '--index-dir', dir, '--embedding-model', TINY_MODEL, '--json']);
      expect(after.code, after.stderr).toBe(0);
      expect(indexSummary(after).skipped).toEqual([]);
      const cleanDir = join(tmp, `clean-${t}`);
      expect((await runCli(['index', vault, '--index-dir', cleanDir, '--embedding-model', TINY_MODEL, '--json'])).code).toBe(0);
      const got = await readIndex(dir, TINY_MODEL);
      const want = await readIndex(cleanDir, TINY_MODEL);
      expect([...got.notes.values()].map((n) => `${n.path} ${n.hash}`).sort()).toEqual(
        [...live].map((p) => `${p.normalize('NFC')} ${createHash('sha256').update(readFileSync(full(p))).digest('hex')}`).sort(),
      );
      const comparable = (snap: typeof got) => [...snap.notes.values()].map((n) => JSON.stringify([n.path, n.hash, n.meta, chunkKey(n, moved)])).sort();
      expect(comparable(got)).toEqual(comparable(want));
      const chunks = [...got.notes.values()].flatMap((n) => n.chunks);
      expect(chunks.filter((c) => !got.vectors.has(c.textHash)), 'every chunk has a vector').toEqual([]);
    });
    recordTrials({
      guarantee: 'Vault changes during indexing (CLI, real files)',
      trials: CLI_TRIALS,
      faults: `${changes} creates/edits/renames/deletes on disk in bursts during \`ask-vault index\` of 150 notes`,
      lost: 'nothing: the run exits 0; after the next run the index = a clean build of the final vault',
      file: 'tests/reliability/vault-changes.test.ts',
    });
  }, 180_000);
});
