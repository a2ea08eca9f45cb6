// Real-browser check of the embedding worker as main.js ships it: the worker source and the
// onnxruntime WASM binary inlined by scripts/esbuild-inline-worker.mjs, started from a Blob URL,
// embedding with the tiny model served by a local "hub" on 127.0.0.1. Chromium resolves no
// other host, and the server records every request, so a fetch of a .wasm/.mjs (the CDN
// default of transformers.js) or of anything off 127.0.0.1 fails the test.
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, normalize, resolve } from 'node:path';
import esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransformersEmbedder } from '../../src/core/embedding';
import { inlineWorkerPlugin } from '../../scripts/esbuild-inline-worker.mjs';

const CHROMIUM = '/usr/bin/chromium';
const MODEL_DIR = resolve('tests/fixtures/tiny-model');
const MODEL_ID = 'test-org/tiny-model';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`worker-browser.test.ts skipped: ${CHROMIUM} is absent (apt-get install chromium)`);

interface Run {
  dimension: number;
  count: number;
  norms: number[];
  first: number[];
  chunksPerSecond: number;
  loaded: { device: string; dtype: string; inlinedWasm: boolean; dimension: number } | null;
  poolSize: number;
  progressStatuses: string[];
  fileRequests?: string[];
}

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, x, i) => sum + x * b[i]!, 0);
}

function send(res: import('node:http').ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

describe.skipIf(!haveChromium)('embedding worker in Chromium', () => {
  let server: Server;
  let origin = '';
  let bundle = '';
  let hubUp = true;
  const requests: string[] = [];
  let browser: import('playwright-core').Browser;

  beforeAll(async () => {
    const built = await esbuild.build({
      entryPoints: ['tests/plugin/browser/page-entry.ts'],
      bundle: true, format: 'iife', platform: 'browser', target: 'es2022', minify: true, write: false,
      external: ['obsidian'], logLevel: 'error',
      plugins: [inlineWorkerPlugin()],
    });
    bundle = built.outputFiles[0]!.text;

    server = createServer((req, res) => void serve(req.url ?? '/', res));
    const serve = async (url: string, res: import('node:http').ServerResponse) => {
      requests.push(url);
      const path = decodeURIComponent(new URL(url, 'http://x').pathname);
      if (path === '/') return send(res, 200, 'text/html', '<!doctype html><meta charset="utf-8"><script src="/bundle.js"></script>');
      if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
      if (path === '/bundle.js') return send(res, 200, 'text/javascript', bundle);
      const hub = `/hub/${MODEL_ID}/resolve/main/`;
      const vault = '/vault/';
      let file: string | null = null;
      if (path.startsWith(hub)) {
        if (!hubUp) return send(res, 503, 'text/plain', 'hub down');
        file = path.slice(hub.length);
      } else if (path.startsWith(vault)) {
        file = path.slice(vault.length);
      }
      if (file !== null) {
        const full = normalize(join(MODEL_DIR, file));
        if (!full.startsWith(MODEL_DIR)) return send(res, 403, 'text/plain', 'no');
        try {
          return send(res, 200, 'application/octet-stream', await readFile(full));
        } catch {
          return send(res, 404, 'text/plain', 'not found');
        }
      }
      return send(res, 404, 'text/plain', 'not found');
    };
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run',
        // No DNS for anything but the test server: a CDN fetch cannot succeed.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => server?.close(ok));
  });

  /** Loads the model in a fresh page of `context`, embeds `n` passages, reports. */
  async function run(context: import('playwright-core').BrowserContext, mode: 'hub' | 'hub-offline' | 'vault', n: number, poolSize = 2): Promise<Run> {
    const page = await context.newPage();
    const offPage: string[] = [];
    page.on('console', (msg) => { if (msg.type() === 'error') offPage.push(msg.text()); });
    await page.goto(`${origin}/`);
    const result = await page.evaluate(async ({ mode, n, modelId, poolSize }) => {
      type Api = {
        InlineEmbedWorkers: new () => unknown;
        WorkerEmbedder: new (o: unknown) => {
          load(cb: (p: { status: string }) => void): Promise<number>;
          embed(t: string[], k: string): Promise<Float32Array[]>;
          loaded: Run['loaded'];
          poolSize: number;
          dispose(): Promise<void>;
        };
      };
      const api = (window as unknown as { askVault: Api }).askVault;
      const fileRequests: string[] = [];
      const embedder = new api.WorkerEmbedder({
        runtime: new api.InlineEmbedWorkers(),
        modelId: mode === 'vault' ? 'vault:Models/tiny-model' : modelId,
        poolSize,
        load: mode === 'vault'
          ? { model: 'Models/tiny-model', localFolder: true, device: 'auto' }
          : { model: modelId, remoteHost: `${location.origin}/hub/`, offline: mode === 'hub-offline', device: 'auto' },
        readModelFile: async (path: string) => {
          fileRequests.push(path);
          const res = await fetch(`/vault/${path}`);
          return res.ok ? await res.arrayBuffer() : null;
        },
      });
      const statuses = new Set<string>();
      const dimension = await embedder.load((p) => statuses.add(p.status));
      const texts = Array.from({ length: n }, (_, i) =>
        `Journal du jeudi ${i % 28 + 1} décembre 2024 : j'ai partagé le projet ${i} avec un ami. `.repeat(1 + (i % 4)));
      const t0 = performance.now();
      const vectors = await embedder.embed(texts, 'passage');
      const seconds = (performance.now() - t0) / 1000;
      const out = {
        dimension,
        count: vectors.length,
        norms: vectors.map((v) => Math.hypot(...v)),
        first: Array.from(vectors[0]!),
        chunksPerSecond: n / seconds,
        loaded: embedder.loaded,
        poolSize: embedder.poolSize,
        progressStatuses: [...statuses],
        fileRequests,
      };
      await embedder.dispose();
      return out;
    }, { mode, n, modelId: MODEL_ID, poolSize });
    await page.close();
    expect(offPage).toEqual([]);
    return result;
  }

  it('downloads from the hub once, embeds with the inlined WASM, then starts offline from the cache', async () => {
    const context = await browser.newContext();
    const first = await run(context, 'hub', 300);
    console.log(`chromium, 2 workers, hub model: ${first.chunksPerSecond.toFixed(0)} chunks/s; loaded ${JSON.stringify(first.loaded)}`);
    expect(first.dimension).toBe(32);
    expect(first.count).toBe(300);
    for (const norm of first.norms) expect(norm).toBeCloseTo(1, 4);
    expect(first.loaded).toMatchObject({ device: 'wasm', inlinedWasm: true, dimension: 32 });
    expect(first.poolSize).toBe(2);
    expect(first.progressStatuses).toEqual(expect.arrayContaining(['initiate', 'progress', 'done', 'ready']));

    // Only the page, its bundle and the model's files were requested: no .wasm, no .mjs glue.
    expect(requests.filter((u) => /\.(wasm|mjs)(\?|$)/.test(u))).toEqual([]);
    expect(requests.filter((u) => !['/', '/bundle.js', '/favicon.ico'].includes(u) && !u.startsWith(`/hub/${MODEL_ID}/`))).toEqual([]);

    // Same vectors as the CLI's embedder (onnxruntime-node) on the same weights.
    const cli = new TransformersEmbedder({ model: MODEL_DIR });
    const [reference] = await cli.embed(['Journal du jeudi 1 décembre 2024 : j\'ai partagé le projet 0 avec un ami. '], 'passage');
    await cli.dispose();
    expect(cosine(Array.from(reference!), first.first)).toBeGreaterThan(0.99);

    // Next start, hub unreachable and offline mode on: the model comes from Cache Storage.
    hubUp = false;
    const hubRequestsBefore = requests.filter((u) => u.startsWith('/hub/')).length;
    const second = await run(context, 'hub-offline', 20, 1);
    expect(second.count).toBe(20);
    // Not bit-identical: int8 weights quantise activations per batch, and the batches differ.
    expect(cosine(second.first, first.first)).toBeGreaterThan(0.99);
    expect(requests.filter((u) => u.startsWith('/hub/')).length).toBe(hubRequestsBefore);
    hubUp = true;
    await context.close();
  });

  it('loads a model folder of the vault through file requests to the main thread', async () => {
    const context = await browser.newContext();
    const result = await run(context, 'vault', 50, 1);
    expect(result.dimension).toBe(32);
    expect(result.count).toBe(50);
    expect(result.loaded).toMatchObject({ inlinedWasm: true });
    expect(result.fileRequests).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx']));
    await context.close();
  });
});
