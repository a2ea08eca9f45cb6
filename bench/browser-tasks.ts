// The browser path: the plugin's embedding workers (inlined in main.js by
// scripts/esbuild-inline-worker.mjs) in headless Chromium, onnxruntime-web WASM with one thread
// per worker, one worker against a pool of two, on the same texts. The model's files are served
// from 127.0.0.1 as a vault folder would be; Chromium resolves no other host.
import { createServer, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { inlineWorkerPlugin } from '../scripts/esbuild-inline-worker.mjs';
import type { PageLoad, PagePass } from './browser/page';
import { E5_MODEL, embedTextsSample } from './setup';

export const CHROMIUM = '/usr/bin/chromium';

export interface BrowserParams {
  count: number;
  rounds: number;
  pools: number[];
  batchSize: number;
}

export interface BrowserResult {
  loads: PageLoad[];
  /** passes[i][j]: pass i of pool size pools[j]. */
  passes: PagePass[][];
}

type BenchApi = {
  load(a: { poolSize: number; batchSize: number; warmUp: string[] }): Promise<PageLoad>;
  pass(texts: string[]): Promise<PagePass>;
};

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

export async function browserWorkers(p: BrowserParams): Promise<BrowserResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is absent`);
  const esbuild = await import('esbuild');
  const built = await esbuild.build({
    entryPoints: ['bench/browser/page.ts'],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    external: ['obsidian'],
    logLevel: 'error',
    plugins: [inlineWorkerPlugin()],
  });
  const bundle = built.outputFiles[0]!.text;
  const texts = await embedTextsSample(p.count);

  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') return send(res, 200, 'text/html', '<!doctype html><meta charset="utf-8"><script src="/bundle.js"></script>');
    if (path === '/bundle.js') return send(res, 200, 'text/javascript', bundle);
    if (path.startsWith('/model/')) {
      const file = normalize(join(E5_MODEL, path.slice('/model/'.length)));
      if (!file.startsWith(E5_MODEL)) return send(res, 403, 'text/plain', 'no');
      readFile(file).then(
        (data) => send(res, 200, 'application/octet-stream', data),
        () => send(res, 404, 'text/plain', 'not found'),
      );
      return;
    }
    send(res, 404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  const loads: PageLoad[] = [];
  const passes: PagePass[][] = [];
  try {
    // One page per pool size, all loaded first; then the timed passes alternate between them,
    // so a change in the machine's load hits every pool size alike.
    const pages = [];
    for (const poolSize of p.pools) {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${origin}/`);
      const loaded = await page.evaluate(
        (args) => (window as unknown as { askVaultBench: BenchApi }).askVaultBench.load(args),
        { poolSize, batchSize: p.batchSize, warmUp: texts },
      );
      console.log(`browser, ${poolSize} worker(s): loaded in ${(loaded.loadMs / 1000).toFixed(1)} s (${loaded.device}, ${loaded.dtype})`);
      loads.push(loaded);
      pages.push({ page, errors });
    }
    for (let round = 0; round < p.rounds; round++) {
      const row: PagePass[] = [];
      for (const [j, { page, errors }] of pages.entries()) {
        const result = await page.evaluate((t) => (window as unknown as { askVaultBench: BenchApi }).askVaultBench.pass(t), texts);
        if (errors.length) throw new Error(`page error: ${errors[0]}`);
        console.log(`browser, ${p.pools[j]} worker(s): ${result.chunksPerSecond.toFixed(2)} chunks/s, longest main-thread task ${result.longestTaskMs.toFixed(0)} ms`);
        row.push(result);
      }
      passes.push(row);
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
  return { loads, passes };
}
