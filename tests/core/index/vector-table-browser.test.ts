// The vector table's SIMD kernel in Chromium (the engine of Obsidian's Electron), on a page's
// main thread and in a Web Worker: the kernel compiles there, and scores as the JS loop does.
import { existsSync } from 'node:fs';
import esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelCheck } from './browser/kernel-check';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`vector-table-browser.test.ts skipped: ${CHROMIUM} is absent (apt-get install chromium)`);

describe.skipIf(!haveChromium)('vector table kernels in Chromium', () => {
  let browser: import('playwright-core').Browser;
  let bundle = '';

  beforeAll(async () => {
    const built = await esbuild.build({
      entryPoints: ['tests/core/index/browser/kernel-check.ts'],
      bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'error',
    });
    bundle = built.outputFiles[0]!.text;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  function expectAgreement(check: KernelCheck): void {
    expect(check.kind).toBe('wasm-simd');
    expect(check.nanMismatches).toBe(0);
    expect(check.worst).toBeLessThan(1e-5);
    expect(check.sameTop).toBe(true);
  }

  it('runs SIMD on the main thread and in a worker, with the JS loop\'s scores and top 10', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><meta charset="utf-8">');
    await page.addScriptTag({ content: bundle });
    const main = await page.evaluate(() => (globalThis as unknown as { kernelCheck: () => KernelCheck }).kernelCheck());
    expectAgreement(main);

    const worker = await page.evaluate(async (source) => {
      const w = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      const result = await new Promise<KernelCheck>((resolve, reject) => {
        w.onmessage = (e: MessageEvent<KernelCheck>) => resolve(e.data);
        w.onerror = (e) => reject(new Error(e.message));
        w.postMessage('run');
      });
      w.terminate();
      return result;
    }, bundle);
    expectAgreement(worker);
    console.info(`Chromium, 4,445 × 384, 10 queries: SIMD ${main.simdMs.toFixed(1)} ms, JS ${main.jsMs.toFixed(1)} ms (main thread); SIMD ${worker.simdMs.toFixed(1)} ms, JS ${worker.jsMs.toFixed(1)} ms (worker)`);
    await page.close();
  }, 60_000);
});
