// Where the vector table's rows live, and the loop that takes a query's dot product with each.
// The scan is most of a vector query's time: at 50k × 384 the plain JS loop ran at about the
// speed of memory reads in V8 without SIMD (~55 ms p95 on the bench machine), and the same loop
// in WebAssembly SIMD over the same floats takes a fifth of that. So the rows sit in a
// WebAssembly.Memory when the runtime can compile the kernel (Node ≥ 16.4, Chromium ≥ 91 and
// so Electron/Obsidian, Safari ≥ 16.4, and their workers), and in a plain Float32Array
// scanned by JS otherwise: no WebAssembly (some locked-down hosts), no SIMD, or a dimension
// that is not a multiple of 4.
import { DOT_KERNEL_WASM } from './dot-kernel-wasm';

export type KernelKind = 'wasm-simd' | 'js';

export interface DotKernel {
  readonly kind: KernelKind;
  /** The rows, `capacity × dimension` floats; a new view after `reserve` grows, so do not keep it. */
  readonly rows: Float32Array;
  readonly capacity: number;
  /** Makes room for at least `capacity` rows, keeping the current ones. */
  reserve(capacity: number): void;
  /** out[i] = rows[i] · query for the first `n` rows. */
  dots(query: Float32Array, n: number, out: Float32Array): void;
}

export function createDotKernel(dimension: number, capacity: number, allowWasm = true): DotKernel {
  if (allowWasm && dimension % 4 === 0) {
    const module = simdModule();
    if (module) {
      try {
        return new WasmDotKernel(module, dimension, capacity);
      } catch {
        // Memory or instance refused (address space, a host policy): the JS loop still works.
      }
    }
  }
  return new JsDotKernel(dimension, capacity);
}

/** Whether this runtime can run the SIMD kernel at all (for tests and diagnostics). */
export function simdAvailable(): boolean {
  return simdModule() !== null;
}

let compiled: WebAssembly.Module | null | undefined;

function simdModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      // validate() is false where SIMD is unsupported. The module is 434 bytes, well under
      // Chromium's 4 KB limit for compiling synchronously on the main thread.
      if (typeof WebAssembly === 'object' && WebAssembly.validate(DOT_KERNEL_WASM)) compiled = new WebAssembly.Module(DOT_KERNEL_WASM);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const PAGE = 65536;

/**
 * Memory layout: rows from byte 0, then scratch space for one call (the query, then one score
 * per row). The scratch sits past the current capacity, so growing the table never has to
 * move rows, and memory.grow keeps them where they are.
 */
class WasmDotKernel implements DotKernel {
  readonly kind = 'wasm-simd';
  private readonly memory: WebAssembly.Memory;
  private readonly run: (rows: number, n: number, d: number, q: number, out: number) => void;
  private view: Float32Array;
  private _capacity: number;

  constructor(
    module: WebAssembly.Module,
    private readonly dimension: number,
    capacity: number,
  ) {
    this._capacity = Math.max(1, capacity);
    this.memory = new WebAssembly.Memory({ initial: this.pagesFor(this._capacity) });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.run = instance.exports.dots as typeof this.run;
    this.view = new Float32Array(this.memory.buffer, 0, this._capacity * dimension);
  }

  get capacity(): number {
    return this._capacity;
  }

  get rows(): Float32Array {
    return this.view;
  }

  reserve(capacity: number): void {
    if (capacity <= this._capacity) return;
    const pages = this.pagesFor(capacity);
    const have = this.memory.buffer.byteLength / PAGE;
    if (pages > have) this.memory.grow(pages - have);
    this._capacity = capacity;
    this.view = new Float32Array(this.memory.buffer, 0, capacity * this.dimension);
  }

  dots(query: Float32Array, n: number, out: Float32Array): void {
    const d = this.dimension;
    const queryAt = this._capacity * d * 4;
    const outAt = queryAt + d * 4;
    const buffer = this.memory.buffer;
    new Float32Array(buffer, queryAt, d).set(query);
    this.run(0, n, d, queryAt, outAt);
    out.set(new Float32Array(buffer, outAt, n));
  }

  private pagesFor(capacity: number): number {
    const bytes = capacity * this.dimension * 4 + this.dimension * 4 + capacity * 4;
    return Math.ceil(bytes / PAGE);
  }
}

class JsDotKernel implements DotKernel {
  readonly kind = 'js';
  private data: Float32Array;
  private _capacity: number;

  constructor(
    private readonly dimension: number,
    capacity: number,
  ) {
    this._capacity = Math.max(1, capacity);
    this.data = new Float32Array(this._capacity * dimension);
  }

  get capacity(): number {
    return this._capacity;
  }

  get rows(): Float32Array {
    return this.data;
  }

  reserve(capacity: number): void {
    if (capacity <= this._capacity) return;
    const data = new Float32Array(capacity * this.dimension);
    data.set(this.data);
    this.data = data;
    this._capacity = capacity;
  }

  dots(query: Float32Array, n: number, out: Float32Array): void {
    const d = this.dimension;
    const data = this.data;
    const pairs = d - (d % 2);
    let row = 0;
    // Four rows at a time, two lanes each: every query float read serves four rows, and the
    // eight sums do not wait on each other (measured ~20% faster than one row with four sums).
    for (; row + 3 < n; row += 4) {
      const o0 = row * d;
      const o1 = o0 + d;
      const o2 = o1 + d;
      const o3 = o2 + d;
      let a0 = 0;
      let a1 = 0;
      let b0 = 0;
      let b1 = 0;
      let c0 = 0;
      let c1 = 0;
      let e0 = 0;
      let e1 = 0;
      for (let j = 0; j < pairs; j += 2) {
        const x = query[j];
        const y = query[j + 1];
        a0 += x * data[o0 + j];
        a1 += y * data[o0 + j + 1];
        b0 += x * data[o1 + j];
        b1 += y * data[o1 + j + 1];
        c0 += x * data[o2 + j];
        c1 += y * data[o2 + j + 1];
        e0 += x * data[o3 + j];
        e1 += y * data[o3 + j + 1];
      }
      if (pairs < d) {
        const x = query[pairs];
        a0 += x * data[o0 + pairs];
        b0 += x * data[o1 + pairs];
        c0 += x * data[o2 + pairs];
        e0 += x * data[o3 + pairs];
      }
      out[row] = a0 + a1;
      out[row + 1] = b0 + b1;
      out[row + 2] = c0 + c1;
      out[row + 3] = e0 + e1;
    }
    for (; row < n; row++) {
      const o = row * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += query[j] * data[o + j];
      out[row] = s;
    }
  }
}
