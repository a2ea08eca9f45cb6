import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TopK, VectorTable } from '../../../src/core/index/vector-table';
import { simdAvailable } from '../../../src/core/index/vector-kernel';
import { DOT_KERNEL_WASM } from '../../../src/core/index/dot-kernel-wasm';

/** Deterministic floats in [-0.5, 0.5). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function vector(next: () => number, d: number, unit = true): Float32Array {
  const v = Float32Array.from({ length: d }, next);
  if (!unit) return v;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function topK(scores: Float32Array, k: number): number[] {
  const top = new TopK<number>(k);
  scores.forEach((s, row) => top.offer(s, row));
  return top.sorted((a, b) => a - b).map((e) => e.value);
}

/** The same operations on a SIMD table and a JS table. */
function twin(d: number, capacity: number): [VectorTable, VectorTable] {
  return [new VectorTable(d, { capacity }), new VectorTable(d, { capacity, simd: false })];
}

function expectSameScores(a: VectorTable, b: VectorTable, query: Float32Array): Float32Array {
  const sa = a.scoreAll(query);
  const sb = b.scoreAll(query);
  expect(sa.length).toBe(sb.length);
  let worst = 0;
  const nanMismatches: number[] = [];
  for (let row = 0; row < sa.length; row++) {
    if (Number.isNaN(sa[row]) !== Number.isNaN(sb[row])) nanMismatches.push(row);
    else if (!Number.isNaN(sb[row])) worst = Math.max(worst, Math.abs(sa[row] - sb[row]));
  }
  expect(nanMismatches).toEqual([]);
  expect(worst).toBeLessThan(1e-5);
  return sa;
}

describe('VectorTable scan kernels', () => {
  it('runs the WebAssembly SIMD kernel in this Node, and the JS loop when told or when the dimension is not a multiple of 4', () => {
    expect(simdAvailable()).toBe(true);
    expect(WebAssembly.validate(DOT_KERNEL_WASM)).toBe(true);
    expect(new VectorTable(384).kernelKind).toBe('wasm-simd');
    expect(new VectorTable(384, { simd: false }).kernelKind).toBe('js');
    expect(new VectorTable(6).kernelKind).toBe('js');
  });

  it('gives the same cosine scores and top 10 on both kernels, through growth, deletions and reused rows', () => {
    const next = random(7);
    const d = 36; // 2 steps of 16 floats and one of 4: both loops of the kernel run
    const [simd, js] = twin(d, 8);
    expect(simd.kernelKind).toBe('wasm-simd');
    const keys: string[] = [];
    const put = (key: string, v: Float32Array) => {
      simd.set(key, v);
      js.set(key, v);
    };
    // 3,000 rows from a capacity of 8: the table (and the wasm memory) grows nine times.
    for (let i = 0; i < 3000; i++) {
      keys.push(`k${i}`);
      put(`k${i}`, vector(next, d, i % 3 !== 0)); // some rows not unit length
    }
    put('zero', new Float32Array(d));
    for (let i = 0; i < 3000; i += 7) {
      simd.delete(keys[i]);
      js.delete(keys[i]);
    }
    for (let i = 0; i < 200; i++) put(`again${i}`, vector(next, d)); // reuse freed rows
    put('k1', vector(next, d)); // overwrite in place
    expect(simd.size).toBe(js.size);

    for (let q = 0; q < 20; q++) {
      const query = vector(next, d, q % 2 === 0);
      const scores = expectSameScores(simd, js, query);
      expect(topK(scores, 10)).toEqual(topK(js.scoreAll(query), 10));
      expect(scores[3000]).toBeNaN(); // the zero vector's row
    }
    expect(simd.get('k1')).toEqual(js.get('k1'));
  });

  it('scores real cosines at 384 dimensions (the default model) on random unit vectors', () => {
    const next = random(11);
    const d = 384;
    const [simd, js] = twin(d, 1024);
    const stored: Float32Array[] = [];
    for (let i = 0; i < 2000; i++) {
      const v = vector(next, d);
      stored.push(v);
      simd.set(`r${i}`, v);
      js.set(`r${i}`, v);
    }
    const query = vector(next, d);
    const scores = expectSameScores(simd, js, query);
    let exact = 0;
    for (let j = 0; j < d; j++) exact += query[j] * stored[1234][j];
    expect(Math.abs(scores[1234] - exact)).toBeLessThan(1e-5);
    expect(topK(scores, 10)).toEqual(topK(js.scoreAll(query), 10));
  });

  it('the JS loop scores exact cosines for odd dimensions and row counts that are not a multiple of 4', () => {
    const next = random(5);
    for (const [d, rows] of [[7, 13], [1, 3], [10, 6]] as const) {
      const table = new VectorTable(d, { capacity: 2 });
      expect(table.kernelKind).toBe('js');
      const stored = Array.from({ length: rows }, (_, i) => {
        const v = vector(next, d, false);
        table.set(`r${i}`, v);
        return v;
      });
      const query = vector(next, d, false);
      const scores = table.scoreAll(query);
      stored.forEach((v, i) => {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += v[j] * query[j];
        expect(scores[i]).toBeCloseTo(dot / (Math.hypot(...v) * Math.hypot(...query)), 6);
      });
    }
  });

  it('a zero query scores NaN everywhere rather than dividing by zero', () => {
    const [simd] = twin(4, 4);
    simd.set('a', [1, 0, 0, 0]);
    expect(Array.from(simd.scoreAll([0, 0, 0, 0]))).toEqual([NaN]);
    expect(() => simd.scoreAll([1, 0, 0])).toThrow(/3 dimensions/);
  });
});

describe('VectorTable bulk load', () => {
  it('copies reserved rows in any order, scores rows NaN until written, and refuses a key twice', () => {
    for (const simd of [true, false]) {
      const table = new VectorTable(4, { capacity: 2, simd });
      const a = table.reserveRows(2);
      const b = table.reserveRows(3);
      expect([a, b]).toEqual([0, 2]);
      table.writeRows(b, Float32Array.from([0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3]), [1, 2, 3]);
      expect(Array.from(table.scoreAll([0, 1, 0, 0])).map((s) => (Number.isNaN(s) ? 'NaN' : s))).toEqual(['NaN', 'NaN', 1, 0, 0]);
      table.writeRows(a, Float32Array.from([1, 0, 0, 0, 0, 0, 0, 1]), [1, 1]);
      expect(table.nameRow(0, 'x')).toBe(true);
      expect(table.nameRow(2, 'y')).toBe(true);
      expect(table.nameRow(3, 'x')).toBe(false);
      expect(table.keyAt(3)).toBe('');
      expect(table.get('y')).toEqual(Float32Array.from([0, 1, 0, 0]));
      expect(table.size).toBe(2);
      expect(() => table.writeRows(4, new Float32Array(8), [1, 1])).toThrow(/not reserved/);
      expect(() => table.writeRows(0, new Float32Array(7), [1, 1])).toThrow(/7 floats/);
      // Later inserts go past the reserved rows.
      table.set('z', [0, 0, 1, 0]);
      expect(table.scoreAll([0, 0, 1, 0])[5]).toBeCloseTo(1, 6);
    }
  });
});

describe('without WebAssembly', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('falls back to the JS loop when the runtime has no WebAssembly at all', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    const kernel = await import('../../../src/core/index/vector-kernel');
    const { VectorTable: Table } = await import('../../../src/core/index/vector-table');
    expect(kernel.simdAvailable()).toBe(false);
    const table = new Table(8);
    expect(table.kernelKind).toBe('js');
    table.set('a', [1, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(table.scoreAll([2, 0, 0, 0, 0, 0, 0, 0]))).toEqual([1]);
  });

  it('falls back when the runtime validates no SIMD', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', { ...WebAssembly, validate: () => false });
    const { VectorTable: Table } = await import('../../../src/core/index/vector-table');
    expect(new Table(8).kernelKind).toBe('js');
  });
});

describe('the committed kernel', () => {
  it('is what scripts/make-dot-kernel.mjs assembles from dot-kernel.wat', () => {
    const root = new URL('../../../', import.meta.url);
    const out = execFileSync(process.execPath, [new URL('scripts/make-dot-kernel.mjs', root).pathname, '--check'], { encoding: 'utf8' });
    expect(out).toMatch(/up to date/);
    expect(readFileSync(new URL('src/core/index/dot-kernel.wat', root), 'utf8')).toMatch(/\(func \(export "dots"\)/);
  });
});
