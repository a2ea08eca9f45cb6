// The index at scale, three ways over the same chunks and 384-d vectors:
//   ours        IndexStore over FsBlobStore: segments, binary vector codec, gzipped note records
//   vectra      vectra 0.15 LocalIndex with its defaults (one index.json, JSON codec)
//   flat        one Float32Array scanned in a loop, saved as a raw .f32 file plus an id list
// Build runs in one process, load and queries in a fresh one, so load time and memory are
// those of a cold process opening the index.
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalIndex } from 'vectra';
import { FsBlobStore } from '../src/cli/fs-blob-store';
import { IndexStore } from '../src/core/index';
import { TopK } from '../src/core/index/vector-table';
import type { ChunkRecord, NoteRecord } from '../src/core/types';
import { gc, peakRss } from './child';
import { percentiles, rng } from './stats';
import { TextMaker } from './vault';

export type Layout = 'ours' | 'ours-checkpointed' | 'vectra-json' | 'flat';
export const DIMENSION = 384;
const CHUNKS_PER_NOTE = 5;
const MODEL_ID = 'bench/random-384';

export interface BuildParams {
  layout: Layout;
  chunks: number;
  dir: string;
}

export interface BuildResult {
  buildMs: number;
  /** CPU time of the build, all threads: less sensitive than wall time to a shared machine. */
  buildCpuMs: number;
  diskBytes: number;
  files: number;
  peakRss: number;
  /** RSS before building, with the input notes and vectors already in memory. */
  inputRss: number;
}

export interface LoadParams {
  layout: Layout;
  dir: string;
  queries: number;
}

export interface LoadResult {
  loadMs: number;
  loadCpuMs: number;
  /** RSS after load (and a GC) less RSS before it. */
  rssGrowth: number;
  peakRss: number;
  queryP50: number;
  queryP95: number;
  /** CPU time per query (this process, all threads): what the query costs without the waits a busy machine adds. */
  queryCpuP50: number;
  queryCpuP95: number;
  /** Ids of the top 10 of the first queries, to check that the layouts agree. */
  topIds: string[][];
}

/** Notes of 5 chunks of 300–1000 characters of French-like text, and one random unit vector per chunk. */
export function syntheticIndexInput(chunks: number): { notes: NoteRecord[]; vectors: Map<string, Float32Array> } {
  const text = new TextMaker(7);
  const random = rng(11);
  const notes: NoteRecord[] = [];
  const vectors = new Map<string, Float32Array>();
  for (let n = 0; n * CHUNKS_PER_NOTE < chunks; n++) {
    const path = `Notes/${String(Math.floor(n / 500)).padStart(3, '0')}/Note ${n} ${text.word()}.md`;
    const records: ChunkRecord[] = [];
    for (let c = 0; c < CHUNKS_PER_NOTE && n * CHUNKS_PER_NOTE + c < chunks; c++) {
      let body = '';
      const want = text.int(300, 1000);
      while (body.length < want) body += (body ? ' ' : '') + text.sentence(6, 18);
      const textHash = hex64(n * CHUNKS_PER_NOTE + c);
      records.push({ id: `${path}#${c}`, path, headingPath: c ? [`Section ${c}`] : [], lines: [c * 10 + 1, c * 10 + 9], tokens: Math.ceil(body.length / 3.6), text: body, textHash });
      vectors.set(textHash, randomUnit(random));
    }
    notes.push({
      path,
      hash: hex64(1e9 + n),
      mtime: 1_700_000_000_000 + n,
      size: 3000,
      meta: { title: path.slice(path.lastIndexOf('/') + 1, -3), aliases: [], tags: [], links: [] },
      chunks: records,
    });
  }
  return { notes, vectors };
}

/** Same query vectors for every layout and run. */
export function queryVectors(count: number): Float32Array[] {
  const random = rng(99);
  return Array.from({ length: count }, () => randomUnit(random));
}

export async function buildIndex(p: BuildParams): Promise<BuildResult> {
  await rm(p.dir, { recursive: true, force: true });
  await mkdir(p.dir, { recursive: true });
  const { notes, vectors } = syntheticIndexInput(p.chunks);
  gc();
  const inputRss = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  if (p.layout === 'ours' || p.layout === 'ours-checkpointed') {
    const index = await IndexStore.open(new FsBlobStore(p.dir), { modelId: MODEL_ID, dimension: DIMENSION });
    // A long sync commits every 20 s; at indexing speeds that is every few thousand chunks.
    const every = p.layout === 'ours-checkpointed' ? 2000 / CHUNKS_PER_NOTE : Infinity;
    let since = 0;
    for (const note of notes) {
      index.putNote(note, vectors);
      if (++since >= every) {
        await index.commit();
        since = 0;
      }
    }
    await index.commit();
  } else if (p.layout === 'vectra-json') {
    const index = new LocalIndex(p.dir);
    await index.createIndex({ version: 1 });
    const items = [];
    for (const note of notes) {
      for (const c of note.chunks) items.push({ id: c.textHash, vector: Array.from(vectors.get(c.textHash)!), metadata: { path: c.path, chunk: c.id } });
    }
    await index.batchInsertItems(items);
  } else {
    const ids: string[] = [];
    const data = new Float32Array(p.chunks * DIMENSION);
    for (const note of notes) {
      for (const c of note.chunks) {
        data.set(vectors.get(c.textHash)!, ids.length * DIMENSION);
        ids.push(c.textHash);
      }
    }
    await writeFile(join(p.dir, 'vectors.f32'), new Uint8Array(data.buffer));
    await writeFile(join(p.dir, 'ids.json'), JSON.stringify(ids));
  }
  const buildMs = performance.now() - started;
  const buildCpuMs = cpuMsSince(cpu0);
  const { bytes, files } = await diskUsage(p.dir);
  return { buildMs, buildCpuMs, diskBytes: bytes, files, peakRss: peakRss(), inputRss };
}

export async function loadAndQuery(p: LoadParams): Promise<LoadResult> {
  const queries = queryVectors(p.queries);
  gc();
  const before = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let query: (v: Float32Array) => Promise<string[]> | string[];
  if (p.layout === 'ours' || p.layout === 'ours-checkpointed') {
    const index = await IndexStore.open(new FsBlobStore(p.dir), { modelId: MODEL_ID, dimension: DIMENSION, readOnly: true });
    if (index.warnings.length) throw new Error(index.warnings[0]);
    query = (v) => index.queryVectors(v, 10).map((h) => h.chunk.textHash);
  } else if (p.layout === 'vectra-json') {
    const index = new LocalIndex(p.dir);
    await index.getIndexStats(); // loads index.json
    query = async (v) => (await index.queryItems(Array.from(v), '', 10)).map((r) => r.item.id);
  } else {
    const bytes = await readFile(join(p.dir, 'vectors.f32'));
    const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const ids = JSON.parse(await readFile(join(p.dir, 'ids.json'), 'utf8')) as string[];
    query = (v) => flatTopK(data, ids, v, 10);
  }
  const loadMs = performance.now() - started;
  const loadCpuMs = cpuMsSince(cpu0);
  gc();
  const rssGrowth = process.memoryUsage().rss - before;

  // Two untimed queries first: the first calls compile the scan loop.
  await query(queries[0]!);
  await query(queries[1]!);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const topIds: string[][] = [];
  for (const [i, v] of queries.entries()) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const ids = await query(v);
    times.push(performance.now() - t0);
    cpuTimes.push(cpuMsSince(c0));
    if (i < 5) topIds.push(ids);
  }
  const { p50, p95 } = percentiles(times);
  const cpu = percentiles(cpuTimes);
  return { loadMs, loadCpuMs, rssGrowth, peakRss: peakRss(), queryP50: p50, queryP95: p95, queryCpuP50: cpu.p50, queryCpuP95: cpu.p95, topIds };
}

/** The baseline scan: cosine over unit vectors is a dot product; keep the k best. */
function flatTopK(data: Float32Array, ids: string[], q: Float32Array, k: number): string[] {
  const top = new TopK<string>(k);
  const d = q.length;
  for (let row = 0, o = 0; row < ids.length; row++, o += d) {
    let s = 0;
    for (let j = 0; j < d; j++) s += q[j]! * data[o + j]!;
    if (s > top.threshold) top.offer(s, ids[row]!);
  }
  return top.sorted().map((e) => e.value);
}

async function diskUsage(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    bytes += (await stat(join(e.parentPath, e.name))).size;
    files++;
  }
  return { bytes, files };
}

function randomUnit(random: () => number): Float32Array {
  const v = new Float32Array(DIMENSION);
  let sum = 0;
  for (let j = 0; j < DIMENSION; j++) {
    // Uniform components: the directions are not exactly uniform on the sphere, which no
    // timing here depends on, and they cost a third of a Gaussian's draws.
    const x = random() - 0.5;
    v[j] = x;
    sum += x * x;
  }
  const norm = Math.sqrt(sum);
  for (let j = 0; j < DIMENSION; j++) v[j] = v[j]! / norm;
  return v;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function hex64(n: number): string {
  return n.toString(16).padStart(64, '0');
}
