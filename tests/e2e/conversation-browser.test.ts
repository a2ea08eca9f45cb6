// Conversations in the built plugin, in Chromium, all by keyboard: the second request carries the
// first turn; a `[[` suggestion gives a chip and the answer is given (and cites) only that note; an
// `@folder` chip scopes the sources; a `/` saved prompt runs. Reuses the page and shim of
// plugin-browser.test.ts through browser-harness.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { haveChromium, startBrowserPlugin, type BrowserPlugin } from './browser-harness';

const PROMPT_NOTE = {
  path: 'Ask Vault/Prompts/Bilan Mehdi.md',
  text: '---\nname: Bilan Mehdi\n---\nQu’est-ce que Mehdi m’a demandé ?\n',
};

describe.skipIf(!haveChromium)('conversations in the built plugin, by keyboard', () => {
  let p: BrowserPlugin;
  let input: Locator;
  let panel: Locator;

  const lastTurn = () => panel.locator('.ask-vault-turn').last();
  const waitAnswered = async () => {
    await expect.poll(() => lastTurn().locator('.ask-vault-answer').getAttribute('class'), { timeout: 20_000 }).not.toContain('is-streaming');
    await lastTurn().locator('.ask-vault-answer-actions').waitFor({ timeout: 20_000 });
  };
  const sourcePaths = () => lastTurn().locator('.ask-vault-source a.ask-vault-source-link').evaluateAll((as) => as.map((a) => a.getAttribute('data-path') ?? ''));
  const suggestions = () => panel.locator('.ask-vault-suggest .suggestion-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-value')));

  beforeAll(async () => {
    p = await startBrowserPlugin({ extra: [PROMPT_NOTE], data: { prompts: { folder: 'Ask Vault/Prompts/', defaultsCreated: true } } });
    await p.e2e((api) => api.layoutReady());
    await p.page.waitForFunction(
      (n) => (window as unknown as { __e2e: { statusText(): string } }).__e2e.statusText() === `${n} notes indexées`,
      // The prompt note sits in the conversation folder, which stays out of the index.
      p.markdownNotes - 1,
      { timeout: 90_000, polling: 100 },
    );
    await p.page.click('.side-dock-ribbon-action[aria-label="Ouvrir le panneau de discussion"]');
    panel = p.page.locator('.workspace-leaf-content[data-type="ask-vault-chat"]');
    input = panel.locator('textarea.ask-vault-input');
    await input.focus();
  }, 120_000);

  afterAll(async () => {
    await p?.close();
  });

  it('sends the first turn with the second request, and shows the follow-up as understood', async () => {
    p.llm.script({ text: 'Il m’a demandé pourquoi je n’entraînais pas un modèle.' }, { text: 'Rien de plus.' });
    await p.page.keyboard.type('Qu’est-ce que Mehdi m’a demandé en décembre 2024 ?');
    await p.page.keyboard.press('Enter');
    await waitAnswered();
    await p.page.keyboard.type('Et en février 2025 ?');
    await p.page.keyboard.press('Enter');
    await waitAnswered();
    const messages = p.llm.chatRequests().at(-1)!.body.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[1].content).toBe('Qu’est-ce que Mehdi m’a demandé en décembre 2024 ?');
    expect(messages[2].content).toBe('Il m’a demandé pourquoi je n’entraînais pas un modèle.');
    expect(await lastTurn().locator('.ask-vault-understood-text').textContent()).toBe('Compris : Qu’est-ce que Mehdi m’a demandé en février 2025 ?');
  }, 60_000);

  it('a [[ suggestion gives a chip, and the answer is given and cites only that note', async () => {
    p.llm.script({ text: 'Ollama fait tourner les modèles en local [[Ollama]].' });
    await p.page.keyboard.type('Que dit [[ollam');
    await expect.poll(suggestions).toContain('Ollama.md');
    await p.page.keyboard.press('Enter');
    expect(await panel.locator('.ask-vault-chip.is-note').textContent()).toContain('Ollama');
    await p.page.keyboard.type('cette note ?');
    await p.page.keyboard.press('Enter');
    await waitAnswered();
    expect([...new Set(await sourcePaths())]).toEqual(['Ollama.md']);
    const prompt = p.llm.chatRequests().at(-1)!.body.messages.at(-1).content as string;
    expect(prompt.match(/^Cite as: .*$/gm)?.every((l) => l === 'Cite as: [[Ollama]]' || l.startsWith('Cite as: [[Ollama#'))).toBe(true);
    const links = await lastTurn().locator('.ask-vault-answer-body a').evaluateAll((as) => as.map((a) => a.getAttribute('data-href')));
    expect(links).toEqual(['Ollama']);
    expect(await lastTurn().locator('.ask-vault-scope-used').textContent()).toBe('Cherché dans : Ollama');
  }, 60_000);

  it('Backspace at the start removes the chip; an @folder chip scopes the sources', async () => {
    await expect.poll(() => input.inputValue()).toBe('');
    await p.page.keyboard.press('Backspace');
    expect(await panel.locator('.ask-vault-chip.is-note').count()).toBe(0);
    p.llm.script({ text: 'Du curry [[Curry de lentilles]].' });
    await p.page.keyboard.type('@cuisi');
    await expect.poll(suggestions).toContain('Cuisine');
    await p.page.keyboard.press('Enter');
    expect(await panel.locator('.ask-vault-chip.is-folder').textContent()).toContain('Cuisine/');
    await p.page.keyboard.type('Qu’ai-je préparé pour Camille ?');
    await p.page.keyboard.press('Enter');
    await waitAnswered();
    const paths = await sourcePaths();
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((path) => path.startsWith('Cuisine/'))).toBe(true);
    await p.page.keyboard.press('Backspace');
    expect(await panel.locator('.ask-vault-chip.is-folder').count()).toBe(0);
  }, 60_000);

  it('a / saved prompt runs from the chat input', async () => {
    p.llm.script({ text: 'Pourquoi je n’entraînais pas un modèle.' });
    const before = p.llm.chatRequests().length;
    await p.page.keyboard.type('/bilan');
    await expect.poll(suggestions).toContain('ask-vault-prompts-bilan-mehdi');
    await p.page.keyboard.press('Enter');
    await expect.poll(() => p.llm.chatRequests().length, { timeout: 20_000 }).toBe(before + 1);
    await waitAnswered();
    expect(await lastTurn().locator('.ask-vault-question').textContent()).toBe('Qu’est-ce que Mehdi m’a demandé ?');
    expect(p.offHost).toEqual([]);
    expect(p.pageErrors).toEqual([]);
  }, 60_000);
});
