// The cross-encoder reranker in the built plugin in Chromium: the tiny random-weight
// cross-encoder sits in a vault folder, the settings pick it, and a question in the panel comes
// back with sources "reclassé" — scored in the plugin's worker on onnxruntime-web, its files read
// through the vault adapter, nothing fetched from any other host. Its scores mean nothing.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2eSession, exampleVaultNotes, haveChromium, listFiles, ROOT } from './e2e-harness';

const CROSS_ENCODER = join(ROOT, 'tests/fixtures/tiny-cross-encoder');
const FOLDER = 'Modèles/tiny-cross-encoder';

describe.skipIf(!haveChromium)('cross-encoder reranking in the plugin\'s worker', () => {
  const s = new E2eSession();
  const panel = () => s.page.locator('.workspace-leaf-content[data-type="ask-vault-chat"]');

  beforeAll(async () => {
    const model = await Promise.all((await listFiles(CROSS_ENCODER)).filter((p) => p !== 'README.md')
      .map(async (path) => ({ path: `${FOLDER}/${path}`, base64: (await readFile(join(CROSS_ENCODER, path))).toString('base64') })));
    await s.start({ files: [...(await exampleVaultNotes()), ...model] });
  }, 120_000);

  afterAll(() => s.close());

  it('reorders the sources of an answer, with no notice and no request off the machine', async () => {
    await s.boot({
      retrieval: { embeddingModel: '', offline: true },
      rerank: { kind: 'cross-encoder', model: FOLDER, candidates: 30 },
    });
    await s.e2e((api) => api.layoutReady());
    await s.page.waitForFunction(() => /^\d+ notes? (indexées?|indexed)$/.test((window as unknown as { __e2e: { statusText(): string } }).__e2e.statusText()), undefined, { timeout: 60_000, polling: 100 });
    s.llm.script({ text: 'Le projet 20 construit un RAG [1].' });
    await s.e2e((api) => api.runCommand('open-panel'));
    await panel().locator('textarea.ask-vault-input').fill('Qu\'est-ce que le projet 20 et le RAG ?');
    await panel().locator('textarea.ask-vault-input').press('Enter');
    const answer = panel().locator('.ask-vault-turn').last().locator('.ask-vault-answer');
    await answer.locator('.ask-vault-answer-actions').waitFor({ timeout: 60_000 });
    const whys = await answer.locator('.ask-vault-source-why').allTextContents();
    // What fusion found is reranked; journal entries joined after the step (expansion) are not.
    const found = whys.filter((w) => !w.startsWith('Journal de'));
    expect(found.length).toBeGreaterThan(1);
    expect(found.every((w) => w.endsWith(' · reclassé'))).toBe(true);
    expect(whys.filter((w) => w.startsWith('Journal de')).every((w) => !w.includes('reclassé'))).toBe(true);
    const notices = await s.e2e((api) => api.notices());
    expect(notices.join('\n')).not.toMatch(/reclassement|rerank/i);
    expect(s.offHost).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  }, 120_000);
});
