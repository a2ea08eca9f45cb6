// What loading the plugin costs Obsidian's main thread: main.js compiled and evaluated in headless
// Chromium as Obsidian runs it (its text wrapped in a function and compiled by a global eval, on
// the main thread; then called with `require`), in a fresh browser context each run (no code
// cache). Variants tell where the time goes: as built, with the inlined WASM literal emptied, with
// the worker's source emptied too, and a baseline main.js (an earlier build) when given.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
// The suite runs from the repository's root (scripts/bench.mjs sets its cwd).
const ROOT = process.cwd();

export const CHROMIUM = '/usr/bin/chromium';

export interface MainEvalParams {
  runs: number;
  /** main.js to measure (default: the built one at the repository root). */
  mainJs?: string;
  /** An earlier build to measure in the same run, interleaved. */
  baseline?: string;
}

export interface MainEvalVariant {
  label: string;
  bytes: number;
  /** Per run: the longest main-thread task while main.js is compiled and run, and that compile and run (ms). */
  longestTaskMs: number[];
  evalMs: number[];
}

export interface MainEvalResult {
  variants: MainEvalVariant[];
}

function send(res: ServerResponse, type: string, body: string): void {
  res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * `code` with its `var x = "…"` literals of over 100 kB emptied, the longest first: the inlined
 * WASM (gzip, base64), then the embedding worker's source. A scan, not a regular expression:
 * V8's regexp engine overflows its stack on a 9 MB repetition.
 */
function emptyLongLiterals(code: string, count: number): string {
  const literals: [number, number][] = [];
  const head = /var [\w$]+=(["'])/g;
  for (let m = head.exec(code); m; m = head.exec(code)) {
    const quote = m[1]!;
    let j = m.index + m[0].length;
    while (j < code.length && code[j] !== quote) j += code[j] === '\\' ? 2 : 1;
    const start = m.index + m[0].length - 1;
    if (j - start > 100_000) literals.push([start, j + 1]);
    head.lastIndex = j + 1;
  }
  const chosen = literals.sort((x, y) => y[1] - y[0] - (x[1] - x[0])).slice(0, count).sort((x, y) => y[0] - x[0]);
  let out = code;
  for (const [start, end] of chosen) out = `${out.slice(0, start)}""${out.slice(end)}`;
  return out;
}

const PAGE = `<!doctype html><meta charset="utf-8"><script>
window.__tasks = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
window.__run = async (url) => {
  const obsidian = new Proxy({}, { get: (_, k) => (k === 'moment' ? { locale: () => 'fr' } : class {}) });
  const text = await (await fetch(url)).text();
  await new Promise((r) => setTimeout(r, 50));
  const started = performance.now();
  const factory = (0, eval)('(function anonymous(module, exports, require) {' + text + String.fromCharCode(10) + '})');
  const module = { exports: {} };
  factory.call(module.exports, module, module.exports, () => obsidian);
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 200));
  return { ms, started, tasks: window.__tasks };
};
</script>`;

export async function mainEvalCost(p: MainEvalParams): Promise<MainEvalResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is absent`);
  const built = await readFile(p.mainJs ?? join(ROOT, 'main.js'), 'utf8');
  // The WASM is the longest literal of an older build, or the closing comment of a current one.
  const comment = built.lastIndexOf('/*ask-vault-ort-wasm:');
  const noWasm = comment >= 0 ? built.slice(0, comment) : emptyLongLiterals(built, 1);
  const noWorker = emptyLongLiterals(noWasm, 1);
  const variants = [
    ...(p.baseline ? [{ label: 'baseline main.js', code: await readFile(p.baseline, 'utf8') }] : []),
    { label: 'main.js as built', code: built },
    { label: 'without the WASM (literal or comment)', code: noWasm },
    { label: 'without the WASM and the worker source', code: noWorker },
  ];
  const bodies = new Map(variants.map((v, i) => [`/main-${i}.js`, v.code]));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') return send(res, 'text/html', PAGE);
    const body = bodies.get(path);
    if (body) return send(res, 'text/javascript', body);
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
  const out: MainEvalVariant[] = variants.map((v) => ({ label: v.label, bytes: Buffer.byteLength(v.code), longestTaskMs: [], evalMs: [] }));
  try {
    // Interleaved, so that a burst of load on the machine falls on every variant alike.
    for (let run = 0; run < p.runs; run++) {
      for (let i = 0; i < variants.length; i++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${origin}/`);
        await page.waitForTimeout(100);
        type Run = { ms: number; started: number; tasks: { start: number; duration: number }[] };
        const r = await page.evaluate((url) => (window as unknown as { __run(u: string): Promise<Run> }).__run(url), `/main-${i}.js?run=${run}`);
        out[i]!.evalMs.push(Math.round(r.ms));
        out[i]!.longestTaskMs.push(Math.round(Math.max(0, ...r.tasks.filter((t) => t.start + t.duration >= r.started).map((t) => t.duration))));
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { variants: out };
}
