// Note records and deterministic vectors for the index tests.
import { createHash } from 'node:crypto';
import type { IndexStore } from '../../../src/core/index';
import type { ChunkRecord, NoteRecord } from '../../../src/core/types';

export const DIM = 8;

export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A pseudo-random unit vector derived from a string, so every run sees the same vectors. */
export function vectorFor(text: string, dim = DIM): Float32Array {
  const v = new Float32Array(dim);
  let seed = parseInt(textHash(text).slice(0, 8), 16) || 1;
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    v[i] = seed / 2 ** 32 - 0.5;
    norm += v[i] * v[i];
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < dim; i++) v[i] /= norm;
  return v;
}

export function makeNote(path: string, texts: string[], extra: Partial<NoteRecord> = {}): NoteRecord {
  const title = path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/, '');
  const chunks: ChunkRecord[] = texts.map((text, i) => ({
    id: `${path}#${i}`,
    path,
    headingPath: i === 0 ? [] : ['Section', `Partie ${i}`],
    lines: [i * 10 + 1, i * 10 + 9],
    tokens: text.split(/\s+/).length,
    text,
    textHash: textHash(text),
  }));
  return {
    path,
    hash: textHash(texts.join('\n')),
    mtime: 1_700_000_000_000,
    size: texts.join('\n').length,
    meta: {
      title,
      aliases: [],
      tags: ['#projet'],
      links: [{ target: 'pre-training', line: 2, excerpt: 'voir [[pre-training]]', excerptLines: [2, 2] }],
    },
    chunks,
    ...extra,
  };
}

export function vectorsOf(note: NoteRecord, dim = DIM): Map<string, Float32Array> {
  return new Map(note.chunks.map((c) => [c.textHash, vectorFor(c.text, dim)]));
}

/** Everything observable about an index, in a form `toEqual` compares exactly. */
export function snapshot(index: IndexStore): { notes: NoteRecord[]; vectors: [string, number[]][]; modelId: string | null } {
  const notes = [...index.notes()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const hashes = new Set(notes.flatMap((n) => n.chunks.map((c) => c.textHash)));
  const vectors: [string, number[]][] = [];
  for (const h of [...hashes].sort()) {
    const v = index.getVector(h);
    if (v) vectors.push([h, Array.from(v)]);
  }
  return { notes: JSON.parse(JSON.stringify(notes)) as NoteRecord[], vectors, modelId: index.modelId };
}

/** Prose-like text of about `chars` characters, different for each seed. */
export function prose(seed: number, chars = 400): string {
  const words = ['le', 'projet', 'modèle', 'entraînement', 'données', 'journal', 'réponse', 'question', 'ami', 'note', 'RAG', 'vecteur'];
  let s = `${seed}:`;
  let x = seed + 1;
  while (s.length < chars) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += ` ${words[x % words.length]}`;
  }
  return s;
}

/** Puts `count` notes of two prose chunks each (Notes/n0.md …) with their vectors, and commits. */
export async function commitProseNotes(index: IndexStore, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const note = makeNote(`Notes/n${i}.md`, [prose(i * 2), prose(i * 2 + 1)]);
    index.putNote(note, vectorsOf(note));
  }
  await index.commit();
}
