// The plugin as it ships, end to end, in Debian's headless Chromium: the production main.js runs
// in a page that plays Obsidian (tests/e2e/obsidian-shim.ts and tests/e2e/page/), over an
// in-memory vault holding examples/vault and the tiny test model. The embedding worker inlined in
// main.js embeds with onnxruntime-web's inlined WASM; the answer streams from the loopback LLM
// server. Nothing may leave 127.0.0.1: Chromium resolves no other host, and every request for
// another host is aborted and counted.
//
// The screenshot goes to a temporary folder; set ASK_VAULT_E2E_SCREENSHOT=docs/screenshot-panel.png
// to refresh the one in the README.
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlmServer } from '../fakes/llm-server';
import { CHROMIUM, E2eSession, exampleVaultNotes, haveChromium, MODEL_FOLDER, ROOT, tinyModelFiles, type LongTask } from './e2e-harness';
import type { E2eApi } from './page/boot';

if (!haveChromium) console.warn(`plugin-browser.test.ts skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);
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

describe.skipIf(!haveChromium)('the built plugin in Chromium', () => {
  const session = new E2eSession();
  let llm: LlmServer;
  let page: Page;
  let markdownNotes = 0;
  const { e2e, served, offHost, pageErrors } = session;

  beforeAll(async () => {
    const files = [...(await exampleVaultNotes()), ...(await tinyModelFiles())];
    markdownNotes = files.filter((f) => f.path.endsWith('.md')).length;
    // The hostile answer's image: empty, so it fails to decode without a 404 in the console.
    await session.start({ files, assets: { '/x': ['image/png', ''] } });
    console.log(`main.js: ${(session.mainJsBytes / 1e6).toFixed(1)} MB`);
    ({ llm, page } = session);
    const loaded = await session.boot({ retrieval: { offline: true }, indexing: { localModelFolder: MODEL_FOLDER } });
    expect(loaded.markdown).toBe(markdownNotes);
    // main.js asks Obsidian for `obsidian` and nothing else (a require of anything else throws).
    expect(loaded.required).toEqual(['obsidian']);
  });

  afterAll(async () => {
    await session.close();
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
    console.log(`main.js ${(session.mainJsBytes / 1e6).toFixed(1)} MB; requests served: ${served.length}`);
  });
});
