// The built plugin in Chromium, as plugin-browser.test.ts sets it up (same page, shim, in-memory
// vault holding examples/vault and the tiny model, loopback LLM behind a CORS gateway, nothing
// leaving 127.0.0.1), as a function other browser tests can start. plugin-browser.test.ts keeps its
// own copy of this setup, with its extra measurements.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { startLlmServer, type LlmServer } from '../fakes/llm-server';
import type { E2eApi } from './page/boot';
import type { VaultFile } from './page/memory-vault';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
const ROOT = resolve(__dirname, '../..');
const EXAMPLE_VAULT = join(ROOT, 'examples/vault');
const TINY_MODEL = join(ROOT, 'tests/fixtures/tiny-model');
const MODEL_FOLDER = 'Modèles/tiny-model';

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)).map((p) => `${entry.name}/${p}`));
    else out.push(entry.name);
  }
  return out;
}

async function vaultFiles(extra: VaultFile[]): Promise<VaultFile[]> {
  const notes = await Promise.all((await listFiles(EXAMPLE_VAULT)).map(async (path) => ({ path, text: await readFile(join(EXAMPLE_VAULT, path), 'utf8') })));
  const modelFiles = (await listFiles(TINY_MODEL)).filter((p) => p !== 'README.md');
  const model = await Promise.all(modelFiles.map(async (path) => ({ path: `${MODEL_FOLDER}/${path}`, base64: (await readFile(join(TINY_MODEL, path))).toString('base64') })));
  return [...notes, ...model, ...extra];
}

async function newestMtime(paths: string[]): Promise<number> {
  let newest = 0;
  for (const path of paths) {
    const s = await stat(path);
    newest = Math.max(newest, s.isDirectory() ? await newestMtime((await readdir(path)).map((n) => join(path, n))) : s.mtimeMs);
  }
  return newest;
}

async function ensureMainJs(): Promise<void> {
  const mainJs = join(ROOT, 'main.js');
  const inputs = ['src', 'esbuild.config.mjs', 'scripts/esbuild-inline-worker.mjs'].map((p) => join(ROOT, p));
  if (existsSync(mainJs) && (await stat(mainJs)).mtimeMs > (await newestMtime(inputs))) return;
  await promisify(execFile)(process.execPath, ['esbuild.config.mjs', '--only=plugin'], { cwd: ROOT, maxBuffer: 16 << 20 });
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function corsGateway(target: string): Server {
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS' };
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    const upstream = httpRequest(`${target}${req.url ?? '/'}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, { ...up.headers, ...cors });
      res.flushHeaders();
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
}

export interface BrowserPlugin {
  page: Page;
  llm: LlmServer;
  markdownNotes: number;
  offHost: string[];
  pageErrors: string[];
  e2e<T, A = undefined>(fn: (api: E2eApi, arg: A) => T | Promise<T>, arg?: A): Promise<Awaited<T>>;
  close(): Promise<void>;
}

/** Boots the built plugin over examples/vault (plus `extra` files) with the given data.json additions. */
export async function startBrowserPlugin(opts: { extra?: VaultFile[]; data?: Record<string, unknown> } = {}): Promise<BrowserPlugin> {
  await ensureMainJs();
  const mainJs = await readFile(join(ROOT, 'main.js'), 'utf8');
  const boot = (await esbuild.build({ entryPoints: [join(__dirname, 'page/boot.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'error' })).outputFiles[0]!.text;
  const files = await vaultFiles(opts.extra ?? []);
  const assets: Record<string, [string, string | Buffer]> = {
    '/': ['text/html; charset=utf-8', await readFile(join(__dirname, 'page/index.html'))],
    '/boot.js': ['text/javascript', boot],
    '/page.css': ['text/css', await readFile(join(__dirname, 'page/page.css'))],
    '/styles.css': ['text/css', await readFile(join(ROOT, 'styles.css'))],
    '/main.js': ['text/javascript', `window.__askVaultDefine(function (module, exports, require) {\n${mainJs}\n});`],
    '/vault.json': ['application/json', JSON.stringify(files)],
  };
  const pageServer = createServer((req, res) => {
    const asset = assets[new URL(req.url ?? '/', 'http://x').pathname];
    if (asset) send(res, 200, asset[0], asset[1]);
    else send(res, 404, 'text/plain', 'not found');
  });
  const origin = await listen(pageServer);
  const llm = await startLlmServer({ models: ['test-model'], strictModels: true });
  const gateway = corsGateway(llm.url);
  const llmUrl = await listen(gateway);
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const offHost: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    offHost.push(url.href);
    return route.abort();
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(`console.error: ${msg.text()}`);
  });
  await page.goto(`${origin}/`);
  const e2e = <T, A = undefined>(fn: (api: E2eApi, arg: A) => T | Promise<T>, arg?: A): Promise<Awaited<T>> =>
    page.evaluate(
      async ([source, a]) => {
        const run = new Function('api', 'arg', `return (${source})(api, arg);`) as (api: unknown, arg: unknown) => unknown;
        return (await run((window as unknown as { __e2e: unknown }).__e2e, a)) as Awaited<T>;
      },
      [fn.toString(), arg] as const,
    ) as Promise<Awaited<T>>;
  await e2e((api, options) => api.boot(options), {
    manifest: { id: 'ask-vault', name: 'Ask Vault', version: '0.1.0', minAppVersion: '1.5.0', description: '', author: '' },
    data: {
      version: 1,
      llm: { preset: 'custom', provider: 'openai', baseUrl: `${llmUrl}/v1`, model: 'test-model', apiKey: '' },
      retrieval: { offline: true },
      indexing: { localModelFolder: MODEL_FOLDER },
      ...(opts.data ?? {}),
    },
  });
  const markdownNotes = files.filter((f) => f.path.endsWith('.md')).length;
  return {
    page, llm, markdownNotes, offHost, pageErrors, e2e,
    close: async () => {
      await browser.close();
      await Promise.all([pageServer, gateway].map((s) => new Promise((ok) => s.close(ok))));
      await llm.close();
    },
  };
}
