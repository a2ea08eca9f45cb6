// A start that never stutters: the built plugin in Chromium over a generated vault of 2,000 notes,
// from loading main.js (compiled on the main thread, as Obsidian does) through indexing to the
// first answer in the panel. Every main-thread task of 50 ms or more in that span is recorded;
// the goal is none, the assertion a bound a loaded machine cannot break (200 ms), and the longest
// is printed for BENCHMARKS.md. Retrieval is by words and links (no embedding model): the
// embedding worker runs off the main thread, and 2,000 notes through the tiny model would take
// minutes here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateVault } from '../../bench/vault';
import { E2eSession, haveChromium, type LongTask } from './e2e-harness';
import { startCpuProfile } from './cpu-profile';

const NOTES = 2_000;
const HARD_LIMIT_MS = 200;

/**
 * How much slower than its CPU time this machine runs a busy loop now (1 when it has a free core):
 * on a shared machine with a load of 15 on 2 cores every task is stretched about 7 times, and a
 * bound that ignores it would only measure the neighbours.
 */
function contention(): number {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  let x = 0;
  while (performance.now() - wall0 < 300) x += Math.sqrt(x + 1);
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return x > 0 ? Math.max(1, (performance.now() - wall0) / Math.max(1, cpuMs)) : 1;
}
const QUESTION = 'Qu\'ai-je noté sur le projet et les modèles ?';

describe.skipIf(!haveChromium)('start-up over a 2,000-note vault', () => {
  const s = new E2eSession();

  beforeAll(async () => {
    await s.start({ files: generateVault({ notes: NOTES }).map((n) => ({ path: n.path, text: n.text })) });
  }, 120_000);

  afterAll(() => s.close());

  it(`no main-thread task over ${HARD_LIMIT_MS} ms from loading main.js to the first answer (goal: none over 50 ms)`, async () => {
    // Playwright's injected script compiles on the first waitForFunction: the harness's task, not the plugin's.
    await s.page.waitForFunction(() => true);
    const slowBefore = contention();
    // Opt-in: a CPU profile of the whole span, and what each busy stretch is made of (cpu-profile.ts).
    const profilePath = process.env.ASK_VAULT_E2E_PROFILE;
    const stopProfile = profilePath ? await startCpuProfile(s.page, profilePath) : null;
    const boot = await s.boot({ retrieval: { embeddingModel: '', offline: true } }, { evalLikeObsidian: true });
    expect(boot.markdown).toBe(NOTES);
    const ready = await s.e2e((api) => api.layoutReady());
    await s.page.waitForFunction(
      (n) => (window as unknown as { __e2e: { statusText(): string } }).__e2e.statusText() === `${n.toLocaleString('fr-FR').replace(/\s/g, '\u202f')} notes indexées`,
      NOTES,
      { timeout: 240_000, polling: 250 },
    );
    const indexed = await s.page.evaluate(() => performance.now());
    s.llm.script({ text: 'Voici ce que disent vos notes [1].', chunkSize: 8, intervalMs: 10 });
    await s.e2e((api) => api.runCommand('open-panel'));
    const panel = s.page.locator('.workspace-leaf-content[data-type="ask-vault-chat"]');
    await panel.locator('textarea.ask-vault-input').fill(QUESTION);
    await panel.locator('textarea.ask-vault-input').press('Enter');
    await panel.locator('.ask-vault-answer-actions').waitFor({ timeout: 60_000 });
    // Whatever the first answer sets off (saving the conversation, its indexing) happens now.
    await s.page.waitForTimeout(3_000);
    const answered = await s.page.evaluate(() => performance.now());
    if (stopProfile) {
      const top = (xs: [string, number][]) => xs.slice(0, 10).map(([f, ms]) => `${f} ${ms}`).join(' | ');
      for (const b of await stopProfile()) console.log(`busy at page ${b.pageAt.toFixed(0)} ms, ${b.ms.toFixed(0)} ms\n  self: ${top(b.self)}\n  total: ${top(b.total)}`);
    }
    const slowdown = Math.max(slowBefore, contention());

    const tasks = await s.page.evaluate(() => (window as unknown as { __longTasks: LongTask[] }).__longTasks);
    const span = tasks.filter((t) => t.start + t.duration >= boot.startedAt && t.start <= answered);
    const longest = Math.max(0, ...span.map((t) => t.duration));
    const phase = (t: LongTask) => (t.start < ready ? 'load' : t.start < indexed ? 'index' : 'answer');
    console.log(
      `start-up over ${NOTES} notes: main.js + onload ${boot.loadMs.toFixed(0)} ms, indexing ${((indexed - ready) / 1000).toFixed(1)} s; ` +
        `longest main-thread task ${longest.toFixed(0)} ms (goal < 50 ms; machine ${slowdown.toFixed(1)}× slower than its CPU time, so about ${(longest / slowdown).toFixed(0)} ms on a free core); tasks over 50 ms: ` +
        (span.length ? span.map((t) => `${phase(t)}+${(t.start - boot.startedAt).toFixed(0)}:${t.duration.toFixed(0)}`).join(' ') : 'none'),
    );
    expect(s.pageErrors).toEqual([]);
    expect(s.offHost).toEqual([]);
    // The bound, stretched as much as the machine stretches everything (exactly 200 ms on a free core).
    expect(longest).toBeLessThan(HARD_LIMIT_MS * slowdown);
  }, 360_000);
});
