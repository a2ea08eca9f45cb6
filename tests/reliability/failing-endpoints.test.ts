// Failing LLM endpoints, for both protocols (OpenAI SSE and Ollama NDJSON), through the engine
// as the plugin and the CLI use it: every fault ends with a one-line message, the partial answer
// is kept and marked incomplete (or, when nothing came, the passages are quoted), no promise
// rejection goes unhandled, and the next question works. A few faults also go through the CLI,
// where the user reads the message.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/core/engine';
import { defaultSettings } from '../../src/core/settings';
import { createChatModel } from '../../src/core/answer/model-factory';
import { fetchHttpClient } from '../../src/core/http/fetch-client';
import type { AnswerResponse } from '../../src/core/engine-types';
import { MemoryBlobStore } from '../core/index/memory-blob-store';
import { MemoryVault } from '../fakes/memory-vault';
import { startLlmServer, type LlmReply, type LlmServer, type Protocol } from '../fakes/llm-server';
import { closedPortUrl } from '../core/answer/support';
import { ensureCliBuilt, messages, runCli } from './support/cli';
import { generateVault, noteText, prng, runSeed } from './support/vault';
import { recordTrials } from './support/trials';

// Short enough to keep the suite fast, long enough that a loaded machine's pauses are not silences.
const TIMEOUT_MS = 1000;
const MAX_RETRIES = 2;
const MAX_RETRY_WAIT_MS = 150;
const MAX_CHARS = 2000;
const QUESTION = 'Que dit le journal sur le projet et la réunion ?';

let llm: LlmServer;
let engine: Engine;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  llm = await startLlmServer({ models: ['m'] });
  const vault = new MemoryVault();
  const rand = prng(runSeed());
  for (let i = 0; i < 20; i++) vault.write(`Notes/Note ${i}.md`, noteText(rand, i, 20));
  vault.write('Journal/2024-12-26.md', '# Journal\n\nRéunion sur le [[Note 1]] : le projet avance, la réunion de janvier est fixée.\n');
  const settings = defaultSettings();
  settings.retrieval.embeddingModel = '';
  engine = await Engine.open({ source: vault, store: new MemoryBlobStore(), embedder: null, settings });
  await engine.sync();
});

afterAll(async () => {
  await engine.close();
  await llm.close();
  process.off('unhandledRejection', onUnhandled);
});

afterEach(() => llm.reset());

function chat(protocol: Protocol, baseUrl = llm.url) {
  return createChatModel(
    { provider: protocol, baseUrl, model: 'm', timeoutMs: TIMEOUT_MS, maxRetries: MAX_RETRIES, maxChars: MAX_CHARS },
    fetchHttpClient(),
  );
}

interface Fault {
  name: string;
  /** The reply the server plays (or a base URL that fails before any server). */
  reply?: LlmReply | LlmReply[];
  baseUrl?: () => Promise<string>;
  /** Text that arrives before the failure and must be kept. */
  partial?: string;
  /** What the one-line message must say. */
  says: RegExp;
  /** Chat requests the server must have seen (retries). */
  requests?: number;
}

const malformed: Record<Protocol, string[]> = {
  openai: ['data: {"choices":[{"delta":{"content":"Début "}}]}\n\n', 'data: {oops\n\n'],
  ollama: ['{"message":{"content":"Début "},"done":false}\n', '{oops\n'],
};
const garbageLine: Record<Protocol, string[]> = {
  openai: ['data: {"choices":[{"delta":{"content":"Début "}}]}\n\n', 'this is not SSE at all\n\n', 'data: [DONE]\n\n'],
  ollama: ['{"message":{"content":"Début "},"done":false}\n', 'this is not JSON at all\n', '{"done":true}\n'],
};

function faults(protocol: Protocol): Fault[] {
  return [
    { name: 'refused connection', baseUrl: closedPortUrl, says: /connection refused/ },
    { name: 'DNS failure', baseUrl: async () => 'http://ask-vault-reliability.invalid', says: /Cannot resolve the host name "ask-vault-reliability\.invalid"/ },
    { name: 'slow first byte', reply: { text: 'trop tard', delayMs: TIMEOUT_MS * 3 }, says: /No data from the server for 1 s/ },
    { name: 'stall mid-stream', reply: { deltas: ['Début de réponse '], end: 'stall' }, partial: 'Début de réponse ', says: /No data from the server for 1 s/ },
    { name: 'connection reset', reply: { deltas: ['Début de réponse '], end: 'reset' }, partial: 'Début de réponse ', says: /broke before the answer was complete/ },
    { name: 'malformed stream line', reply: { raw: malformed[protocol] }, partial: 'Début ', says: /sent an unreadable answer: invalid JSON/ },
    { name: 'garbage line between good ones', reply: { raw: garbageLine[protocol] }, partial: 'Début ', says: /sent an unreadable answer: (malformed|invalid JSON) line/ },
    { name: 'invalid JSON body', reply: { raw: '{"choices": [ oops', contentType: 'application/json' }, says: /sent an unreadable answer: invalid JSON/ },
    { name: '200 with an error body', reply: { json: { error: { message: 'model is overloaded, try later' } } }, says: /overloaded/ },
    { name: '200 with an error event mid-stream', reply: { deltas: ['Début '], errorEvent: 'the model crashed' }, partial: 'Début ', says: /crashed/ },
    { name: 'HTTP 401', reply: { status: 401, json: { error: { message: 'invalid key' } } }, says: /requires an API key \(HTTP 401\)/ },
    { name: 'HTTP 404', reply: { status: 404, json: { error: { message: 'model m not found' } } }, says: /not available on .* \(HTTP 404\)/ },
    { name: 'HTTP 500', reply: { status: 500, json: { error: { message: 'internal failure' } } }, says: /failed \(HTTP 500\): internal failure/ },
    {
      name: '429 with Retry-After, every attempt',
      reply: Array.from({ length: MAX_RETRIES + 1 }, () => ({ status: 429, headers: { 'retry-after': '0.1' }, json: { error: { message: 'rate limited' } } })),
      says: new RegExp(`rate-limiting requests \\(HTTP 429\\).*gave up after ${MAX_RETRIES + 1} attempts`),
      requests: MAX_RETRIES + 1,
    },
    { name: 'endless stream', reply: { deltas: ['bla '], end: 'endless', intervalMs: 1 }, partial: 'bla bla ', says: new RegExp(`passed ${MAX_CHARS} characters and was cut`) },
  ];
}

function expectOneLine(res: AnswerResponse, fault: Fault): void {
  expect(res.complete, fault.name).toBe(false);
  expect(res.error, fault.name).toBeDefined();
  expect(res.error!, fault.name).toMatch(/^\S[^\n\r]{0,299}$/);
  expect(res.error!, fault.name).toMatch(fault.says);
  expect(res.error!, fault.name).not.toMatch(/\n\s+at /);
}

describe.each(['openai', 'ollama'] as const)('%s endpoint faults', (protocol) => {
  it(`each fault ends in one line, keeps the partial answer, rejects nothing, and the next question works`, async () => {
    const list = faults(protocol);
    let partialsKept = 0;
    let fellBack = 0;
    for (const fault of list) {
      const baseUrl = fault.baseUrl ? await fault.baseUrl() : llm.url;
      if (fault.reply) llm.script(...[fault.reply].flat());
      const started = Date.now();
      const res = await engine.ask(QUESTION, { chat: chat(protocol, baseUrl) });
      const elapsed = Date.now() - started;
      expectOneLine(res, fault);
      if (fault.partial) {
        // Kept and marked: the answer shows what arrived; `complete: false` and the reason go with it.
        expect(res.extractive, fault.name).toBe(false);
        expect(res.raw.startsWith(fault.partial), `${fault.name}: ${JSON.stringify(res.raw.slice(0, 40))}`).toBe(true);
        expect(res.markdown.length).toBeGreaterThan(0);
        partialsKept++;
      } else {
        // Nothing arrived: the user still gets the passages, with the reason.
        expect(res.extractive, fault.name).toBe(true);
        expect(res.sources.length).toBeGreaterThan(0);
        fellBack++;
      }
      if (fault.requests !== undefined) {
        expect(llm.chatRequests()).toHaveLength(fault.requests);
        // Bounded backoff: the waits add up to at most MAX_RETRIES × the cap (plus the exchanges).
        expect(elapsed).toBeLessThan(MAX_RETRIES * MAX_RETRY_WAIT_MS + 5_000);
      }
      if (fault.name === 'endless stream') expect(res.raw.length).toBe(MAX_CHARS);
      if (fault.name === 'stall mid-stream' || fault.name === 'endless stream') {
        await new Promise((r) => setTimeout(r, 50));
        expect(llm.chatRequests().at(-1)!.clientGone, `${fault.name}: the client hung up`).toBe(true);
      }
      llm.reset();

      // The next question works, on the same engine and a fresh client from the same settings.
      llm.script({ text: 'Tout va bien [[Note 1]].' });
      const next = await engine.ask(QUESTION, { chat: chat(protocol) });
      expect(next.complete, `after ${fault.name}`).toBe(true);
      expect(next.raw).toBe('Tout va bien [[Note 1]].');
      llm.reset();
    }
    // 429 then success is retried to a complete answer.
    llm.script({ status: 429, headers: { 'retry-after': '0' }, json: { error: { message: 'busy' } } }, { text: 'Après attente.' });
    const retried = await engine.ask(QUESTION, { chat: chat(protocol) });
    expect(retried.complete).toBe(true);
    expect(llm.chatRequests()).toHaveLength(2);

    await new Promise((r) => setTimeout(r, 100));
    expect(unhandled).toEqual([]);
    recordTrials({
      guarantee: `Failing LLM endpoint (${protocol === 'openai' ? 'OpenAI SSE' : 'Ollama NDJSON'})`,
      trials: list.length + 1,
      faults: `${list.map((f) => f.name).join(', ')}; 429 then success`,
      lost: `nothing: ${list.length} one-line messages, ${partialsKept} partial answers kept and marked incomplete, ${fellBack} fell back to quoted passages, 0 unhandled rejections, ${list.length} next questions answered`,
      file: 'tests/reliability/failing-endpoints.test.ts',
    });
  }, 120_000);
});

describe('failing endpoint through the CLI', () => {
  let tmp: string;
  beforeAll(async () => {
    await ensureCliBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'ask-vault-endpoint-'));
    generateVault(join(tmp, 'vault'), 20, runSeed());
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each([
    ['reset mid-stream', { deltas: ['Début de réponse '], end: 'reset' } as LlmReply, /^Answer incomplete: .+$/],
    ['HTTP 500', { status: 500, json: { error: { message: 'internal failure' } } } as LlmReply, /^The language model failed: .+$/],
    ['malformed stream', { raw: malformed.openai } as LlmReply, /^Answer incomplete: .+$/],
  ])('%s: exit 1, the reason as the last line of stderr, no stack trace', async (_name, reply, last) => {
    llm.script(reply);
    const r = await runCli(['ask', join(tmp, 'vault'), QUESTION, '--index-dir', join(tmp, 'index'), '--embedding-model', 'none', '--endpoint', llm.url, '--model', 'm', '--lang', 'en']);
    expect(r.code).toBe(1);
    const said = messages(r.stderr);
    expect(said.at(-1)).toMatch(last);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toContain('Sources:');
  });
});
