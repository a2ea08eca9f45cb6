// An embedder that costs next to nothing and counts what it is asked to embed, so index and
// update timings exclude the model, and "chunks embedded" is exact. Each vector is a function of
// the text alone (a PRNG seeded by its hash), so the same text always gets the same vector.
import type { EmbedKind, Embedder, EmbedProgress } from '../src/core/ports';
import { rng } from './stats';

export class FakeEmbedder implements Embedder {
  passages = 0;
  queries = 0;
  /** Time spent inside embed(), to subtract from timings that must exclude embedding. */
  embedMs = 0;

  constructor(
    readonly modelId: string,
    private readonly dimension = 384,
  ) {}

  async load(): Promise<number> {
    return this.dimension;
  }

  async embed(texts: string[], kind: EmbedKind, opts?: { onProgress?: (p: EmbedProgress) => void }): Promise<Float32Array[]> {
    const started = performance.now();
    if (kind === 'passage') this.passages += texts.length;
    else this.queries += texts.length;
    const out = texts.map((t) => this.vector(t));
    opts?.onProgress?.({ done: texts.length, total: texts.length });
    this.embedMs += performance.now() - started;
    return out;
  }

  countTokens(text: string): number {
    return Math.ceil(text.length / 3.6);
  }

  private vector(text: string): Float32Array {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    const random = rng(h);
    const v = new Float32Array(this.dimension);
    let sum = 0;
    for (let j = 0; j < v.length; j++) {
      v[j] = random() - 0.5;
      sum += v[j]! * v[j]!;
    }
    const norm = Math.sqrt(sum);
    for (let j = 0; j < v.length; j++) v[j] = v[j]! / norm;
    return v;
  }
}
