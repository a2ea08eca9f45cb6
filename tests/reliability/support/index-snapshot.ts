// What an index folder holds, read the way the engine reads it (read-only, so a check never
// repairs what it inspects), in a form two indexes can be compared by.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { IndexStore } from '../../../src/core/index';
import { FsBlobStore } from '../../../src/cli/fs-blob-store';
import type { NoteRecord } from '../../../src/core/types';

export interface IndexSnapshot {
  warnings: string[];
  generation: number;
  /** Note records by path. */
  notes: Map<string, NoteRecord>;
  /** One line per chunk: path, id, lines, heading path, text hash; sorted. */
  chunkSet: string[];
  /** Vectors by text hash. */
  vectors: Map<string, Float32Array>;
}

export async function readIndex(dir: string, modelId: string | null): Promise<IndexSnapshot> {
  const index = await IndexStore.open(new FsBlobStore(dir), { modelId, dimension: null, readOnly: true });
  const notes = new Map<string, NoteRecord>();
  const chunkSet: string[] = [];
  const vectors = new Map<string, Float32Array>();
  for (const rec of index.notes()) {
    notes.set(rec.path, rec);
    for (const c of rec.chunks) {
      chunkSet.push(JSON.stringify([c.path, c.id, c.lines, c.headingPath, c.tokens, c.textHash, c.text]));
      const v = index.getVector(c.textHash);
      if (v) vectors.set(c.textHash, Float32Array.from(v));
    }
  }
  chunkSet.sort();
  return { warnings: [...index.warnings], generation: index.stats().generation, notes, chunkSet, vectors };
}

/**
 * Largest cosine distance (1 − cos) between two vector sets over the same keys; Infinity when the
 * keys differ. Not exact equality: a text embedded alone and in a padded batch comes out a few
 * 1e-4 apart per component (different kernel shapes), which is the same vector for retrieval.
 */
export function vectorDistance(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  if (a.size !== b.size) return Infinity;
  let worst = 0;
  for (const [k, va] of a) {
    const vb = b.get(k);
    if (!vb || vb.length !== va.length) return Infinity;
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < va.length; i++) {
      dot += va[i]! * vb[i]!;
      na += va[i]! * va[i]!;
      nb += vb[i]! * vb[i]!;
    }
    worst = Math.max(worst, 1 - dot / Math.sqrt(na * nb));
  }
  return worst;
}

/** Cosine distance below which two vectors of one text count as the same. */
export const SAME_VECTOR = 1e-4;

/** Files of the index folder, relative, sorted. */
export function indexFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Everything the index stores as text, decompressed, for grepping (markers, keys). */
export function indexText(dir: string): string {
  return indexFiles(dir)
    .map((f) => {
      const bytes = readFileSync(join(dir, ...f.split('/')));
      return f.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
    })
    .join('\n');
}
