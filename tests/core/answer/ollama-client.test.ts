import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OllamaChatModel } from '../../../src/core/answer/ollama-client';
import type { ChatModelOptions } from '../../../src/core/answer/chat-stream';
import { fetchHttpClient } from '../../../src/core/http/fetch-client';
import { startLlmServer, type LlmServer } from '../../fakes/llm-server';
import { closedPortUrl, MESSAGES, SECRET, tokenSink } from './support';

let llm: LlmServer;
const http = fetchHttpClient();

beforeAll(async () => {
  llm = await startLlmServer({ models: ['llama3.2:latest', 'mistral-small:24b'] });
});
afterAll(() => llm.close());
beforeEach(() => {
  llm.reset();
  llm.apiKey = undefined;
  llm.strictModels = false;
});

function model(over: Partial<ChatModelOptions> = {}): OllamaChatModel {
  return new OllamaChatModel({ baseUrl: llm.url, model: 'llama3.2:latest', http, timeoutMs: 2_000, retryBaseMs: 5, ...over });
}

describe('OllamaChatModel streaming', () => {
  it('streams NDJSON deltas and sends Ollama options', async () => {
    llm.script({ deltas: ['Il a ', 'demandé ', 'pourquoi.'] });
    const sink = tokenSink();
    const res = await model().chat({ messages: MESSAGES, temperature: 0.1, maxTokens: 256, onToken: sink.onToken });
    expect(sink.deltas).toEqual(['Il a ', 'demandé ', 'pourquoi.']);
    expect(res).toEqual({ text: 'Il a demandé pourquoi.', complete: true, model: 'llama3.2:latest' });

    const [req] = llm.chatRequests();
    expect(req.path).toBe('/api/chat');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.body).toEqual({ model: 'llama3.2:latest', messages: MESSAGES, stream: true, options: { temperature: 0.1, num_predict: 256 } });
  });

  it('sends a key as Bearer when one is configured (Ollama behind a proxy)', async () => {
    llm.apiKey = SECRET;
    llm.script({ text: 'ok' });
    expect(await model({ apiKey: SECRET }).chat({ messages: MESSAGES })).toMatchObject({ text: 'ok', complete: true });
  });

  it('accepts the base URL with a trailing slash, /api or a pasted /v1', async () => {
    for (const baseUrl of [`${llm.url}/`, `${llm.url}/api`, `${llm.url}/api/chat`, `${llm.url}/v1`, llm.url.replace('http://', '')]) {
      llm.script({ text: 'ok' });
      expect(await model({ baseUrl }).chat({ messages: MESSAGES }), baseUrl).toMatchObject({ text: 'ok', complete: true });
    }
    expect(new Set(llm.chatRequests().map((r) => r.path))).toEqual(new Set(['/api/chat']));
  });

  it('a line split across network chunks is reassembled', async () => {
    const line = `${JSON.stringify({ model: 'm', message: { content: 'journal du 26 décembre' }, done: false })}\n`;
    const done = `${JSON.stringify({ model: 'm', done: true, done_reason: 'stop' })}\n`;
    llm.script({ raw: [line.slice(0, 20), line.slice(20), done], intervalMs: 30 });
    expect(await model().chat({ messages: MESSAGES })).toMatchObject({ text: 'journal du 26 décembre', complete: true, model: 'm' });
  });
});

describe('OllamaChatModel failures', () => {
  it('connection refused → unreachable', async () => {
    const res = await model({ baseUrl: await closedPortUrl() }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: '', complete: false, errorKind: 'unreachable' });
  });

  it('unknown model → not-found, naming it, with the pull command', async () => {
    llm.strictModels = true;
    const res = await model({ model: 'qwen3:8b' }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ complete: false, errorKind: 'not-found' });
    expect(res.error).toContain('"qwen3:8b"');
    expect(res.error).toContain('ollama pull qwen3:8b');
  });

  it('an error line mid-stream keeps the partial text', async () => {
    llm.script({ deltas: ['Il a '], errorEvent: 'llama runner process has terminated' });
    const res = await model().chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: 'Il a ', complete: false, errorKind: 'server' });
    expect(res.error).toContain('llama runner process has terminated');
  });

  it('an invalid JSON line → protocol, earlier lines kept', async () => {
    const ok = `${JSON.stringify({ message: { content: 'Il a' }, done: false })}\n`;
    llm.script({ raw: [ok + '{"message": {"content": \n'] });
    const res = await model().chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: 'Il a', complete: false, errorKind: 'protocol' });
    expect(res.error).toMatch(/invalid JSON line/);
  });

  it('HTTP 500 with Ollama error body', async () => {
    llm.script({ status: 500, json: { error: 'model requires more system memory (9.1 GiB) than is available (4.0 GiB)' } });
    const res = await model().chat({ messages: MESSAGES });
    expect(res).toMatchObject({ errorKind: 'server' });
    expect(res.error).toMatch(/HTTP 500\): model requires more system memory/);
  });

  it('a connection reset midway → stream-cut with the partial text', async () => {
    llm.script({ deltas: ['Il a ', 'demandé'], end: 'reset' });
    expect(await model().chat({ messages: MESSAGES })).toMatchObject({ text: 'Il a demandé', complete: false, errorKind: 'stream-cut' });
  });

  it('a body that ends before done:true → stream-cut', async () => {
    llm.script({ deltas: ['Il a'], end: 'close' });
    expect(await model().chat({ messages: MESSAGES })).toMatchObject({ text: 'Il a', complete: false, errorKind: 'stream-cut' });
  });

  it('done_reason length → too-long', async () => {
    llm.script({ text: 'coupé', finishReason: 'length' });
    expect(await model().chat({ messages: MESSAGES })).toMatchObject({ text: 'coupé', complete: false, errorKind: 'too-long' });
  });

  it('a stall → timeout, connection released', async () => {
    llm.script({ deltas: ['Il a'], end: 'stall' });
    const res = await model({ timeoutMs: 250 }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: 'Il a', complete: false, errorKind: 'timeout' });
    await expect.poll(() => llm.chatRequests()[0].clientGone).toBe(true);
  });

  it('an endless stream stops at maxChars', async () => {
    llm.script({ deltas: ['ha'], end: 'endless', intervalMs: 1 });
    const res = await model({ maxChars: 501 }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ complete: false, errorKind: 'too-long' });
    expect(res.text).toBe('ha'.repeat(250) + 'h');
    await expect.poll(() => llm.chatRequests()[0].clientGone).toBe(true);
  });

  it('abort → aborted, partial text kept', async () => {
    llm.script({ deltas: ['un ', 'deux ', 'trois'], intervalMs: 80 });
    const controller = new AbortController();
    const res = await model().chat({ messages: MESSAGES, signal: controller.signal, onToken: () => controller.abort() });
    expect(res).toMatchObject({ text: 'un ', complete: false, errorKind: 'aborted' });
  });

  it('retries a 503 (model loading) then streams', async () => {
    llm.script({ status: 503, headers: { 'retry-after': '0' }, json: { error: 'server busy' } }, { text: 'prêt' });
    expect(await model().chat({ messages: MESSAGES })).toMatchObject({ text: 'prêt', complete: true });
    expect(llm.chatRequests()).toHaveLength(2);
  });

  it('an HTML page → protocol error pointing at the base URL', async () => {
    llm.script({ raw: '<html><body>Open WebUI</body></html>', contentType: 'text/html' });
    const res = await model().chat({ messages: MESSAGES });
    expect(res).toMatchObject({ errorKind: 'protocol' });
    expect(res.error).toMatch(/base URL/);
  });

  it('redacts the key from an error line that echoes it', async () => {
    llm.script({ deltas: ['x'], errorEvent: `bad token Bearer ${SECRET}` });
    const res = await model({ apiKey: SECRET }).chat({ messages: MESSAGES });
    expect(res.errorKind).toBe('server');
    expect(res.error).not.toContain(SECRET);
  });
});
