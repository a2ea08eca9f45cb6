// What every browser end-to-end test shares: the built main.js served with the test page
// (tests/e2e/page/) over loopback, a loopback LLM behind a CORS gateway, headless Debian Chromium
// that resolves no other host (and counts what it tried), and `e2e()`, which runs a function in
// the page with its test API. One `E2eSession` per test file.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import esbuild from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLlmServer, type LlmServer } from '../fakes/llm-server';
import { inPage } from './page-eval';
import type { BootOptions, E2eApi } from './page/boot';
import type { VaultFile } from './page/memory-vault';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
export const ROOT = resolve(__dirname, '../..');
export const EXAMPLE_VAULT = join(ROOT, 'examples/vault');
const TINY_MODEL = join(ROOT, 'tests/fixtures/tiny-model');
/** Where the model sits in the vault (a local model folder, read through the vault adapter). */
export const MODEL_FOLDER = 'Modèles/tiny-model';
export const MANIFEST = { id: 'ask-vault', name: 'Ask Vault', version: '0.1.0', minAppVersion: '1.5.0', description: '', author: '' };

export interface LongTask {
  start: number;
  duration: number;
}

/** Paths of `dir`, recursively, relative to it; dot-folders (generated indexes) are left out. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)).map((p) => `${entry.name}/${p}`));
    else out.push(entry.name);
  }
  return out;
}

/** examples/vault's files as the in-memory vault holds them. */
export async function exampleVaultNotes(): Promise<VaultFile[]> {
  return Promise.all((await listFiles(EXAMPLE_VAULT)).map(async (path) => ({ path, text: await readFile(join(EXAMPLE_VAULT, path), 'utf8') })));
}

/** The tiny random-weight model as files of a vault folder. */
export async function tinyModelFiles(): Promise<VaultFile[]> {
  const files = (await listFiles(TINY_MODEL)).filter((p) => p !== 'README.md');
  return Promise.all(files.map(async (path) => ({ path: `${MODEL_FOLDER}/${path}`, base64: (await readFile(join(TINY_MODEL, path))).toString('base64') })));
}

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
export async function ensureMainJs(): Promise<string> {
  const mainJs = join(ROOT, 'main.js');
  const inputs = ['src', 'esbuild.config.mjs', 'scripts'].map((p) => join(ROOT, p));
  if (!existsSync(mainJs) || (await stat(mainJs)).mtimeMs <= (await newestMtime(inputs))) {
    try {
      await promisify(execFile)(process.execPath, ['esbuild.config.mjs', '--only=plugin'], { cwd: ROOT, maxBuffer: 16 << 20 });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`building main.js failed: ${e.stderr || e.message}`);
    }
  }
  return readFile(mainJs, 'utf8');
}

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The loopback LLM as the page reaches it: behind a gateway that allows cross-origin streaming. */
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

export interface SessionOptions {
  files: VaultFile[];
  viewport?: { width: number; height: number };
  /** Emulate a phone: touch, a mobile user agent, and Obsidian's mobile body classes. */
  phone?: boolean;
  /** Extra CSS for the test page (the mobile drawer's layout). */
  css?: string;
  /** More files the page server answers with: path → [content type, body]. */
  assets?: Record<string, [string, string | Buffer]>;
}

export interface PageOptions {
  locale?: string;
  phone?: boolean;
  /** Compile main.js on the main thread by eval, as Obsidian does. */
  evalLikeObsidian?: boolean;
}

export class E2eSession {
  browser!: Browser;
  context!: BrowserContext;
  page!: Page;
  llm!: LlmServer;
  llmUrl = '';
  origin = '';
  mainJsBytes = 0;
  readonly served: string[] = [];
  readonly offHost: string[] = [];
  readonly pageErrors: string[] = [];
  private servers: Server[] = [];

  /** Runs `fn` in the page with the page's test API (`fn` is sent as source: it sees only `arg`). */
  readonly e2e = <T, A = undefined>(fn: (api: E2eApi, arg: A) => T | Promise<T>, arg?: A): Promise<Awaited<T>> => inPage(this.page, fn, arg);

  async start(options: SessionOptions): Promise<void> {
    const mainJs = await ensureMainJs();
    this.mainJsBytes = Buffer.byteLength(mainJs);
    const boot = (
      await esbuild.build({
        entryPoints: [join(__dirname, 'page/boot.ts')],
        bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'error',
      })
    ).outputFiles[0]!.text;
    const html = (await readFile(join(__dirname, 'page/index.html'), 'utf8')).replace(
      '<link rel="stylesheet" href="/styles.css">',
      '<link rel="stylesheet" href="/styles.css">\n<link rel="stylesheet" href="/extra.css">',
    );
    const assets: Record<string, [string, string | Buffer]> = {
      '/': ['text/html; charset=utf-8', html],
      '/boot.js': ['text/javascript', boot],
      '/page.css': ['text/css', await readFile(join(__dirname, 'page/page.css'))],
      '/styles.css': ['text/css', await readFile(join(ROOT, 'styles.css'))],
      '/extra.css': ['text/css', options.css ?? ''],
      '/main.js': ['text/javascript', `window.__askVaultDefine(function (module, exports, require) {\n${mainJs}\n});`],
      '/vault.json': ['application/json', JSON.stringify(options.files)],
      ...options.assets,
    };
    const pageServer = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.served.push(path);
      const asset = assets[path];
      if (asset) send(res, 200, asset[0], asset[1]);
      else send(res, 404, 'text/plain', 'not found');
    });
    this.origin = await listen(pageServer);
    this.llm = await startLlmServer({ models: ['test-model'], strictModels: true });
    const gateway = corsGateway(this.llm.url);
    this.llmUrl = await listen(gateway);
    this.servers = [pageServer, gateway];

    const { chromium } = await import('playwright-core');
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
    this.context = await this.browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 800 },
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      ...(options.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    await this.context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      this.offHost.push(url.href);
      return route.abort();
    });
    await this.newPage();
  }

  /** A fresh page (the previous one closed): the plugin is loaded again from scratch. */
  async newPage(): Promise<Page> {
    await this.page?.close();
    this.page = await this.context.newPage();
    this.page.on('pageerror', (err) => this.pageErrors.push(`pageerror: ${err.message}`));
    this.page.on('console', (msg) => {
      if (msg.type() === 'error') this.pageErrors.push(`console.error: ${msg.text()}`);
    });
    await this.page.goto(`${this.origin}/`);
    return this.page;
  }

  /** Boots the plugin in the page over the vault, with the LLM endpoint set and `data` merged in. */
  boot(data: Record<string, unknown>, page: PageOptions = {}): ReturnType<E2eApi['boot']> {
    const options: BootOptions = {
      manifest: MANIFEST,
      data: { version: 1, llm: { preset: 'custom', provider: 'openai', baseUrl: `${this.llmUrl}/v1`, model: 'test-model', apiKey: '' }, ...data },
      ...(page.locale ? { locale: page.locale } : {}),
      ...(page.evalLikeObsidian ? { evalLikeObsidian: true } : {}),
      ...(page.phone ? { platform: { isMobile: true, isPhone: true, isDesktop: false, isDesktopApp: false, isMobileApp: true } } : {}),
    };
    if (page.phone) void this.page.evaluate(() => document.body.classList.add('is-mobile', 'is-phone'));
    return this.e2e((api, o) => api.boot(o), options);
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await Promise.all(this.servers.map((s) => new Promise((ok) => s.close(ok))));
    await this.llm?.close();
  }
}
