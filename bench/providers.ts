// Bench of the embedding endpoints and the rerank step (providers branch), run by
// `npm run bench -- --only=providers` and after a full run:
//  - endpoint throughput at concurrency 1, 2 and 4 against the loopback embedding server with a
//    fixed 50 ms per request, as ratios to sequential requests measured in the same run;
//  - the rerank step's added time per query at N = 30 through a loopback /v1/rerank.
// Writes its own section of BENCHMARKS.md (between markers, so the main report keeps it).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { EndpointEmbedder } from '../src/core/embedding/providers';
import { fetchHttpClient } from '../src/core/http/fetch-client';
import { EndpointReranker } from '../src/core/retrieval/rerank-endpoint';
import { rerankResults } from '../src/core/retrieval/rerank';
import type { SearchResult } from '../src/core/types';
import { startEmbeddingServer } from '../tests/fakes/embedding-server';

const ROOT = process.cwd();
const LATENCY_MS = 50;
const TEXTS = 512;
const BATCH = 16;
const ROUNDS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function passage(i: number): string {
  return `Passage ${i} : le projet ${i % 37} du journal parle de RAG, de pré-entraînement et de découpage en ${i % 11} parties.`;
}

async function throughput(): Promise<{ concurrency: number; ms: number; perSecond: number; ratio: number }[]> {
  const server = await startEmbeddingServer({ latencyMs: LATENCY_MS });
  const texts = Array.from({ length: TEXTS }, (_, i) => passage(i));
  const http = fetchHttpClient();
  const rows: { concurrency: number; ms: number[] }[] = [1, 2, 4].map((c) => ({ concurrency: c, ms: [] }));
  // Interleaved rounds: a load spike on the shared machine hits every row alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const row of rows) {
      const e = new EndpointEmbedder({ provider: 'ollama', baseUrl: server.url, model: 'bench', http, batchSize: BATCH, concurrency: row.concurrency });
      const t0 = performance.now();
      await e.embed(texts, 'passage');
      row.ms.push(performance.now() - t0);
    }
  }
  await server.close();
  const base = median(rows[0]!.ms);
  return rows.map((r) => {
    const ms = median(r.ms);
    return { concurrency: r.concurrency, ms, perSecond: (TEXTS / ms) * 1000, ratio: base / ms };
  });
}

async function rerank(): Promise<{ n: number; queries: number; meanMs: number; p95Ms: number }> {
  const server = await startEmbeddingServer();
  const reranker = new EndpointReranker({ baseUrl: server.url, model: 'bench', http: fetchHttpClient() });
  const fused: SearchResult[] = Array.from({ length: 30 }, (_, i) => ({
    chunkId: `n${i}#0`, path: `n${i}.md`, title: `Note ${i}`, headingPath: ['Partie'], lines: [1, 3], text: passage(i).repeat(6), score: 1 / (60 + i), source: 'hybrid', why: 'lexical + vector match',
  }));
  const queries = 60;
  const times: number[] = [];
  await rerankResults(reranker, 'échauffement', fused, 30); // the first connection is not a query's cost
  for (let q = 0; q < queries; q++) {
    const t0 = performance.now();
    const out = await rerankResults(reranker, `projet ${q % 37} découpage`, fused, 30);
    times.push(performance.now() - t0);
    if (!out.report.applied) throw new Error('rerank failed in the bench');
  }
  await server.close();
  times.sort((a, b) => a - b);
  return { n: 30, queries, meanMs: times.reduce((a, b) => a + b, 0) / queries, p95Ms: times[Math.floor(queries * 0.95)]! };
}

const START = '<!-- providers-bench -->';
const END = '<!-- /providers-bench -->';

async function main(): Promise<void> {
  const write = !process.argv.includes('--no-write');
  const load = loadavg()[0]!;
  const t = await throughput();
  const r = await rerank();
  const lines = [
    START,
    '## Embedding endpoints and reranking',
    '',
    `Written by \`npm run bench -- --only=providers\` on ${new Date().toISOString().slice(0, 10)} (load average ${load.toFixed(1)} at start, 2 shared cores). Loopback embedding server (tests/fakes/embedding-server.ts, Ollama protocol) answering each request after a fixed ${LATENCY_MS} ms; ${TEXTS} passages in batches of ${BATCH} (${TEXTS / BATCH} requests); median of ${ROUNDS} interleaved rounds.`,
    '',
    '| concurrency | wall time | passages/s | throughput vs sequential |',
    '|---|---|---|---|',
    ...t.map((x) => `| ${x.concurrency}${x.concurrency === 2 ? ' (default)' : ''} | ${Math.round(x.ms)} ms | ${Math.round(x.perSecond)} | ${x.ratio.toFixed(2)}× |`),
    '',
    `Rerank step through a loopback \`/v1/rerank\` (no model: scores are word overlaps, so this is the step's own cost: request, JSON, reordering), N = ${r.n} passages, ${r.queries} queries: ${r.meanMs.toFixed(1)} ms added per query on average, p95 ${r.p95Ms.toFixed(1)} ms. A real cross-encoder adds its inference time on top; none was run here, and no quality is claimed.`,
    END,
  ];
  const section = lines.join('\n');
  process.stdout.write(`${section}\n`);
  if (!write) return;
  const file = join(ROOT, 'BENCHMARKS.md');
  const text = existsSync(file) ? await readFile(file, 'utf8') : '';
  const i = text.indexOf(START);
  const j = text.indexOf(END);
  const next = i >= 0 && j > i ? `${text.slice(0, i)}${section}${text.slice(j + END.length)}` : `${text.trimEnd()}\n\n${section}\n`;
  await writeFile(file, next);
}

await main();
