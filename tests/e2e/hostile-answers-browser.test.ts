// Hostile answers in the plugin as it ships: the real main.js in Chromium (the harness of
// plugin-browser.test.ts), a stand-in for Dataview that runs `dataviewjs` blocks and inline `$=`
// code the way Dataview registers them, and the loopback LLM streaming each answer of the corpus
// (tests/reliability/support/hostile-answers.ts) into the chat panel. Every leak address points at
// a second loopback server, so a request that got through is counted, and every trick's code
// counts its own run. Then the saved conversation note is rendered by the shim's renderer with the
// stand-in's processors, as Obsidian would show it; and the control renders the raw answers the
// same way, to show that each count could fail.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armed, HANDWRITTEN, hostileAnswers } from '../reliability/support/hostile-answers';
import { liveConstructs } from '../reliability/support/live-constructs';
import { recordTrials } from '../reliability/support/trials';
import { E2eSession, haveChromium, listen, send } from './e2e-harness';

const GENERATED = Number(process.env.HOSTILE_E2E_GENERATED || 150);
const JS = 'window.__ran=(window.__ran||0)+1';
const QUESTION = 'Que disent mes notes sur le pain au levain ?';
const VAULT = [
  {
    path: 'Cuisine/Pain au levain.md',
    text: "# Pain au levain\n\nLe levain se nourrit chaque jour avec de la farine et de l'eau.\n\n## Recette\n\nMélanger la farine, l'eau et le levain du pain, puis laisser pousser la pâte une nuit.\n",
  },
  { path: 'Jardin/Tomates.md', text: '# Tomates\n\nArroser les tomates le soir.\n' },
];
const ALLOWED_LINKS = new Set(['Cuisine/Pain au levain', 'Cuisine/Pain au levain#Recette']);
/** What an answer body may hold: tags, and attributes (the rest of any element is a leak). */
const TAGS = new Set(['P', 'EM', 'STRONG', 'DEL', 'CODE', 'PRE', 'BR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'HR', 'DIV', 'A', 'SPAN']);
const ATTRIBUTES = new Set(['class', 'data-callout', 'data-callout-fold', 'start', 'align', 'data-language', 'href', 'data-href', 'data-path', 'data-heading', 'data-source', 'data-reason', 'aria-label', 'data-tooltip-position']);

describe.skipIf(!haveChromium)('hostile answers in the built plugin in Chromium', () => {
  const session = new E2eSession();
  let exfil: Server;
  const leaked: string[] = [];
  let leakUrl = '';

  beforeAll(async () => {
    exfil = createServer((req, res) => {
      leaked.push(req.url ?? '');
      send(res, 200, 'image/png', '');
    });
    leakUrl = `${await listen(exfil)}/leak`;
    await session.start({ files: VAULT });
    await session.boot({ retrieval: { offline: true } });
    await session.e2e((api) => api.installDataviewStandIn());
    await session.e2e((api) => api.layoutReady());
    await session.page.waitForFunction(() => /2 notes/.test((window as unknown as { __e2e: { statusText(): string } }).__e2e.statusText()), undefined, { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await session.close();
    await new Promise((ok) => (exfil ? exfil.close(ok) : ok(undefined)));
  });

  it(`streams ${HANDWRITTEN.length + GENERATED} hostile answers into the panel: no script runs, nothing leaves the page, no placeholder shows, and the saved note is inert`, async () => {
    const answers = hostileAnswers(GENERATED).map((a) => ({ ...a, text: armed(a.text, leakUrl, JS) }));
    const { page: tab, e2e } = session;
    // Anything that ever appears in an answer, even for one streaming frame, is recorded.
    await tab.evaluate(
      ([tags, attributes]) => {
        const seen = { placeholders: 0, elements: [] as string[], attributes: [] as string[] };
        const allowedTags = new Set(tags);
        const allowedAttributes = new Set(attributes);
        const check = (node: Node) => {
          if (!(node instanceof Element) && node.nodeType !== Node.TEXT_NODE) return;
          if (!node.parentElement?.closest('.ask-vault-answer-body') && !(node instanceof Element && node.closest('.ask-vault-answer-body'))) return;
          if (/AVSLOT|⟦/.test(node.textContent ?? '')) seen.placeholders++;
          if (!(node instanceof Element)) return;
          for (const el of [node, ...Array.from(node.querySelectorAll('*'))]) {
            if (el.classList.contains('ask-vault-answer-body')) continue;
            if (!allowedTags.has(el.tagName)) seen.elements.push(el.tagName);
            for (const attr of Array.from(el.attributes)) if (!allowedAttributes.has(attr.name)) seen.attributes.push(`${el.tagName}[${attr.name}]`);
          }
        };
        new MutationObserver((records) => {
          for (const r of records) {
            r.addedNodes.forEach(check);
            if (r.type === 'characterData' || r.type === 'attributes') check(r.target);
          }
        }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        Object.assign(window, { __seen: seen });
      },
      [[...TAGS], [...ATTRIBUTES]] as const,
    );

    await tab.click('.side-dock-ribbon-action[aria-label="Ouvrir le panneau de discussion"]');
    const panel = tab.locator('.workspace-leaf-content[data-type="ask-vault-chat"]');
    const input = panel.locator('textarea.ask-vault-input');
    const started = Date.now();
    for (const [i, answer] of answers.entries()) {
      session.llm.script({ text: answer.text, chunkSize: 17, intervalMs: 1 });
      await input.fill(QUESTION);
      await input.press('Enter');
      await tab.waitForFunction(
        (n) => document.querySelectorAll('.ask-vault-turn .ask-vault-answer:not(.is-streaming) .ask-vault-answer-actions button').length > 0 &&
          document.querySelectorAll('.ask-vault-turn').length === n &&
          !document.querySelector('.ask-vault-turn:last-child .ask-vault-answer.is-streaming') &&
          (document.querySelector('.ask-vault-turn:last-child .ask-vault-answer-actions')?.childElementCount ?? 0) > 0,
        i + 1,
        { timeout: 20_000, polling: 20 },
      );
    }
    const seconds = (Date.now() - started) / 1000;
    await tab.waitForTimeout(500);

    const final = await tab.evaluate(() => {
      const bodies = Array.from(document.querySelectorAll('.ask-vault-answer-body'));
      return {
        bodies: bodies.length,
        links: bodies.flatMap((b) => Array.from(b.querySelectorAll('a'), (a) => ({ cls: a.className, href: a.getAttribute('data-href') ?? '' }))),
        badMarks: bodies.reduce((n, b) => n + b.querySelectorAll('.ask-vault-bad-citation').length, 0),
        ran: (window as unknown as { __ran?: number }).__ran ?? 0,
        seen: (window as unknown as { __seen: { placeholders: number; elements: string[]; attributes: string[] } }).__seen,
      };
    });
    const standIn = await e2e((api) => api.standInCounts());
    const offPage = [...leaked, ...session.offHost, ...session.served.filter((p) => !['/', '/boot.js', '/page.css', '/styles.css', '/main.js', '/vault.json', '/extra.css'].includes(p))];

    expect(final.bodies).toBe(answers.length);
    expect(final.ran).toBe(0);
    expect(standIn).toEqual({ scripts: 0, queries: 0 });
    expect(offPage).toEqual([]);
    expect(final.seen).toEqual({ placeholders: 0, elements: [], attributes: [] });
    // The only links are verified citations to the source, as internal links.
    for (const link of final.links) {
      expect(link.cls).toContain('internal-link');
      expect(ALLOWED_LINKS).toContain(link.href);
    }
    expect(final.links.length).toBeGreaterThan(answers.length / 4);

    // The saved conversation, as Obsidian would show it with the stand-in's processors.
    const notes = (await e2e((api) => api.vaultPaths())).filter((p) => p.startsWith('Ask Vault/'));
    expect(notes).toHaveLength(1);
    const note = await e2e((api, path) => api.readVaultFile(path), notes[0]!);
    const live = liveConstructs(note.replace(/^---[\s\S]*?---\n/, ''), ALLOWED_LINKS);
    expect(live).toEqual([]);
    const rendered = await e2e((api, md) => api.renderUnprotected(md), note);
    await tab.waitForTimeout(500);
    const afterNote = { ran: await tab.evaluate(() => (window as unknown as { __ran?: number }).__ran ?? 0), standIn: await e2e((api) => api.standInCounts()), leaked: leaked.length };
    expect(afterNote).toEqual({ ran: 0, standIn: { scripts: 0, queries: 0 }, leaked: 0 });
    expect(rendered.every((href) => ALLOWED_LINKS.has(href))).toBe(true);
    expect(rendered.length).toBeGreaterThan(answers.length / 4);

    recordTrials({
      guarantee: 'Hostile answers (built main.js in Chromium)',
      trials: answers.length,
      faults: `${HANDWRITTEN.length} hand-written tricks + ${GENERATED} generated, streamed 17 characters at a time into the panel (${seconds.toFixed(0)} s), a Dataview stand-in registered; the saved note rendered with its processors`,
      lost: `nothing: scripts run 0, requests that left the page 0, placeholders visible 0 (in any streaming frame), elements or attributes outside the allow-list 0, live constructs in the saved note 0; ${final.links.length} verified citation links, ${final.badMarks} unverified marks`,
      file: 'tests/e2e/hostile-answers-browser.test.ts',
    });
  }, 600_000);

  it('control: the same answers through the renderer without the plugin run code and leak', async () => {
    const { e2e, page: tab } = session;
    // (A meta refresh would navigate the control's page away before it could count.)
    const raw = HANDWRITTEN.filter((a) => a.name !== 'meta refresh').map((a) => armed(a.text, leakUrl, JS)).join('\n\n');
    await e2e((api, md) => api.renderUnprotected(md), raw);
    await expect.poll(() => leaked.length, { timeout: 5_000 }).toBeGreaterThan(0);
    await expect.poll(() => tab.evaluate(() => (window as unknown as { __ran?: number }).__ran ?? 0)).toBeGreaterThan(0);
    expect((await e2e((api) => api.standInCounts())).scripts).toBeGreaterThan(0);
  });
});
