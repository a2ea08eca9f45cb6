// Where the suite keeps its generated inputs (all under .bench/, gitignored), and how it makes
// them: the e5-small-shaped model, generated vaults on disk, embed texts from the real chunker.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { buildRecord } from '../src/core/indexer/build-record';
import { DEFAULT_JOURNAL_CONFIG } from '../src/core/journal';
import { generateVault, type VaultNote } from './vault';

export const ROOT = process.cwd();
export const BENCH_DIR = resolve(ROOT, '.bench');
export const E5_MODEL = join(BENCH_DIR, 'e5-small-shape');
export const TINY_MODEL = resolve(ROOT, 'tests/fixtures/tiny-model');
export const CHUNK_TOKENS = 256;

/** Generates the random-weight e5-small-shaped model (q8 and fp32) unless it is already there. */
export function ensureE5Model(log: (line: string) => void): void {
  const files = ['config.json', 'tokenizer.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx'];
  if (files.every((f) => existsSync(join(E5_MODEL, f)))) return;
  log(`generating the e5-small-shaped model in ${E5_MODEL} (about 20 s)…`);
  const run = spawnSync('/usr/bin/python3', [join(ROOT, 'scripts/make-bench-model.py'), E5_MODEL], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`scripts/make-bench-model.py failed (exit ${run.status})`);
}

/**
 * Writes a generated vault of `notes` notes to .bench/vaults/<name>, unless the same one is
 * already there (a stamp names generator inputs), and returns its folder.
 */
export async function ensureVaultOnDisk(name: string, notes: number, fresh = false): Promise<string> {
  const dir = join(BENCH_DIR, 'vaults', name);
  const stamp = join(dir, '.stamp');
  const want = JSON.stringify({ notes, version: 1 });
  if (!fresh && (await readFile(stamp, 'utf8').catch(() => null)) === want) return dir;
  await rm(dir, { recursive: true, force: true });
  for (const note of generateVault({ notes })) {
    const file = join(dir, ...note.path.split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, note.text);
  }
  await writeFile(stamp, want);
  return dir;
}

/**
 * The embed texts the indexer would give the model for a generated vault, in file order:
 * `count` of them, taken evenly across the vault so journals and topic notes both appear.
 */
export async function embedTextsSample(count: number): Promise<string[]> {
  const notes: VaultNote[] = generateVault({ notes: Math.max(60, Math.ceil(count / 2)) });
  const encoder = new TextEncoder();
  const all: string[] = [];
  for (const note of notes) {
    const bytes = encoder.encode(note.text);
    const built = await buildRecord({ path: note.path, mtime: 0, size: bytes.length }, bytes, {
      chunkTokens: CHUNK_TOKENS,
      journal: DEFAULT_JOURNAL_CONFIG,
    });
    if (built.ok) all.push(...built.embedTexts.values());
  }
  if (all.length < count) throw new Error(`the sample vault has ${all.length} chunks, fewer than ${count}`);
  const step = all.length / count;
  return Array.from({ length: count }, (_, i) => all[Math.floor(i * step)]!);
}
