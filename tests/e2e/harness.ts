// The pieces a browser end-to-end test needs to run the real main.js in Chromium over the shim
// (as plugin-browser.test.ts does): build main.js when stale, serve the test page and a vault,
// launch Chromium with every host but 127.0.0.1 unreachable (and counted), and call the page's
// test API.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import esbuild from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { E2eApi } from './page/boot';
import type { VaultFile } from './page/memory-vault';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
const ROOT = resolve(__dirname, '../..');

async function newestMtime(paths: string[]): Promise<number> {
  let newest = 0;
  for (const path of paths) {
    const s = await stat(path);
    if (s.isDirectory()) newest = Math.max(newest, await newestMtime((await readdir(path)).map((name) => join(path, name))));
    else newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}

/** Builds main.js for production, as it ships, unless it is newer than everything it is built from. */
export async function ensureMainJs(): Promise<'built' | 'reused'> {
  const mainJs = join(ROOT, 'main.js');
  const inputs = ['src', 'esbuild.config.mjs', 'scripts/esbuild-inline-worker.mjs'].map((p) => join(ROOT, p));
  if (existsSync(mainJs) && (await stat(mainJs)).mtimeMs > (await newestMtime(inputs))) return 'reused';
  await promisify(execFile)(process.execPath, ['esbuild.config.mjs', '--only=plugin'], { cwd: ROOT, maxBuffer: 16 << 20 });
  return 'built';
}

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function closeServer(server: Server | undefined): Promise<void> {
  return new Promise((ok) => (server ? server.close(() => ok()) : ok()));
}

/** The loopback LLM server behind a gateway that allows cross-origin calls, so fetch can stream. */
export function corsGateway(target: string): Server {
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

/** Serves the test page, main.js (wrapped as Obsidian loads it) and `files` as the vault. */
export async function startPage(files: VaultFile[]): Promise<{ server: Server; origin: string; served: string[] }> {
  const mainJs = await readFile(join(ROOT, 'main.js'), 'utf8');
  const boot = (
    await esbuild.build({ entryPoints: [join(__dirname, 'page/boot.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'error' })
  ).outputFiles[0]!.text;
  const assets: Record<string, [string, string | Buffer]> = {
    '/': ['text/html; charset=utf-8', await readFile(join(__dirname, 'page/index.html'))],
    '/boot.js': ['text/javascript', boot],
    '/page.css': ['text/css', await readFile(join(__dirname, 'page/page.css'))],
    '/styles.css': ['text/css', await readFile(join(ROOT, 'styles.css'))],
    '/main.js': ['text/javascript', `window.__askVaultDefine(function (module, exports, require) {\n${mainJs}\n});`],
    '/vault.json': ['application/json', JSON.stringify(files)],
  };
  const served: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    served.push(path);
    const asset = assets[path];
    if (asset) send(res, 200, asset[0], asset[1]);
    else send(res, 404, 'text/plain', 'not found');
  });
  return { server, origin: await listen(server), served };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Requests for any host but 127.0.0.1: aborted, and listed here. */
  offHost: string[];
  pageErrors: string[];
  /** Runs `fn` in the page with its test API (`fn` is sent as source: it sees only `arg`). */
  e2e<T, A = undefined>(fn: (api: E2eApi, arg: A) => T | Promise<T>, arg?: A): Promise<Awaited<T>>;
}

export async function launchBrowser(): Promise<BrowserSession> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
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
  const e2e = <T, A = undefined>(fn: (api: E2eApi, arg: A) => T | Promise<T>, arg?: A): Promise<Awaited<T>> =>
    page.evaluate(
      async ([source, a]) => {
        const run = new Function('api', 'arg', `return (${source})(api, arg);`) as (api: unknown, arg: unknown) => unknown;
        return (await run((window as unknown as { __e2e: unknown }).__e2e, a)) as Awaited<T>;
      },
      [fn.toString(), arg] as const,
    ) as Promise<Awaited<T>>;
  return { browser, context, page, offHost, pageErrors, e2e };
}
