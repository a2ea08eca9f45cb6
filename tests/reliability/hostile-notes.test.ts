// Hostile notes: fast-check generates at least 1,000 per run (random bytes, invalid UTF-8, huge
// lines, deep nesting, thousands of links, hostile YAML with a billion laughs, invisible and
// right-to-left characters, NFD accents, links that try to leave the vault), plus fixed ones
// (two 5 MB notes, a 9 MB one, 10,000 links). Each note is either indexed or reported skipped
// with a one-line reason; the run's peak memory is measured; no link resolves outside the vault;
// nothing outside the vault (a note beside it, symbolic links out of it) gets in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, indexSummary, messages, runCli, TINY_MODEL } from './support/cli';
import { fingerprintTree, runSeed, treeChanges } from './support/vault';
import { indexText, readIndex } from './support/index-snapshot';
import { recordTrials } from './support/trials';
import { fixedHostileNotes, hostileNote, type HostileNote } from '../fakes/fault-notes';
import { buildRecord } from '../../src/core/indexer/build-record';
import { DEFAULT_JOURNAL_CONFIG } from '../../src/core/journal';
import { LinkResolver } from '../../src/core/notes';
import { TransformersEmbedder } from '../../src/core/embedding';

const GENERATED = Number(process.env.RELIABILITY_NOTES || 1000);
const PROPERTY_RUNS = Number(process.env.RELIABILITY_RUNS || 300);
const OUTSIDE_MARKER = 'OUTSIDE-MARKER-7f3a9c';
/** Peak resident memory a 1,000-note hostile run may reach (the run's heap is capped at 768 MB). */
const RSS_LIMIT_MB = 1200;
const RSS_PROBE = join(__dirname, 'support/rss-probe.mjs');

let tmp: string;
beforeAll(async () => {
  await ensureCliBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'ask-vault-hostile-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const countBy = <T,>(items: T[], key: (t: T) => string) => {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`).join(', ');
};

describe('hostile notes', () => {
  it(`each of ${PROPERTY_RUNS} generated notes builds a record or a one-line reason, with sane lines and links (in-process, real tokenizer)`, async () => {
    const embedder = new TransformersEmbedder({ model: TINY_MODEL, offline: true });
    await embedder.load();
    const vaultPaths = ['Projet 20.md', 'Dossier/Note 1.md', 'outside.md', 'Dossier/outside.md'];
    const resolver = new LinkResolver(vaultPaths.map((path) => ({ path, aliases: [] })));
    const seen: HostileNote[] = [];
    let skipped = 0;
    let firstChunks: string[] = [];
    await fc.assert(
      fc.asyncProperty(hostileNote, async (note) => {
        seen.push(note);
        const path = `Dossier/${note.name}.md`.normalize('NFC');
        const r = await buildRecord({ path, mtime: 1, size: note.bytes.length }, note.bytes, {
          chunkTokens: 256,
          countTokens: (t) => embedder.countTokens(t),
          journal: DEFAULT_JOURNAL_CONFIG,
        });
        if (!r.ok) {
          skipped++;
          expect(r.reason).toMatch(/^\S.*$/); // one line, not empty
          return;
        }
        const lineCount = r.note.lines.length;
        for (const c of r.record.chunks) {
          expect(c.lines[0]).toBeGreaterThanOrEqual(1);
          expect(c.lines[1]).toBeLessThanOrEqual(Math.max(1, lineCount));
          expect(c.lines[0]).toBeLessThanOrEqual(c.lines[1]);
        }
        for (const l of r.record.meta.links) {
          const to = resolver.resolve(l.target, path);
          expect(to === null || vaultPaths.includes(to), `${l.target} → ${to}`).toBe(true);
        }
        for (const a of r.record.meta.aliases) expect(typeof a).toBe('string');
        for (const t of r.record.meta.tags) expect(typeof t).toBe('string');
        if (r.record.chunks[0]) firstChunks.push(r.embedTexts.get(r.record.chunks[0].textHash)!);
        if (firstChunks.length >= 64) {
          // The model itself takes hostile text too: one vector per text, unit length, finite.
          const vectors = await embedder.embed(firstChunks, 'passage');
          for (const v of vectors) expect(Math.abs(Math.hypot(...v) - 1)).toBeLessThan(1e-3);
          firstChunks = [];
        }
      }),
      { numRuns: PROPERTY_RUNS, seed: runSeed() },
    );
    await embedder.dispose?.();
    recordTrials({
      guarantee: 'Hostile notes (in-process property)',
      trials: seen.length,
      faults: countBy(seen, (n) => n.category),
      lost: `nothing: ${seen.length - skipped} built (chunk lines inside the file, every link resolved inside the vault or not at all, first chunks embedded to unit vectors), ${skipped} refused with a one-line reason`,
      file: 'tests/reliability/hostile-notes.test.ts',
    });
  }, 180_000);

  it(`a vault of ${GENERATED} generated + ${fixedHostileNotes().length} fixed hostile notes indexes completely, in bounded memory, nothing leaves the vault`, async () => {
    const vault = join(tmp, 'vault');
    const notes = [...fc.sample(hostileNote, { numRuns: GENERATED, seed: runSeed() }), ...fixedHostileNotes()];
    const files: string[] = [];
    notes.forEach((n, i) => {
      const rel = `${n.category}/${i} ${n.name}.md`;
      mkdirSync(join(vault, n.category), { recursive: true });
      writeFileSync(join(vault, rel), n.bytes);
      files.push(rel.normalize('NFC'));
    });
    // A note beside the vault, a note inside named like it, and symbolic links out of the vault.
    writeFileSync(join(tmp, 'outside.md'), `# Dehors\n\n${OUTSIDE_MARKER}\n`);
    writeFileSync(join(vault, 'outside.md'), '# Dedans\n\nLa note du même nom, dans le coffre.\n');
    files.push('outside.md');
    symlinkSync(join(tmp, 'outside.md'), join(vault, 'lien vers dehors.md'));
    symlinkSync(tmp, join(vault, 'dossier vers dehors'));
    const before = fingerprintTree(vault);

    const dir = join(tmp, 'index');
    const rssOut = join(tmp, 'rss');
    const run = await runCli(['index', vault, '--index-dir', dir, '--embedding-model', 'none', '--json'], {
      nodeArgs: ['--max-old-space-size=768', '--import', RSS_PROBE],
      env: { ASK_VAULT_RSS_OUT: rssOut },
    });
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(messages(run.stderr), 'nothing on stderr but progress').toEqual([]);
    const peakMb = Math.round(Number(readFileSync(rssOut, 'utf8')) / 1024);
    expect(peakMb).toBeLessThan(RSS_LIMIT_MB);

    const summary = indexSummary(run);
    const snap = await readIndex(dir, null);
    const indexed = new Set(snap.notes.keys());
    const skipped = new Map(summary.skipped.map((s) => [s.path, s.reason]));
    for (const reason of skipped.values()) expect(reason).toMatch(/^\S[^\n]*$/);
    // Every note is accounted for: indexed, or skipped with its reason; never both, never neither.
    for (const f of files) expect(indexed.has(f) !== skipped.has(f), `${f}: indexed ${indexed.has(f)}, skipped ${skipped.has(f)}`).toBe(true);
    expect(indexed.size + skipped.size).toBe(files.length);
    expect(skipped.get('huge-line/1002 neuf mégaoctets.md')).toMatch(/too large/);
    expect(skipped.get('random-bytes/1007 binaire.md')).toMatch(/binary|not UTF-8/);
    expect(indexed.has('huge-line/1000 cinq mégaoctets.md')).toBe(true);
    expect(indexed.has('huge-line/1001 cinq mégaoctets sur une ligne.md')).toBe(true);
    expect(indexed.has('invalid-utf8/1009 utf16.md')).toBe(true);

    // No link resolves outside the vault, and nothing from outside got in.
    const resolver = new LinkResolver([...snap.notes.values()].map((n) => ({ path: n.path, aliases: n.meta.aliases })));
    let links = 0;
    let resolved = 0;
    for (const n of snap.notes.values()) {
      for (const l of n.meta.links) {
        links++;
        const to = resolver.resolve(l.target, n.path);
        if (to === null) continue;
        resolved++;
        expect(indexed.has(to), `${n.path}: ${l.target} → ${to}`).toBe(true);
      }
    }
    expect([...indexed].filter((p) => p.startsWith('dossier vers dehors/') || p === 'lien vers dehors.md')).toEqual([]);
    expect(indexText(dir)).not.toContain(OUTSIDE_MARKER);
    const search = await runCli(['search', vault, OUTSIDE_MARKER, '--index-dir', dir, '--embedding-model', 'none', '--json']);
    expect(JSON.parse(search.stdout).results.filter((r: { text: string }) => r.text.includes(OUTSIDE_MARKER))).toEqual([]);
    expect(treeChanges(before, fingerprintTree(vault)), 'the vault is untouched').toEqual([]);

    recordTrials({
      guarantee: 'Hostile notes (vault indexed by the CLI)',
      trials: notes.length,
      faults: `${GENERATED} generated (${countBy(notes.slice(0, GENERATED), (n) => n.category)}) + ${notes.length - GENERATED} fixed: 5 MB note, 5 MB single line, 9 MB note, 10,000 links, billion laughs, 100,000 nested quotes, every escaping link, binary, Latin-1, UTF-16; plus a note beside the vault and 2 symbolic links out of it`,
      lost: `nothing: ${indexed.size} indexed + ${skipped.size} skipped with a reason (${countBy([...skipped.values()], (r) => r.replace(/\s*\(.*$/, ''))}) = every note; ${links} links, ${resolved} resolved, all inside the vault; outside marker absent from the index and search`,
      file: 'tests/reliability/hostile-notes.test.ts',
      notes: `peak RSS ${peakMb} MB with the heap capped at 768 MB (${Math.round(run.ms / 1000)} s)`,
    });
  }, 240_000);
});
