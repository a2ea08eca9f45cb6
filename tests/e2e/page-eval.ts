// Runs a function in the test page with its API (`window.__e2e`, tests/e2e/page/boot.ts). The
// function is sent as source: it sees only its argument, never the test's variables.
import type { Page } from 'playwright-core';
import type { E2eApi } from './page/boot';

export function inPage<T, A = undefined>(page: Page, fn: (api: E2eApi, arg: A) => T | Promise<T>, arg?: A): Promise<Awaited<T>> {
  return page.evaluate(
    async ([source, a]) => {
      const run = new Function('api', 'arg', `return (${source})(api, arg);`) as (api: unknown, arg: unknown) => unknown;
      return (await run((window as unknown as { __e2e: unknown }).__e2e, a)) as Awaited<T>;
    },
    [fn.toString(), arg] as const,
  ) as Promise<Awaited<T>>;
}
