// The built plugin in Chromium over examples/vault and the tiny model, booted offline with the
// loopback LLM: an E2eSession (e2e-harness.ts) already started, for tests that need no other set-up.
import type { Page } from 'playwright-core';
import type { LlmServer } from '../fakes/llm-server';
import { E2eSession, exampleVaultNotes, haveChromium, MODEL_FOLDER, tinyModelFiles } from './e2e-harness';
import type { E2eApi } from './page/boot';
import type { VaultFile } from './page/memory-vault';

export { haveChromium };

export interface BrowserPlugin {
  page: Page;
  llm: LlmServer;
  markdownNotes: number;
  offHost: string[];
  pageErrors: string[];
  e2e<T, A = undefined>(fn: (api: E2eApi, arg: A) => T | Promise<T>, arg?: A): Promise<Awaited<T>>;
  close(): Promise<void>;
}

/** Boots the built plugin over examples/vault (plus `extra` files) with the given data.json additions. */
export async function startBrowserPlugin(opts: { extra?: VaultFile[]; data?: Record<string, unknown> } = {}): Promise<BrowserPlugin> {
  const files = [...(await exampleVaultNotes()), ...(await tinyModelFiles()), ...(opts.extra ?? [])];
  const session = new E2eSession();
  await session.start({ files });
  await session.boot({ retrieval: { offline: true }, indexing: { localModelFolder: MODEL_FOLDER }, ...(opts.data ?? {}) });
  return {
    page: session.page,
    llm: session.llm,
    markdownNotes: files.filter((f) => f.path.endsWith('.md')).length,
    offHost: session.offHost,
    pageErrors: session.pageErrors,
    e2e: session.e2e,
    close: () => session.close(),
  };
}
