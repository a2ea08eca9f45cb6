// The built plugin in Chromium with an embedding endpoint: the provider settings, "Test
// embeddings", indexing through the loopback Ollama-protocol server, and API keys moved out of
// data.json into Obsidian's secret storage (and kept, said so, on an Obsidian without it).
// Reuses the page of plugin-browser.test.ts (tests/e2e/page/, the shim) with the same main.js.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddingServer, type EmbeddingServer } from '../fakes/embedding-server';
import { inPage } from './page-eval';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(__dirname, '../..');
const LLM_KEY = 'sk-e2e-llm-0123456789abcdef';
const EMBED_KEY = 'sk-e2e-embed-0123456789abcdef';
const DATA_JSON = '.obsidian/plugins/ask-vault/data.json';
const MANIFEST = { id: 'ask-vault', name: 'Ask Vault', version: '0.1.0', minAppVersion: '1.7.2', description: '', author: '' };

async function notes(dir: string, prefix = ''): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory()) out.push(...(await notes(join(dir, e.name), `${prefix}${e.name}/`)));
    else if (e.name.endsWith('.md')) out.push({ path: `${prefix}${e.name}`, text: await readFile(join(dir, e.name), 'utf8') });
  }
  return out;
}

describe.skipIf(!existsSync(CHROMIUM))('embedding providers and secret storage in the built plugin', () => {
  let pageServer: Server;
  let embed: EmbeddingServer;
  let browser: Browser;
  let origin = '';

  const e2e = inPage;

  const data = () => ({
    version: 1,
    llm: { preset: 'openai', provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'gpt-4o-mini', apiKey: LLM_KEY },
    embedding: { provider: 'ollama', preset: 'ollama', baseUrl: embed.url, model: 'nomic-embed-text', apiKey: EMBED_KEY },
  });

  async function openPage(options: { apiVersion: string; secretStorage: boolean }): Promise<Page> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${origin}/`);
    await e2e(page, (api, o) => api.boot(o), { manifest: MANIFEST, data: data(), ...options });
    return page;
  }

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'main.js'))) await promisify(execFile)(process.execPath, ['esbuild.config.mjs', '--only=plugin'], { cwd: ROOT });
    const mainJs = await readFile(join(ROOT, 'main.js'), 'utf8');
    const boot = (await esbuild.build({ entryPoints: [join(__dirname, 'page/boot.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'error' })).outputFiles[0]!.text;
    const assets: Record<string, [string, string | Buffer]> = {
      '/': ['text/html; charset=utf-8', await readFile(join(__dirname, 'page/index.html'))],
      '/boot.js': ['text/javascript', boot],
      '/page.css': ['text/css', await readFile(join(__dirname, 'page/page.css'))],
      '/styles.css': ['text/css', await readFile(join(ROOT, 'styles.css'))],
      '/main.js': ['text/javascript', `window.__askVaultDefine(function (module, exports, require) {\n${mainJs}\n});`],
      '/vault.json': ['application/json', JSON.stringify(await notes(join(ROOT, 'examples/vault')))],
    };
    pageServer = createServer((req, res) => {
      const asset = assets[new URL(req.url ?? '/', 'http://x').pathname];
      res.writeHead(asset ? 200 : 404, { 'content-type': asset?.[0] ?? 'text/plain' });
      res.end(asset?.[1] ?? 'not found');
    });
    await new Promise<void>((ok) => pageServer.listen(0, '127.0.0.1', ok));
    origin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
    embed = await startEmbeddingServer({ models: ['nomic-embed-text'], apiKey: EMBED_KEY, cors: true });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => pageServer?.close(ok));
    await embed?.close();
  });

  it('moves both keys into secret storage at first load; data.json keeps only their ids', async () => {
    const page = await openPage({ apiVersion: '1.13.0', secretStorage: true });
    const stored = JSON.parse(await e2e(page, (api, path) => api.readVaultFile(path), DATA_JSON)) as Record<string, Record<string, string>>;
    expect(JSON.stringify(stored)).not.toContain(LLM_KEY);
    expect(JSON.stringify(stored)).not.toContain(EMBED_KEY);
    expect(stored.secrets).toEqual({ llm: 'ask-vault-llm-api-key', embedding: 'ask-vault-embedding-api-key', rerank: '' });
    expect(await e2e(page, (api) => api.secrets())).toEqual({ 'ask-vault-llm-api-key': LLM_KEY, 'ask-vault-embedding-api-key': EMBED_KEY });

    // The settings show secret pickers holding the ids, and say where the key is.
    const keyFields = await e2e(page, (api) => {
      const el = api.settingsEl();
      return [...el.querySelectorAll('input.secret-component')].map((i) => (i as HTMLInputElement).value);
    });
    expect(keyFields).toEqual(['ask-vault-llm-api-key', 'ask-vault-embedding-api-key']);
    expect(await e2e(page, (api) => api.settingsText())).toContain("Conservée dans le stockage des secrets d'Obsidian, pas dans data.json.");

    // Indexing goes through the endpoint with the key from secret storage.
    embed.requests.length = 0;
    await e2e(page, (api) => api.layoutReady());
    await expect.poll(() => e2e(page, (api) => api.indexerState()), { timeout: 60_000 }).toBe('idle');
    const status = await e2e(page, (api) => api.engineStatus());
    expect(status.model).toBe('ollama:nomic-embed-text');
    expect(status.vectors).toBeGreaterThan(100);
    expect(embed.requests.length).toBeGreaterThan(0);
    expect(embed.requests.every((r) => r.path === '/api/embed' && r.headers.authorization === `Bearer ${EMBED_KEY}`)).toBe(true);
    const afterIndex = await e2e(page, (api, path) => api.readVaultFile(path), DATA_JSON);
    expect(afterIndex).not.toContain(EMBED_KEY);
    await page.close();
  }, 120_000);

  it('provider dropdown, presets and Test embeddings: dimension and latency, or the error', async () => {
    const page = await openPage({ apiVersion: '1.13.0', secretStorage: true });
    const options = await e2e(page, (api) => {
      const el = api.settingsEl();
      const select = el.querySelector('.ask-vault-embedding-provider select') as HTMLSelectElement;
      return { value: select.value, options: [...select.options].map((o) => o.textContent) };
    });
    expect(options.value).toBe('ollama');
    expect(options.options).toEqual(['Sur cet appareil (transformers.js)', 'Ollama', 'LM Studio', 'llama.cpp server', 'OpenAI', 'Mistral', 'Custom']);

    const test = (p: Page) =>
      e2e(p, async (api) => {
        const el = api.settingsEl();
        const button = el.querySelector('.ask-vault-embedding-test button') as HTMLButtonElement;
        button.click();
        const result = el.querySelector('.ask-vault-embedding-test .ask-vault-test-result') as HTMLElement;
        for (let i = 0; i < 200 && !result.textContent; i++) await new Promise((r) => setTimeout(r, 25));
        return { text: result.textContent ?? '', ok: result.classList.contains('mod-success') };
      });
    const ok = await test(page);
    expect(ok.ok).toBe(true);
    expect(ok.text).toMatch(/^127\.0\.0\.1:\d+ a calculé le vecteur d'une phrase avec nomic-embed-text : 64 dimensions en \d+ ms\.$/);

    // An unknown model, then the OpenAI preset: the dropdown fills in its address and model.
    embed.set({ models: ['bge-m3'] });
    const unknown = await test(page);
    expect(unknown.ok).toBe(false);
    expect(unknown.text).toMatch(/ne propose pas le modèle nomic-embed-text/);
    embed.set({ models: ['nomic-embed-text'] });

    const openai = await e2e(page, async (api) => {
      let el = api.settingsEl();
      const select = el.querySelector('.ask-vault-embedding-provider select') as HTMLSelectElement;
      select.value = 'openai';
      select.dispatchEvent(new Event('change'));
      await new Promise((r) => setTimeout(r, 50));
      el = api.settingsEl();
      return {
        url: (el.querySelector('.ask-vault-embedding-url input') as HTMLInputElement).value,
        model: (el.querySelector('.ask-vault-embedding-model input') as HTMLInputElement).value,
        paid: el.querySelector('.ask-vault-embedding-paid')?.textContent ?? '',
      };
    });
    expect(openai).toEqual({
      url: 'https://api.openai.com/v1',
      model: 'text-embedding-3-small',
      paid: "Ce serveur n'est pas sur votre réseau : chaque passage du coffre est envoyé à api.openai.com, qui peut le facturer.",
    });
    // Chromium resolves no other host here: from inside a page that looks like a CORS refusal,
    // and the test says how to allow the origin, in one line.
    const offline = await test(page);
    expect(offline.ok).toBe(false);
    expect(offline.text.split('\n')).toHaveLength(1);
    expect(offline.text).toMatch(/^Impossible de joindre api\.openai\.com\. .*CORS.*app:\/\/obsidian\.md/);
    await page.close();
  }, 120_000);

  it('a wrong key gives the key error; on an Obsidian without secret storage the key stays in data.json, said so', async () => {
    const page = await openPage({ apiVersion: '1.8.7', secretStorage: false });
    const stored = await e2e(page, (api, path) => api.readVaultFile(path), DATA_JSON);
    expect(stored).toContain(EMBED_KEY);
    expect(await e2e(page, (api) => api.secrets())).toEqual({});
    const text = await e2e(page, (api) => api.settingsText());
    expect(text).toContain("Cette version d'Obsidian n'a pas de stockage des secrets (1.11.4 ou plus récent)");
    embed.set({ apiKey: 'sk-another-key-000000000' });
    const result = await e2e(page, async (api) => {
      const el = api.settingsEl();
      (el.querySelector('.ask-vault-embedding-test button') as HTMLButtonElement).click();
      const r = el.querySelector('.ask-vault-embedding-test .ask-vault-test-result') as HTMLElement;
      for (let i = 0; i < 200 && !r.textContent; i++) await new Promise((res) => setTimeout(res, 25));
      return r.textContent ?? '';
    });
    embed.set({ apiKey: EMBED_KEY });
    expect(result).toMatch(/^127\.0\.0\.1:\d+ a refusé la clé d'API\.$/);
    expect(result).not.toContain(EMBED_KEY);
    await page.close();
  }, 120_000);
});
