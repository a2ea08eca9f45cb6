// The real tiny-model embedder, counting every text it embeds: incremental indexing is judged
// by these counts.
import { resolve } from 'node:path';
import { TransformersEmbedder } from '../../src/core/embedding';
import type { EmbedKind, Embedder, EmbedProgress } from '../../src/core/ports';

export const TINY_MODEL = resolve(__dirname, '../fixtures/tiny-model');

export class CountingEmbedder implements Embedder {
  readonly inner: TransformersEmbedder;
  passages = 0;
  queries = 0;
  calls = 0;

  constructor(readonly modelId: string = TINY_MODEL, opts: { dtype?: 'fp32' | 'q8' } = {}) {
    this.inner = new TransformersEmbedder({ model: TINY_MODEL, offline: true, dtype: opts.dtype ?? 'fp32' });
  }

  load(onProgress?: Parameters<Embedder['load']>[0]): Promise<number> {
    return this.inner.load(onProgress);
  }

  async embed(texts: string[], kind: EmbedKind, opts?: { signal?: AbortSignal; onProgress?: (p: EmbedProgress) => void }): Promise<Float32Array[]> {
    this.calls++;
    if (kind === 'passage') this.passages += texts.length;
    else this.queries += texts.length;
    return this.inner.embed(texts, kind, opts);
  }

  countTokens(text: string): number {
    return this.inner.countTokens(text);
  }

  reset(): void {
    this.passages = 0;
    this.queries = 0;
    this.calls = 0;
  }
}
