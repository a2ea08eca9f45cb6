// Damage done to an index folder on disk, as a disk, a sync service, a crash outside our atomic
// writes or an older version of the tool could leave it. Each fault says what a reader must make
// of it: `rebuild` (one warning line, then a fresh index), `heal` (damage that reads as a missing
// vector: no warning, that one chunk is embedded again) or `harmless` (no warning, nothing redone).
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface IndexFault {
  name: string;
  expect: 'rebuild' | 'heal' | 'harmless';
  /** Damages the index in `dir`; `rand` picks positions, so trials differ and replay by seed. */
  apply(dir: string, rand: () => number): void;
}

interface ManifestJson {
  schemaVersion: number;
  notes: { file: string; bytes: number }[];
  vectors: { file: string; bytes: number }[];
  [key: string]: unknown;
}

const manifestPath = (dir: string) => join(dir, 'manifest.json');
const readManifest = (dir: string) => JSON.parse(readFileSync(manifestPath(dir), 'utf8')) as ManifestJson;
const writeManifest = (dir: string, m: unknown) => writeFileSync(manifestPath(dir), JSON.stringify(m));

function segment(dir: string, kind: 'notes' | 'vectors', rand: () => number): string {
  const list = readManifest(dir)[kind];
  if (list.length === 0) throw new Error(`the index has no ${kind} segment to damage`);
  return join(dir, ...list[Math.floor(rand() * list.length)]!.file.split('/'));
}

function truncate(file: string, rand: () => number): void {
  const bytes = readFileSync(file);
  writeFileSync(file, bytes.subarray(0, Math.floor(rand() * bytes.length)));
}

/** Flips one byte within [from, to) of the file. */
function flip(file: string, rand: () => number, from = 0, to?: number): void {
  const bytes = readFileSync(file);
  const end = Math.min(to ?? bytes.length, bytes.length);
  const at = from + Math.floor(rand() * (end - from));
  bytes[at] = bytes[at]! ^ (1 + Math.floor(rand() * 255));
  writeFileSync(file, bytes);
}

export const INDEX_FAULTS: IndexFault[] = [
  { name: 'manifest truncated', expect: 'rebuild', apply: (dir, rand) => truncate(manifestPath(dir), rand) },
  { name: 'manifest emptied', expect: 'rebuild', apply: (dir) => writeFileSync(manifestPath(dir), '') },
  {
    name: 'manifest replaced by random bytes',
    expect: 'rebuild',
    apply: (dir, rand) => writeFileSync(manifestPath(dir), Uint8Array.from({ length: 64 + Math.floor(rand() * 512) }, () => Math.floor(rand() * 256))),
  },
  { name: 'manifest is JSON of another shape', expect: 'rebuild', apply: (dir) => writeManifest(dir, { schemaVersion: 1, notes: 'everything' }) },
  { name: 'older schema version', expect: 'rebuild', apply: (dir) => writeManifest(dir, { ...readManifest(dir), schemaVersion: 0 }) },
  { name: 'newer schema version', expect: 'rebuild', apply: (dir) => writeManifest(dir, { ...readManifest(dir), schemaVersion: readManifest(dir).schemaVersion + 1 }) },
  {
    name: 'manifest names a file outside the index',
    expect: 'rebuild',
    apply: (dir) => {
      const m = readManifest(dir);
      m.notes[0] = { ...m.notes[0]!, file: '../../vault/Dossier 0/Note 1.md' };
      writeManifest(dir, m);
    },
  },
  { name: 'notes segment truncated', expect: 'rebuild', apply: (dir, rand) => truncate(segment(dir, 'notes', rand), rand) },
  { name: 'notes segment byte flipped', expect: 'rebuild', apply: (dir, rand) => flip(segment(dir, 'notes', rand), rand) },
  { name: 'notes segment deleted', expect: 'rebuild', apply: (dir, rand) => rmSync(segment(dir, 'notes', rand)) },
  {
    name: 'notes segment of well-formed gzip, malformed records',
    expect: 'rebuild',
    apply: (dir, rand) => {
      const file = segment(dir, 'notes', rand);
      const data = gzipSync(JSON.stringify({ notes: [{ path: 42, chunks: 'none' }] }));
      writeFileSync(file, data);
      const m = readManifest(dir);
      for (const e of m.notes) if (file.endsWith(e.file)) e.bytes = data.length; // the length check alone must not be what catches it
      writeManifest(dir, m);
    },
  },
  { name: 'vectors segment truncated', expect: 'rebuild', apply: (dir, rand) => truncate(segment(dir, 'vectors', rand), rand) },
  { name: 'vectors segment magic or header length flipped', expect: 'rebuild', apply: (dir, rand) => flip(segment(dir, 'vectors', rand), rand, 0, 8) },
  {
    name: 'vectors segment header JSON broken',
    expect: 'rebuild',
    apply: (dir, rand) => {
      const file = segment(dir, 'vectors', rand);
      const bytes = readFileSync(file);
      bytes[8] = 0x5b; // '{' → '[': the header no longer parses as the object it must be
      writeFileSync(file, bytes);
    },
  },
  {
    name: "a vector's id altered (still a valid id)",
    expect: 'heal',
    apply: (dir, rand) => {
      const file = segment(dir, 'vectors', rand);
      const bytes = readFileSync(file);
      const headerEnd = 8 + bytes.readUInt32LE(4);
      const header = bytes.subarray(8, headerEnd).toString('latin1');
      const ids = [...header.matchAll(/"([0-9a-f]{64})"/g)];
      const pick = ids[Math.floor(rand() * ids.length)]!;
      const at = 8 + pick.index + 1; // first hex digit of the id
      bytes[at] = bytes[at] === 0x30 ? 0x31 : 0x30;
      writeFileSync(file, bytes);
    },
  },
  { name: 'vectors segment deleted', expect: 'rebuild', apply: (dir, rand) => rmSync(segment(dir, 'vectors', rand)) },
  { name: 'writer lock of garbage', expect: 'harmless', apply: (dir) => writeFileSync(join(dir, 'writer.lock'), '\u0000{garbage') },
  {
    name: 'stray files in the segment folders',
    expect: 'harmless',
    apply: (dir) => {
      writeFileSync(join(dir, 'notes', 'g999999-000.json.gz'), 'not a segment');
      writeFileSync(join(dir, 'vectors', 'copy of segment.vec'), 'sync-service conflict copy');
      writeFileSync(join(dir, 'notes', `.${readdirSync(join(dir, 'notes'))[0]}.abc.tmp`), 'half-written');
    },
  },
];
