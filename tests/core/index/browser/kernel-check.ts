// Bundled for Chromium by vector-table-browser.test.ts: the same comparison of the SIMD and JS
// scans as vector-table.test.ts, run on a page's main thread and in a Web Worker.
import { TopK, VectorTable } from '../../../../src/core/index/vector-table';

export interface KernelCheck {
  kind: string;
  worst: number;
  nanMismatches: number;
  sameTop: boolean;
  simdMs: number;
  jsMs: number;
}

function run(): KernelCheck {
  let s = 12345;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5);
  const d = 384;
  const simd = new VectorTable(d, { capacity: 64 });
  const js = new VectorTable(d, { capacity: 64, simd: false });
  for (let i = 0; i < 5000; i++) {
    const v = Float32Array.from({ length: d }, next);
    simd.set(`k${i}`, v);
    js.set(`k${i}`, v);
  }
  for (let i = 0; i < 5000; i += 9) {
    simd.delete(`k${i}`);
    js.delete(`k${i}`);
  }
  let worst = 0;
  let nanMismatches = 0;
  let sameTop = true;
  let simdMs = 0;
  let jsMs = 0;
  for (let q = 0; q < 10; q++) {
    const query = Float32Array.from({ length: d }, next);
    let t = performance.now();
    const a = simd.scoreAll(query);
    simdMs += performance.now() - t;
    t = performance.now();
    const b = js.scoreAll(query);
    jsMs += performance.now() - t;
    for (let i = 0; i < a.length; i++) {
      if (Number.isNaN(a[i]) !== Number.isNaN(b[i])) nanMismatches++;
      else if (!Number.isNaN(a[i])) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    const top = (scores: Float32Array) => {
      const k = new TopK<number>(10);
      scores.forEach((score, row) => k.offer(score, row));
      return k.sorted((x, y) => x - y).map((e) => e.value).join();
    };
    sameTop &&= top(a) === top(b);
  }
  return { kind: simd.kernelKind, worst, nanMismatches, sameTop, simdMs, jsMs };
}

declare const self: { onmessage: unknown; postMessage(m: unknown): void };
if (typeof document === 'undefined') self.onmessage = () => self.postMessage(run());
else (globalThis as unknown as { kernelCheck: () => KernelCheck }).kernelCheck = run;
