// The plugin as it ships, end to end, in Debian's headless Chromium: the production main.js runs
// in a page that plays Obsidian (tests/e2e/obsidian-shim.ts and tests/e2e/page/), over an
// in-memory vault holding examples/vault and the tiny test model. The embedding worker inlined in
// main.js embeds with onnxruntime-web's inlined WASM; the answer streams from the loopback LLM
// server. Nothing may leave 127.0.0.1: Chromium resolves no other host, and every request for
// another host is aborted and counted.
//
// The screenshot goes to a temporary folder; set ASK_VAULT_E2E_SCREENSHOT=docs/screenshot-panel.png
// to refresh the one in the README.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import esbuild from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmServer, type LlmServer } from '../fakes/llm-server';
import { corsGateway, listen, listFiles, send } from './e2e-harness';
import type { E2eApi } from './page/boot';
import type { VaultFile } from './page/memory-vault';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`plugin-browser.test.ts skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

const ROOT = resolve(__dirname, '../..');
const EXAMPLE_VAULT = join(ROOT, 'examples/vault');
const TINY_MODEL = join(ROOT, 'tests/fixtures/tiny-model');
/** Where the model sits in the vault (a local model folder, read through the vault adapter). */
const MODEL_FOLDER = 'Modèles/tiny-model';
const SCREENSHOT = process.env.ASK_VAULT_E2E_SCREENSHOT
  ? resolve(ROOT, process.env.ASK_VAULT_E2E_SCREENSHOT)
  : join(tmpdir(), 'ask-vault-e2e', 'screenshot-panel.png');

const JOURNAL = 'Journal/Journal du jeudi 26 décembre 2024 à 15h03.md';
const JOURNAL_TITLE = 'Journal du jeudi 26 décembre 2024 à 15h03';
/** Only that journal entry knows who Mehdi is and what he asked. */
const QUESTION = 'Quelle a été la première réaction de Mehdi ?';
const ANSWER_START = 'Mehdi, ton ami d\'école, t\'a demandé par message';
const ANSWER_END = 'tu lui as répondu par une note complète';
const ANSWER =
  `${ANSWER_START} : « Pourquoi tu n'entraînes pas directement un modèle sur tes notes ? » [[${JOURNAL_TITLE}]]. ` +
  `Plutôt que de répondre en trois lignes, ${ANSWER_END} [[${JOURNAL_TITLE}#Réponse à Mehdi]].`;
const HOSTILE_QUESTION = 'Que disent mes notes sur le pain au levain ?';
const HOSTILE_ANSWER = [
  'Le levain se nourrit chaque jour <script>window.__pwned = 1</script> avec de la farine.',
  '<img src=x onerror="window.__pwned = 1">',
  '[clic](javascript:window.__pwned=1) et voir aussi [[../../outside]].',
].join('\n\n');

/** The vault the page starts with: examples/vault, and the tiny model in a folder of the vault. */
async function vaultFiles(): Promise<VaultFile[]> {
  const notes = await Promise.all(
    (await listFiles(EXAMPLE_VAULT)).map(async (path) => ({ path, text: await readFile(join(EXAMPLE_VAULT, path), 'utf8') })),
  );
  const modelFiles = (await listFiles(TINY_MODEL)).filter((p) => p !== 'README.md');
  const model = await Promise.all(
    modelFiles.map(async (path) => ({ path: `${MODEL_FOLDER}/${path}`, base64: (await readFile(join(TINY_MODEL, path))).toString('base64') })),
  );
  return [...notes, ...model];
}

/** Newest modification time under `paths` (files or folders). */
async function newestMtime(paths: string[]): Promise<number> {
  let newest = 0;
  for (const path of paths) {
    const s = await stat(path);
    if (s.isDirectory()) {
      const children = (await readdir(path)).map((name) => join(path, name));
      newest = Math.max(newest, await newestMtime(children));
    } else {
      newest = Math.max(newest, s.mtimeMs);
    }
  }
  return newest;
}

/** Builds main.js for production, as it ships, unless it is newer than everything it is built from. */
async function ensureMainJs(): Promise<'built' | 'reused'> {
  const mainJs = join(ROOT, 'main.js');
  const inputs = ['src', 'esbuild.config.mjs', 'scripts/esbuild-inline-worker.mjs'].map((p) => join(ROOT, p));
  if (existsSync(mainJs) && (await stat(mainJs)).mtimeMs > (await newestMtime(inputs))) return 'reused';
  try {
    await promisify(execFile)(process.execPath, ['esbuild.config.mjs', '--only=plugin'], { cwd: ROOT, maxBuffer: 16 << 20 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`building main.js failed: ${e.stderr || e.message}`);
  }
  return 'built';
}

interface LongTask {
  start: number;
  duration: number;
}

describe.skipIf(!haveChromium)('the built plugin in Chromium', () => {
  let pageServer: Server;
  let gateway: Server;
  let llm: LlmServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin = '';
  let markdownNotes = 0;
  let mainJsBytes = 0;
  const served: string[] = [];
  const offHost: string[] = [];
  const pageErrors: string[] = [];

  /** Runs `fn` in the page with the page's test API (`fn` is sent as source: it sees only `arg`). */
  const e2e = <T, A = undefined>(fn: (api: E2eApi, arg: A) => T | Promise<T>, arg?: A): Promise<Awaited<T>> =>
    page.evaluate(
      async ([source, a]) => {
        const run = new Function('api', 'arg', `return (${source})(api, arg);`) as (api: unknown, arg: unknown) => unknown;
        return (await run((window as unknown as { __e2e: unknown }).__e2e, a)) as Awaited<T>;
      },
      [fn.toString(), arg] as const,
    ) as Promise<Awaited<T>>;

  beforeAll(async () => {
    const how = await ensureMainJs();
    const mainJs = await readFile(join(ROOT, 'main.js'), 'utf8');
    mainJsBytes = Buffer.byteLength(mainJs);
    console.log(`main.js ${how}: ${(mainJsBytes / 1e6).toFixed(1)} MB`);
    const wrappedMain = `window.__askVaultDefine(function (module, exports, require) {\n${mainJs}\n});`;
    const boot = (
      await esbuild.build({
        entryPoints: [join(__dirname, 'page/boot.ts')],
        bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'error',
      })
    ).outputFiles[0]!.text;
    const files = await vaultFiles();
    markdownNotes = files.filter((f) => f.path.endsWith('.md')).length;
    const assets: Record<string, [string, string | Buffer]> = {
      '/': ['text/html; charset=utf-8', await readFile(join(__dirname, 'page/index.html'))],
      '/boot.js': ['text/javascript', boot],
      '/page.css': ['text/css', await readFile(join(__dirname, 'page/page.css'))],
      '/styles.css': ['text/css', await readFile(join(ROOT, 'styles.css'))],
      '/main.js': ['text/javascript', wrappedMain],
      '/vault.json': ['application/json', JSON.stringify(files)],
    };
    pageServer = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      served.push(path);
      const asset = assets[path];
      if (asset) send(res, 200, asset[0], asset[1]);
      // The hostile answer's image: empty, so it fails to decode without a 404 in the console.
      else if (path === '/x') send(res, 200, 'image/png', '');
      else send(res, 404, 'text/plain', 'not found');
    });
    origin = await listen(pageServer);

    llm = await startLlmServer({ models: ['test-model'], strictModels: true });
    gateway = corsGateway(llm.url);
    const llmUrl = await listen(gateway);

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run',
        // A second wall behind the routing below: no other host even resolves.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      offHost.push(url.href);
      return route.abort();
    });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(`console.error: ${msg.text()}`);
    });
    await page.goto(`${origin}/`);

    const loaded = await e2e((api, options) => api.boot(options), {
      manifest: { id: 'ask-vault', name: 'Ask Vault', version: '0.1.0', minAppVersion: '1.5.0', description: '', author: '' },
      data: {
        version: 1,
        llm: { preset: 'custom', provider: 'openai', baseUrl: `${llmUrl}/v1`, model: 'test-model', apiKey: '' },
        retrieval: { offline: true },
        indexing: { localModelFolder: MODEL_FOLDER },
      },
    });
    expect(loaded.markdown).toBe(markdownNotes);
    // main.js asks Obsidian for `obsidian` and nothing else (a require of anything else throws).
    expect(loaded.required).toEqual(['obsidian']);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([pageServer, gateway].map((s) => s && new Promise((ok) => s.close(ok))));
    await llm?.close();
  });

  it('indexes the example vault in the embedding worker without blocking the main thread', async () => {
    expect(await e2e((api) => api.statusText())).toBe('');
    // Playwright's injected script, compiled into the page on the first waitForFunction (10-15 ms
    // of main-thread CPU), is set up now: its task is the harness's, not the plugin's.
    await page.waitForFunction(() => true);
    const started = await e2e((api) => api.layoutReady());
    await page.waitForFunction(
      (n) => (window as unknown as { __e2e: E2eApi }).__e2e.statusText() === `${n} notes indexées`,
      markdownNotes,
      { timeout: 60_000, polling: 50 },
    );
    const finished = await page.evaluate(() => performance.now());
    const status = await e2e((api) => api.engineStatus());
    expect(status).toMatchObject({ notes: markdownNotes, model: `vault:${MODEL_FOLDER}`, failed: [] });
    expect(status.vectors).toBe(status.chunks);
    expect(status.chunks as number).toBeGreaterThanOrEqual(markdownNotes);
    expect(await e2e((api) => api.embeddingDevice())).toBe('wasm');

    const tasks = await page.evaluate(() => (window as unknown as { __longTasks: LongTask[] }).__longTasks);
    const during = tasks.filter((t) => t.start + t.duration >= started && t.start <= finished);
    const longest = Math.max(0, ...during.map((t) => t.duration));
    const beforeStart = Math.max(0, ...tasks.filter((t) => t.start < started).map((t) => t.duration));
    console.log(
      `indexing ${markdownNotes} notes (${status.chunks} chunks) took ${((finished - started) / 1000).toFixed(1)} s; ` +
        `longest main-thread task during indexing: ${longest.toFixed(0)} ms (${during.length} tasks over 50 ms; goal < 50 ms); ` +
        `longest before it (loading main.js): ${beforeStart.toFixed(0)} ms`,
    );
    if (during.length > 0) console.log(`long tasks during indexing (start after layout ready, ms): ${during.map((t) => `+${(t.start - started).toFixed(0)}:${t.duration.toFixed(0)}`).join(' ')}`);
    // A generous bound, so that a busy machine cannot make it flaky (with a load average of 6 on
    // 2 cores, 830 ms was seen); the figure printed above is what matters.
    expect(longest).toBeLessThan(2000);
  }, 90_000);

  it('answers a French question from a journal entry, streaming, with checked citations and sources', async () => {
    llm.script({ text: ANSWER, chunkSize: 6, intervalMs: 40 });
    await page.click('.side-dock-ribbon-action[aria-label="Ouvrir le panneau de discussion"]');
    const panel = page.locator('.workspace-leaf-content[data-type="ask-vault-chat"]');
    await expect.poll(() => panel.locator('.view-header-title').textContent()).toBe('Ask Vault');
    await panel.locator('textarea.ask-vault-input').fill(QUESTION);
    await panel.locator('textarea.ask-vault-input').press('Enter');

    // Streaming: the start of the answer is on screen while the rest is still being written.
    const answer = panel.locator('.ask-vault-turn').last().locator('.ask-vault-answer');
    const body = answer.locator('.ask-vault-answer-body');
    await page.waitForFunction(
      ([start]) => {
        const el = document.querySelector('.ask-vault-turn:last-child .ask-vault-answer.is-streaming .ask-vault-answer-body');
        return el?.textContent?.includes(start) ?? false;
      },
      [ANSWER_START],
      { timeout: 20_000, polling: 10 },
    );
    expect(await body.textContent()).not.toContain(ANSWER_END);
    await expect.poll(() => answer.getAttribute('class'), { timeout: 20_000 }).not.toContain('is-streaming');
    expect(await body.textContent()).toContain(ANSWER_END);
    expect(await panel.locator('.ask-vault-question').last().textContent()).toBe(QUESTION);

    // The passage was retrieved and given to the model.
    const prompt = JSON.stringify(llm.chatRequests().at(-1)!.body.messages);
    expect(prompt).toContain('Pourquoi tu n\'entraînes pas directement un modèle sur tes notes');

    // The verified citation is an internal link to the note; the made-up heading is marked, not linked.
    const links = body.locator('a');
    expect(await links.count()).toBe(1);
    const link = links.first();
    expect(await link.getAttribute('class')).toMatch(/\binternal-link\b/);
    expect(await link.getAttribute('data-href')).toBe(JOURNAL.replace(/\.md$/, ''));
    expect(await link.textContent()).toBe(JOURNAL_TITLE);
    const bad = body.locator('.ask-vault-bad-citation');
    expect(await bad.count()).toBe(1);
    expect(await bad.textContent()).toContain('Réponse à Mehdi');
    expect(await bad.getAttribute('data-reason')).toBe('heading-not-found');
    expect(await bad.getAttribute('aria-label')).toBe("Citation non vérifiée : ce titre n'est pas dans les extraits cités");
    expect(await bad.evaluate((el) => el.closest('a'))).toBeNull();

    // Sources: the journal entry with its date and why it was retrieved, in French.
    const sources = answer.locator('.ask-vault-source');
    expect(await answer.locator('.ask-vault-sources > summary').textContent()).toMatch(/^Sources \(\d+\)$/);
    const rows = await sources.evaluateAll((items) =>
      items.map((li) => ({
        path: li.querySelector('a.ask-vault-source-link')?.getAttribute('data-path') ?? '',
        date: li.querySelector('.ask-vault-source-date')?.textContent ?? null,
        why: li.querySelector('.ask-vault-source-why')?.textContent ?? '',
        score: li.querySelector('.ask-vault-passage')?.getAttribute('aria-label') ?? '',
      })),
    );
    const journal = rows.find((r) => r.path === JOURNAL);
    expect(journal).toBeDefined();
    expect(journal!.date).toBe('jeudi 26 décembre 2024 à 15:03');
    const whys = /^(Contient vos mots|Proche par le sens|Proche par les mots et le sens|Journal de .+|Entrée de journal|Lié depuis .+)$/;
    for (const row of rows) {
      expect(row.why).toMatch(whys);
      expect(row.score).toMatch(/^Score \d/);
      expect(row.date === null).toBe(!row.path.startsWith('Journal/'));
    }

    // Hovering asks for Obsidian's page preview; a click opens the cited note.
    await link.hover();
    expect((await e2e((api) => api.hovers())).at(-1)).toEqual({ linktext: JOURNAL.replace(/\.md$/, ''), source: 'ask-vault' });
    await link.click();
    // A citation opens its note at the cited passage's line.
    expect((await e2e((api) => api.opened())).at(-1)).toMatchObject({ linktext: JOURNAL.replace(/\.md$/, ''), newLeaf: false, state: { eState: { line: expect.any(Number) } } });
    await expect.poll(() => page.locator('.shim-root-pane .view-header-title').getAttribute('data-path')).toBe(JOURNAL);

    // The conversation is saved as a note, and stays out of the index.
    await expect.poll(async () => (await e2e((api) => api.vaultPaths())).filter((p) => p.startsWith('Ask Vault/')).length).toBe(1);
    expect(await e2e((api) => api.statusText())).toBe(`${markdownNotes} notes indexées`);

    await answer.locator('.ask-vault-answer-actions').waitFor();
    await page.mouse.move(0, 0);
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    console.log(`screenshot: ${relative(ROOT, SCREENSHOT)}`);
  }, 60_000);

  it('renders a hostile answer inert: no script runs, nothing loads, only vault citations are links', async () => {
    llm.script({ text: HOSTILE_ANSWER, chunkSize: 12, intervalMs: 10 });
    const panel = page.locator('.workspace-leaf-content[data-type="ask-vault-chat"]');
    await panel.locator('textarea.ask-vault-input').fill(HOSTILE_QUESTION);
    await panel.locator('textarea.ask-vault-input').press('Enter');
    const answer = panel.locator('.ask-vault-turn').nth(1).locator('.ask-vault-answer');
    await answer.locator('.ask-vault-answer-actions').waitFor({ timeout: 20_000 });
    expect(await answer.getAttribute('class')).not.toContain('is-streaming');
    const body = answer.locator('.ask-vault-answer-body');
    expect(await body.textContent()).toContain('Le levain se nourrit chaque jour');
    // Let a late image error or timer fire, if anything had been let through.
    await page.waitForTimeout(300);

    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    const dom = await body.evaluate((el) => ({
      scripts: el.querySelectorAll('script').length,
      images: el.querySelectorAll('img').length,
      handlers: Array.from(el.querySelectorAll('*')).flatMap((e) => Array.from(e.attributes).filter((a) => a.name.startsWith('on')).map((a) => a.name)),
      hrefs: Array.from(el.querySelectorAll('[href], [src]')).map((e) => e.getAttribute('href') ?? e.getAttribute('src')),
      links: el.querySelectorAll('a').length,
      outside: Array.from(el.querySelectorAll('.ask-vault-bad-citation')).map((e) => [e.textContent, e.getAttribute('data-reason')]),
      text: el.textContent ?? '',
    }));
    expect(dom).toMatchObject({ scripts: 0, images: 0, handlers: [], links: 0 });
    expect(dom.hrefs.filter((h) => /^\s*javascript:/i.test(h ?? ''))).toEqual([]);
    expect(dom.outside).toEqual([['⚠︎ [[../../outside]]', 'unsafe']]);
    // What the model wrote stays readable as text.
    expect(dom.text).toContain('<img src=x onerror="window.__pwned = 1">');
    expect(await page.locator('script:not([src])').count()).toBe(1); // the page's own long-task observer
    expect(served).not.toContain('/x');

    // The control: the same answer through the shim's renderer without the plugin runs its script,
    // loads its image and links outside the vault. So the checks above could fail.
    expect(await e2e((api, markdown) => api.renderUnprotected(markdown), HOSTILE_ANSWER)).toEqual(['../../outside']);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBe(1);
    await expect.poll(() => served.includes('/x')).toBe(true);
  }, 60_000);

  it('sent nothing off 127.0.0.1, logged no error, and releases the index on unload', async () => {
    expect(offHost).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect((await e2e((api) => api.notices())).filter((n) => /échou|Échec|réinitialis/i.test(n))).toEqual([]);
    await e2e((api) => api.unload());
    const lock = '.obsidian/plugins/ask-vault/index/writer.lock';
    await expect.poll(async () => (await e2e((api) => api.vaultPaths())).includes(lock), { timeout: 10_000 }).toBe(false);
    expect(await e2e((api) => api.statusText())).toBe('');
    console.log(`main.js ${(mainJsBytes / 1e6).toFixed(1)} MB; requests served: ${served.length}`);
  });
});
