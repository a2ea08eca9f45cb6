// The cross-encoder reranker on the real transformers.js + onnxruntime-node path, with the tiny
// random-weight cross-encoder (tests/fixtures/tiny-cross-encoder): pairs in, one score per pair
// out, and the rerank step applying that order. Its scores mean nothing; no quality is tested.
import { noticeLogText } from '../../../src/core/notices';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CrossEncoderReranker } from '../../../src/core/retrieval/rerank-cross-encoder';
import { rerankResults } from '../../../src/core/retrieval/rerank';
import type { SearchResult } from '../../../src/core/types';

const MODEL = join(resolve(__dirname, '../../..'), 'tests/fixtures/tiny-cross-encoder');
const docs = [
  'Le pré-entraînement apprend un modèle de langue sur un grand corpus.',
  'Une tarte aux pommes et une soupe de potiron.',
  'Un train de nuit vers Rome, puis Naples.',
  'On récupère des passages puis on génère une réponse.',
  'La qualité dépend du découpage.',
];

describe('CrossEncoderReranker (tiny random-weight model)', () => {
  it('scores each query/passage pair, deterministically, and the scores depend on the passage', async () => {
    const r = new CrossEncoderReranker({ model: MODEL, offline: true, batchSize: 2 });
    const a = await r.score('train pour Rome', docs);
    expect(a).toHaveLength(docs.length);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(new Set(a.map((x) => x.toFixed(6))).size).toBeGreaterThan(1);
    // Batching does not change a pair's score.
    const one = new CrossEncoderReranker({ model: MODEL, offline: true, batchSize: 1 });
    const b = await one.score('train pour Rome', docs);
    b.forEach((x, i) => expect(x).toBeCloseTo(a[i]!, 4));
    // The query is part of the input.
    const other = await r.score('soupe', docs);
    expect(other.some((x, i) => Math.abs(x - a[i]!) > 1e-6)).toBe(true);
    expect(r.name).toBe(`cross-encoder:${MODEL}`);
  });

  it('the rerank step applies its order to the fused top N', async () => {
    const r = new CrossEncoderReranker({ model: MODEL, offline: true });
    const fused: SearchResult[] = docs.map((text, i) => ({ chunkId: `n${i}#0`, path: `n${i}.md`, title: `n${i}`, headingPath: [], lines: [1, 1], text, score: 1 - i / 10, source: 'lexical', why: 'lexical match' }));
    const out = await rerankResults(r, 'train pour Rome', fused, 30);
    const scores = await r.score('train pour Rome', fused.map((f) => `${f.title}\n${f.text}`));
    const expected = scores.map((s, i) => [s, i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]).map(([, i]) => `n${i}#0`);
    expect(out.report.applied).toBe(true);
    expect(out.results.map((x) => x.chunkId)).toEqual(expected);
  });

  it('a folder that is not a model: the step keeps the fused order with one notice', async () => {
    const r = new CrossEncoderReranker({ model: join(MODEL, 'missing'), offline: true });
    const fused: SearchResult[] = docs.map((text, i) => ({ chunkId: `n${i}#0`, path: `n${i}.md`, title: `n${i}`, headingPath: [], lines: [1, 1], text, score: 1, source: 'lexical', why: 'lexical match' }));
    const out = await rerankResults(r, 'q', fused, 30);
    expect(out.results).toBe(fused);
    expect(out.notice?.code).toBe('rerank-failed');
    expect(noticeLogText(out.notice!)).toMatch(/^Reranking with cross-encoder:.* failed \(.*\): results keep the fused order\.$/);
  });
});
