// manifest.json is the root of the index: it names every segment file that belongs to the
// current generation. Segment files are never rewritten in place; a commit writes new ones and
// then replaces the manifest (an atomic write), so a reader always sees one whole generation.

/** Bump when the on-disk layout or record shapes change; other versions are rebuilt, not read. */
export const SCHEMA_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const NOTES_DIR = 'notes/';
export const VECTORS_DIR = 'vectors/';

export type SegmentKind = 'notes' | 'vectors';

export interface SegmentEntry {
  file: string;
  /** Notes or vectors in the file. */
  count: number;
  /** Exact size of the file, to detect truncation before decoding. */
  bytes: number;
  /** Uncompressed bytes, which the commit planner packs segments by. */
  weight: number;
}

export interface Manifest {
  schemaVersion: number;
  generation: number;
  modelId: string | null;
  dimension: number | null;
  notes: SegmentEntry[];
  vectors: SegmentEntry[];
}

/** Bad index content; `message` is "<file>: <reason>". */
export class IndexCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly missing = false,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** An index written by an older or newer schema; it is rebuilt rather than read. */
export class IndexSchemaError extends Error {
  constructor(readonly found: number) {
    super(
      found < SCHEMA_VERSION
        ? `Index format v${found} is older than this version's v${SCHEMA_VERSION}; rebuilding.`
        : `Index format v${found} was written by a newer version (this one reads v${SCHEMA_VERSION}); rebuilding.`,
    );
  }
}

const FILE_PATTERNS: Record<SegmentKind, RegExp> = {
  notes: /^notes\/g(\d{6,})-\d{3,}\.json(?:\.gz)?$/,
  vectors: /^vectors\/g(\d{6,})-\d{3,}\.vec$/,
};

export function segmentFile(kind: SegmentKind, generation: number, ordinal: number, compressed = false): string {
  const g = String(generation).padStart(6, '0');
  const n = String(ordinal).padStart(3, '0');
  return kind === 'notes' ? `notes/g${g}-${n}.json${compressed ? '.gz' : ''}` : `vectors/g${g}-${n}.vec`;
}

/** The generation a segment file was written in, or undefined for a name we did not write. */
export function generationOf(file: string): number | undefined {
  for (const pattern of Object.values(FILE_PATTERNS)) {
    const m = pattern.exec(file);
    if (m) return Number(m[1]);
  }
  return undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function parseManifest(bytes: Uint8Array): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new IndexCorruptError(MANIFEST_FILE, 'bad JSON');
  }
  if (!isObject(raw)) throw new IndexCorruptError(MANIFEST_FILE, 'not an object');
  if (typeof raw.schemaVersion !== 'number') throw new IndexCorruptError(MANIFEST_FILE, 'no schemaVersion');
  if (raw.schemaVersion !== SCHEMA_VERSION) throw new IndexSchemaError(raw.schemaVersion);
  const bad = (reason: string) => new IndexCorruptError(MANIFEST_FILE, reason);
  if (!isCount(raw.generation)) throw bad('bad generation');
  if (raw.modelId !== null && typeof raw.modelId !== 'string') throw bad('bad modelId');
  if (raw.dimension !== null && !(isCount(raw.dimension) && raw.dimension > 0)) throw bad('bad dimension');
  const notes = parseEntries(raw.notes, 'notes');
  const vectors = parseEntries(raw.vectors, 'vectors');
  if (vectors.length > 0 && (raw.modelId === null || raw.dimension === null)) throw bad('vectors without a model');
  return {
    schemaVersion: raw.schemaVersion,
    generation: raw.generation,
    modelId: raw.modelId,
    dimension: raw.dimension,
    notes,
    vectors,
  };
}

export function serializeManifest(m: Manifest): string {
  return `${JSON.stringify(m, null, 1)}\n`;
}

function parseEntries(value: unknown, kind: SegmentKind): SegmentEntry[] {
  if (!Array.isArray(value)) throw new IndexCorruptError(MANIFEST_FILE, `no ${kind} list`);
  const seen = new Set<string>();
  return value.map((e: unknown) => {
    // The names come from disk and end up in reads and deletes: accept only names we write.
    if (!isObject(e) || typeof e.file !== 'string' || !FILE_PATTERNS[kind].test(e.file) || seen.has(e.file)) {
      throw new IndexCorruptError(MANIFEST_FILE, `bad ${kind} entry`);
    }
    if (!isCount(e.count) || !isCount(e.bytes) || !isCount(e.weight)) {
      throw new IndexCorruptError(MANIFEST_FILE, `bad ${kind} entry ${e.file}`);
    }
    seen.add(e.file);
    return { file: e.file, count: e.count, bytes: e.bytes, weight: e.weight };
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}
