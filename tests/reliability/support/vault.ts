// Generated vaults on disk, and fingerprints of a folder that show whether anything in it changed.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** A small seeded generator, so a failing trial can be replayed with the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: RELIABILITY_SEED when set, else a fixed one (deterministic by default). */
export function runSeed(): number {
  const env = process.env.RELIABILITY_SEED;
  return env !== undefined && env !== '' ? Number(env) : 20241226;
}

const WORDS = (
  'projet modèle journal réunion idée lecture données apprentissage vecteur recherche réponse question ' +
  'note lien carte graphique entraînement corpus passage citation résumé semaine voyage cuisine jardin ' +
  'musique livre ami famille travail code serveur index découpage requête mémoire calendrier'
).split(' ');

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  const s = out.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

export function noteText(rand: () => number, i: number, total: number): string {
  const lines = [`# Note ${i}`, ''];
  const sections = 1 + Math.floor(rand() * 2);
  for (let s = 0; s < sections; s++) {
    lines.push(`## Partie ${s + 1}`, '');
    const paragraphs = 1 + Math.floor(rand() * 2);
    for (let p = 0; p < paragraphs; p++) {
      const target = Math.floor(rand() * total);
      lines.push(`${sentence(rand, 8 + Math.floor(rand() * 30))} Voir [[Note ${target}]]. ${sentence(rand, 6 + Math.floor(rand() * 20))}`, '');
    }
  }
  return lines.join('\n');
}

/** `count` notes in a few folders, every tenth a dated journal entry; returns their vault paths. */
export function generateVault(root: string, count: number, seed: number): string[] {
  const rand = prng(seed);
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const journal = i % 10 === 0;
    const day = 1 + (i % 28);
    const path = journal ? `Journal/Journal du ${day} décembre 2024 n${i}.md` : `Dossier ${i % 7}/Note ${i}.md`;
    const text = journal ? `# Journal\n\nAujourd'hui, ${sentence(rand, 12)} J'ai relu [[Note ${(i + 1) % count}]].\n` : noteText(rand, i, count);
    writeNote(root, path, text);
    paths.push(path);
  }
  return paths;
}

export function writeNote(root: string, path: string, content: string | Uint8Array): void {
  const full = join(root, ...path.split('/'));
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

export interface FileFingerprint {
  sha256: string;
  mtimeMs: number;
  size: number;
}

/** Every file under `root` (hidden ones included, `skip` folders excluded): content hash, mtime, size. */
export function fingerprintTree(root: string, skip: string[] = []): Map<string, FileFingerprint> {
  const out = new Map<string, FileFingerprint>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      const rel = relative(root, full).split(sep).join('/');
      if (skip.some((s) => rel === s || rel.startsWith(`${s}/`))) continue;
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) {
        const st = statSync(full);
        out.set(rel, { sha256: createHash('sha256').update(readFileSync(full)).digest('hex'), mtimeMs: st.mtimeMs, size: st.size });
      }
    }
  };
  walk(root);
  return out;
}

/** Differences between two fingerprints, as readable lines (empty when nothing changed). */
export function treeChanges(before: Map<string, FileFingerprint>, after: Map<string, FileFingerprint>): string[] {
  const changes: string[] = [];
  for (const [path, a] of before) {
    const b = after.get(path);
    if (!b) changes.push(`deleted: ${path}`);
    else if (a.sha256 !== b.sha256) changes.push(`content changed: ${path}`);
    else if (a.mtimeMs !== b.mtimeMs) changes.push(`mtime changed: ${path}`);
  }
  for (const path of after.keys()) if (!before.has(path)) changes.push(`created: ${path}`);
  return changes;
}
