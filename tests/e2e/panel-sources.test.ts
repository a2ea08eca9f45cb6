// The panel as a reader sees it, in the built plugin in Chromium over examples/vault: sources by
// note (each note once, five shown, the rest folded), snippets as readable text, scores only in
// tooltips, and every `[n]` of an answer landing on its passage, in the note and in the list.
// Then the same panel in a 320 px pane and as the mobile drawer at a phone's size, with
// screenshots in French and English (docs/screenshots/, refreshed when ASK_VAULT_E2E_SCREENSHOTS=1).
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2eSession, exampleVaultNotes, haveChromium, ROOT } from './e2e-harness';

const SHOTS = process.env.ASK_VAULT_E2E_SCREENSHOTS ? join(ROOT, 'docs/screenshots') : join(tmpdir(), 'ask-vault-e2e');
const QUESTION = 'Qu\'est-ce que je pensais du projet 20 et du RAG dans mon journal ?';
const QUESTION_EN = 'What did I think of project 20 and RAG in my journal?';
const CITED = 16;
/** The model cites every source by number, one sentence each, with a bit of markdown. */
const ANSWER = [
  'Voici ce que disent vos notes :',
  '',
  ...Array.from({ length: CITED }, (_, i) => `- Point **${i + 1}** du journal [${i + 1}].`),
  '',
  '> Une citation qui, dans un panneau étroit, ne doit pas partir en retrait profond.',
  '',
  '```',
  'une_ligne_de_code_tres_longue_qui_doit_revenir_a_la_ligne_dans_un_panneau_etroit_plutot_que_de_deborder()',
  '```',
].join('\n');

/** Obsidian's mobile drawer, as the test page plays it: the right sidebar over the whole screen. */
const DRAWER_CSS = `
body.is-phone .side-dock-ribbon, body.is-phone .mod-root { display: none; }
body.is-phone .mod-right-split { width: 100%; border-left: none; }
`;

const settings = {
  retrieval: { embeddingModel: '', offline: true, topK: CITED },
  llm: { maxContextTokens: 20_000 },
};

describe.skipIf(!haveChromium)('the panel as a reader sees it', () => {
  const s = new E2eSession();
  let notes = 0;
  const shots: string[] = [];

  const panel = () => s.page.locator('.workspace-leaf-content[data-type="ask-vault-chat"]');
  const lastAnswer = () => panel().locator('.ask-vault-turn').last().locator('.ask-vault-answer');

  async function bootAndAsk(question: string, opts: { locale?: string; phone?: boolean } = {}): Promise<void> {
    const { llm } = s;
    const data = { ...settings, llm: { preset: 'custom', provider: 'openai', baseUrl: `${s.llmUrl}/v1`, model: 'test-model', apiKey: '', ...settings.llm } };
    const loaded = await s.boot(data, opts);
    notes = loaded.markdown;
    await s.e2e((api) => api.layoutReady());
    await s.page.waitForFunction(() => /^\d+ notes? (indexées?|indexed)$/.test((window as unknown as { __e2e: { statusText(): string } }).__e2e.statusText()), undefined, { timeout: 60_000, polling: 100 });
    llm.script({ text: ANSWER, chunkSize: 40, intervalMs: 5 });
    await s.page.locator('.side-dock-ribbon-action').first().click({ force: true }).catch(() => undefined);
    // On a phone the ribbon is hidden: the command opens the drawer as Obsidian's would.
    if (!(await panel().count())) await s.e2e((api) => api.runCommand('open-panel'));
    await panel().locator('textarea.ask-vault-input').fill(question);
    await panel().locator('textarea.ask-vault-input').press('Enter');
    await lastAnswer().locator('.ask-vault-answer-actions').waitFor({ timeout: 30_000 });
  }

  /** Scrolls the panel so that the end of the answer and the sources fill the screenshot. */
  async function showSources(): Promise<void> {
    await lastAnswer().locator('.ask-vault-sources').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await panel().locator('.ask-vault-messages').evaluate((el) => el.scrollBy(0, -120));
  }

  async function shoot(name: string): Promise<void> {
    await s.page.mouse.move(0, 0);
    await mkdir(SHOTS, { recursive: true });
    const path = join(SHOTS, name);
    await s.page.screenshot({ path });
    shots.push(relative(ROOT, path));
  }

  beforeAll(async () => {
    await s.start({ files: await exampleVaultNotes(), css: DRAWER_CSS });
  }, 60_000);

  afterAll(async () => {
    console.log(`screenshots: ${shots.join(', ')}`);
    await s.close();
  });

  it('lists each note once, five shown and the rest folded, with readable snippets and scores in tooltips', async () => {
    await bootAndAsk(QUESTION);
    expect(notes).toBeGreaterThan(50);
    const answer = lastAnswer();
    const groups = await answer.locator('.ask-vault-source').evaluateAll((items) =>
      items.map((li) => ({
        path: li.getAttribute('data-path') ?? '',
        title: li.querySelector('.ask-vault-source-title')?.textContent ?? '',
        date: li.querySelector('.ask-vault-source-date')?.textContent ?? null,
        why: li.querySelector('.ask-vault-source-why')?.textContent ?? '',
        folded: li.closest('.ask-vault-sources-rest') !== null,
        passages: Array.from(li.querySelectorAll('.ask-vault-passage'), (p) => ({
          n: Number(p.getAttribute('data-source')),
          tooltip: p.getAttribute('aria-label') ?? '',
          snippet: p.querySelector('.ask-vault-source-snippet')?.textContent ?? '',
          strong: p.querySelectorAll('.ask-vault-source-snippet strong').length,
        })),
      })),
    );
    const paths = groups.map((g) => g.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(groups.length).toBeGreaterThan(5);
    expect(groups.filter((g) => !g.folded).length).toBe(5);
    const rest = groups.length - 5;
    expect(await answer.locator('.ask-vault-sources-rest > summary').textContent()).toBe(`${rest} ${rest === 1 ? 'autre source' : 'autres sources'}`);
    expect(await answer.locator('.ask-vault-sources-rest').getAttribute('open')).toBeNull();
    expect(await answer.locator('.ask-vault-sources > summary').textContent()).toBe(`Sources (${groups.length})`);

    // Every passage once, numbered 1…k as the model was given them.
    const numbers = groups.flatMap((g) => g.passages.map((p) => p.n)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    // Journal entries of the retrieved notes come on top of the top k.
    expect(numbers.length).toBeGreaterThanOrEqual(CITED);
    expect(groups.some((g) => g.passages.length > 1)).toBe(true);

    const whys = /^(Contient vos mots|Proche par le sens|Proche par les mots et le sens|Journal de .+|Entrée de journal|Lié depuis .+)$/;
    for (const g of groups) {
      expect(g.title).not.toBe('');
      expect(g.why).toMatch(whys);
      expect(g.date === null).toBe(!g.path.startsWith('Journal/'));
      if (g.date !== null) expect(g.date).not.toMatch(/00:00/);
      for (const p of g.passages) {
        expect(p.tooltip).toMatch(/^Score \d/);
        // Links read as their display text, emphasis as emphasis: no markdown syntax left.
        expect(p.snippet).not.toMatch(/\[\[|\]\]|\*\*|\]\(/);
      }
    }
    expect(await answer.locator('.ask-vault-source-score').count()).toBe(0);
    expect(groups.some((g) => g.passages.some((p) => p.strong > 0))).toBe(true);
    await showSources();
    await shoot('panel-desktop-fr.png');
  }, 90_000);

  it('every [n] of the answer lands on its passage: in the note at its line, and unfolded in the list', async () => {
    const answer = lastAnswer();
    const prompt = (s.llm.chatRequests().at(-1)!.body.messages as { content: string }[]).map((m) => m.content).join('\n');
    const citations = answer.locator('.ask-vault-answer-body a.ask-vault-citation');
    expect(await citations.count()).toBe(CITED);
    for (let i = 0; i < CITED; i++) {
      const citation = citations.nth(i);
      const n = Number(await citation.getAttribute('data-source'));
      expect(n).toBe(i + 1);
      await citation.click();
      const revealed = answer.locator('.ask-vault-passage.is-cited');
      expect(await revealed.count()).toBe(1);
      expect(Number(await revealed.getAttribute('data-source'))).toBe(n);
      expect(await revealed.isVisible()).toBe(true);
      // The note opened is that passage's, at its first line.
      const opened = (await s.e2e((api) => api.opened())).at(-1)! as { linktext: string; state?: { eState?: { line?: number } } };
      const group = revealed.locator('xpath=ancestor::li[contains(@class, "ask-vault-source")]');
      const path = await group.getAttribute('data-path');
      // Sources open as the TFile they are (open-source.ts); the shim records its link text.
      expect(opened.linktext).toBe(path?.replace(/\.md$/, ''));
      const line = opened.state?.eState?.line ?? -1;
      // The model was given passage n as "[n]", then its fence: "Note: Title › Heading", the other
      // details, a blank line and the text; the note holds that text from the opened line.
      const fenced = prompt.slice(prompt.indexOf(`[${n}]\n<<<SOURCE-`));
      const header = /^Note: (.+)$/m.exec(fenced)![1]!;
      expect(header.startsWith((await group.locator('.ask-vault-source-title').textContent())!)).toBe(true);
      const body = fenced.slice(fenced.indexOf('\n\n') + 2);
      const block = body.split('\n').find((l) => l.trim())!;
      const noteLines = (await s.e2e((api, p) => api.readVaultFile(p), path!)).split('\n');
      expect(line).toBeGreaterThanOrEqual(0);
      expect(noteLines.slice(line, line + 40).join('\n')).toContain(block.trim().slice(0, 30));
    }
  }, 60_000);

  it('reads well in a 320 px pane: nothing overflows, two-digit numbers whole, quotes shallow, code wrapped, the input grows', async () => {
    await s.page.addStyleTag({ content: '.mod-right-split { width: 320px !important; }' });
    const view = panel().locator('.view-content');
    const layout = await view.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const numbers = Array.from(el.querySelectorAll<HTMLElement>('.ask-vault-source-number'))
        .filter((n) => n.offsetParent !== null)
        .map((n) => ({ text: n.textContent, left: n.getBoundingClientRect().left - box.left, clipped: n.scrollWidth > n.clientWidth }));
      const quote = el.querySelector('.ask-vault-answer-body blockquote');
      const pre = el.querySelector('.ask-vault-answer-body pre');
      return {
        overflow: el.scrollWidth - el.clientWidth,
        numbers,
        quoteIndent: quote ? quote.getBoundingClientRect().left - box.left : -1,
        preOverflow: pre ? pre.scrollWidth - pre.clientWidth : -1,
      };
    });
    expect(layout.overflow).toBeLessThanOrEqual(0);
    expect(layout.numbers.some((n) => n.text!.length === 2)).toBe(true);
    for (const n of layout.numbers) {
      expect(n.left).toBeGreaterThanOrEqual(0);
      expect(n.clipped).toBe(false);
    }
    expect(layout.quoteIndent).toBeGreaterThanOrEqual(0);
    expect(layout.quoteIndent).toBeLessThan(40);
    expect(layout.preOverflow).toBeLessThanOrEqual(0);

    const input = panel().locator('textarea.ask-vault-input');
    const before = (await input.boundingBox())!.height;
    await input.fill('Une question longue, '.repeat(12));
    const after = (await input.boundingBox())!.height;
    expect(after).toBeGreaterThan(before);
    await input.fill('');
    // Cleared, it shrinks back (to the height of its two empty rows).
    expect((await input.boundingBox())!.height).toBeLessThan(after);
  }, 30_000);

  it('in English, the panel speaks English throughout', async () => {
    await s.newPage();
    await bootAndAsk(QUESTION_EN, { locale: 'en' });
    const answer = lastAnswer();
    expect(await answer.locator('.ask-vault-sources > summary').textContent()).toMatch(/^Sources \(\d+\)$/);
    expect(await answer.locator('.ask-vault-sources-rest > summary').textContent()).toMatch(/^\d+ other sources?$/);
    const whys = await answer.locator('.ask-vault-source-why').allTextContents();
    for (const why of whys) expect(why).toMatch(/^(Matches your words|Close in meaning|Matches your words and meaning|Journal of .+|Journal entry|Linked from .+)$/);
    for (const date of await answer.locator('.ask-vault-source-date').allTextContents()) expect(date).toMatch(/^[A-Z][a-z]+day, \d{1,2} [A-Z][a-z]+ \d{4}( at \d\d:\d\d)?$/);
    await showSources();
    await shoot('panel-desktop-en.png');
  }, 90_000);

  for (const [locale, question] of [['fr', QUESTION], ['en', QUESTION_EN]] as const) {
    it(`works as the mobile drawer at a phone's size (${locale})`, async () => {
      await s.newPage();
      await s.page.setViewportSize({ width: 390, height: 844 });
      await bootAndAsk(question, { locale, phone: true });
      const view = panel().locator('.view-content');
      expect(await view.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      const box = (await panel().boundingBox())!;
      expect(box.width).toBeGreaterThan(380);
      // Touch targets: the send button and the source links are at least as tall as a finger needs.
      expect((await panel().locator('.ask-vault-send').boundingBox())!.height).toBeGreaterThanOrEqual(40);
      // The question field does not make iOS zoom in (16 px or more).
      expect(await panel().locator('textarea.ask-vault-input').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
      await showSources();
      await shoot(`panel-phone-${locale}.png`);
    }, 90_000);
  }

  it('sent nothing off 127.0.0.1 and logged no error', () => {
    expect(s.offHost).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
