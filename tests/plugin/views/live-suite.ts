// The lifecycle the chips, follow-up and modal DOM tests share: one loopback LLM server for the
// file, a fresh harness (vault, engine, host) and English UI for each test.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { setLanguage } from '../../../src/plugin/i18n';
import { startLlmServer, type LlmServer } from '../../fakes/llm-server';
import { harness, type Harness } from './view-harness';

export interface LiveSuite {
  readonly llm: LlmServer;
  readonly h: Harness;
}

/** Registers the hooks; `each` runs after the harness is made (to open a view), `done` before it goes. */
export function liveSuite(each?: (s: LiveSuite) => Promise<void> | void, done?: () => Promise<void> | void): LiveSuite {
  const state = {} as { llm: LlmServer; h: Harness };
  beforeAll(async () => {
    state.llm = await startLlmServer({ models: ['test-model'] });
  });
  afterAll(async () => {
    await state.llm.close();
  });
  beforeEach(async () => {
    setLanguage('en');
    state.llm.reset();
    state.h = await harness(state.llm);
    await each?.(state);
  });
  afterEach(async () => {
    await done?.();
    setLanguage(null);
  });
  return {
    get llm() {
      return state.llm;
    },
    get h() {
      return state.h;
    },
  };
}
