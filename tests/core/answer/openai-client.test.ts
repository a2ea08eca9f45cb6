import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiChatModel } from '../../../src/core/answer/openai-client';
import type { ChatModelOptions } from '../../../src/core/answer/chat-stream';
import { fetchHttpClient } from '../../../src/core/http/fetch-client';
import { startLlmServer, type LlmServer } from '../../fakes/llm-server';
import { closedPortUrl, MESSAGES, SECRET, tokenSink } from './support';

let llm: LlmServer;
const http = fetchHttpClient();

beforeAll(async () => {
  llm = await startLlmServer({ models: ['gpt-test'] });
});
afterAll(() => llm.close());
beforeEach(() => {
  llm.reset();
  llm.apiKey = undefined;
  llm.strictModels = false;
});

function model(over: Partial<ChatModelOptions> = {}): OpenAiChatModel {
  return new OpenAiChatModel({ baseUrl: `${llm.url}/v1`, model: 'gpt-test', http, timeoutMs: 2_000, retryBaseMs: 5, ...over });
}

describe('OpenAiChatModel streaming', () => {
  it('streams each delta to onToken and returns the whole text', async () => {
    llm.script({ deltas: ['Ton ami ', 'a demandé ', '« Pourquoi ? » ', '[[pre-training]]'] });
    const sink = tokenSink();
    const res = await model({ apiKey: SECRET }).chat({ messages: MESSAGES, temperature: 0.2, maxTokens: 300, onToken: sink.onToken });

    expect(sink.deltas).toEqual(['Ton ami ', 'a demandé ', '« Pourquoi ? » ', '[[pre-training]]']);
    expect(res).toEqual({ text: 'Ton ami a demandé « Pourquoi ? » [[pre-training]]', complete: true, model: 'gpt-test' });

    const [req] = llm.chatRequests();
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(req.headers.accept).toBe('text/event-stream');
    expect(req.body).toEqual({ model: 'gpt-test', messages: MESSAGES, stream: true, temperature: 0.2, max_tokens: 300 });
  });

  it('keeps multi-byte characters whole when a delta is split across network chunks', async () => {
    const event = `data: ${JSON.stringify({ choices: [{ delta: { content: 'décembre 🎄' } }] })}\n\n`;
    const bytes = Buffer.from(event + 'data: [DONE]\n\n');
    const cut = bytes.indexOf(Buffer.from('é')) + 1; // between the two bytes of "é"
    llm.script({ raw: [bytes.subarray(0, cut), bytes.subarray(cut)], intervalMs: 50 });
    const res = await model().chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: 'décembre 🎄', complete: true });
  });

  it('accepts the base URL with or without /v1, slashes or scheme', async () => {
    const host = llm.url.replace('http://', '');
    for (const baseUrl of [llm.url, `${llm.url}/`, `${llm.url}/v1/`, `${llm.url}//v1//`, `${llm.url}/v1/chat/completions`, host]) {
      llm.script({ text: 'ok' });
      const res = await model({ baseUrl }).chat({ messages: MESSAGES });
      expect(res, baseUrl).toMatchObject({ text: 'ok', complete: true });
    }
    expect(llm.chatRequests().map((r) => r.path)).toEqual(Array(6).fill('/v1/chat/completions'));
  });

  it('reads a whole JSON answer from a server that ignores stream: true', async () => {
    llm.script({ json: { model: 'gpt-test', choices: [{ index: 0, message: { role: 'assistant', content: 'Réponse entière.' }, finish_reason: 'stop' }] } });
    const sink = tokenSink();
    const res = await model().chat({ messages: MESSAGES, onToken: sink.onToken });
    expect(res).toEqual({ text: 'Réponse entière.', complete: true, model: 'gpt-test' });
    expect(sink.deltas).toEqual(['Réponse entière.']);
  });

  it('accepts a stream that ends after finish_reason without [DONE]', async () => {
    llm.script({
      raw: [
        `data: ${JSON.stringify({ choices: [{ delta: { content: 'fini' }, finish_reason: null }] })}\n\n`,
        `data: ${JSON.stringify({ choices: [{ delta: {}, finish_reason: 'stop' }] })}\n\n`,
      ],
    });
    expect(await model().chat({ messages: MESSAGES })).toMatchObject({ text: 'fini', complete: true });
  });

  it('ignores SSE comments and keep-alive lines', async () => {
    llm.script({ raw: [': keep-alive\n\n', `data: ${JSON.stringify({ choices: [{ delta: { content: 'a' } }] })}\n\n`, ': ping\n\n', 'data: [DONE]\n\n'] });
    expect(await model().chat({ messages: MESSAGES })).toMatchObject({ text: 'a', complete: true });
  });
});

describe('OpenAiChatModel failures resolve with a one-line error', () => {
  it('connection refused → unreachable', async () => {
    const res = await model({ baseUrl: await closedPortUrl() }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: '', complete: false, errorKind: 'unreachable' });
    expect(res.error).toMatch(/connection refused/);
  });

  it('unknown host → dns', async () => {
    const res = await model({ baseUrl: 'http://no-such-host.invalid/v1' }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ complete: false, errorKind: 'dns' });
    expect(res.error).toContain('no-such-host.invalid');
  });

  it('invalid base URL → an error result, not an exception', async () => {
    const res = await model({ baseUrl: 'ftp://example.org' }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ complete: false, errorKind: 'unreachable' });
    expect(res.error).toMatch(/http:\/\/ or https:\/\//);
  });

  it('401 → auth, and the key the server echoes back is redacted', async () => {
    llm.apiKey = 'the-right-key';
    const res = await model({ apiKey: SECRET }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ complete: false, errorKind: 'auth' });
    expect(res.error).toMatch(/rejected the API key \(HTTP 401\)/);
    expect(res.error).not.toContain(SECRET);
    expect(res.error).not.toContain(SECRET.slice(3));
  });

  it('401 without any key says a key is required', async () => {
    llm.apiKey = 'the-right-key';
    const res = await model().chat({ messages: MESSAGES });
    expect(res.error).toMatch(/requires an API key/);
  });

  it('404 for an unknown model names the model', async () => {
    llm.strictModels = true;
    const res = await model({ model: 'gpt-nope' }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ complete: false, errorKind: 'not-found' });
    expect(res.error).toContain('"gpt-nope"');
  });

  it('404 on a wrong path asks to check the base URL', async () => {
    const res = await model({ baseUrl: `${llm.url}/nothing/v1` }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ errorKind: 'not-found' });
    expect(res.error).toMatch(/check the base URL/);
  });

  it.each([
    [500, 'server', /failed \(HTTP 500\): GPU on fire/],
    [502, 'server', /HTTP 502/],
    [400, 'bad-request', /refused the request \(HTTP 400\): GPU on fire/],
  ])('HTTP %i → %s', async (status, kind, message) => {
    llm.script({ status, json: { error: { message: 'GPU on fire', type: 'x' } } });
    const res = await model({ maxRetries: 0 }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ complete: false, errorKind: kind });
    expect(res.error).toMatch(message);
  });

  it('200 with a JSON error body → server error with its message', async () => {
    llm.script({ json: { error: { message: 'Model is still loading' } } });
    const res = await model().chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: '', complete: false, errorKind: 'server' });
    expect(res.error).toContain('Model is still loading');
  });

  it('an error event mid-stream keeps the partial text', async () => {
    llm.script({ deltas: ['Ton ', 'ami'], errorEvent: 'CUDA out of memory' });
    const res = await model().chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: 'Ton ami', complete: false, errorKind: 'server' });
    expect(res.error).toContain('CUDA out of memory');
  });

  it('an error status inside an event is classified by its code', async () => {
    llm.script({ raw: [`data: ${JSON.stringify({ error: { message: 'slow down', code: 429 } })}\n\n`] });
    expect(await model().chat({ messages: MESSAGES })).toMatchObject({ errorKind: 'rate-limit' });
  });

  it('invalid JSON in an event → protocol, partial text kept', async () => {
    llm.script({ raw: [`data: ${JSON.stringify({ choices: [{ delta: { content: 'Bon' } }] })}\n\n`, 'data: {"choices": [\n\n'] });
    const res = await model().chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: 'Bon', complete: false, errorKind: 'protocol' });
    expect(res.error).toMatch(/invalid JSON/);
  });

  it('a malformed SSE line → protocol', async () => {
    llm.script({ raw: [`data: ${JSON.stringify({ choices: [{ delta: { content: 'Bon' } }] })}\n\n`, 'dta {"choices":[]}\n\n'] });
    const res = await model().chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: 'Bon', complete: false, errorKind: 'protocol' });
    expect(res.error).toMatch(/malformed line/);
  });

  it('an HTML page → protocol, pointing at the base URL', async () => {
    llm.script({ raw: '<!doctype html><html><body>Welcome to nginx</body></html>', contentType: 'text/html' });
    const res = await model().chat({ messages: MESSAGES });
    expect(res).toMatchObject({ complete: false, errorKind: 'protocol' });
    expect(res.error).toMatch(/web page.*base URL/);
  });

  it('an empty 200 body → protocol', async () => {
    llm.script({ raw: '' });
    expect(await model().chat({ messages: MESSAGES })).toMatchObject({ complete: false, errorKind: 'protocol' });
  });

  it('a connection reset midway keeps the partial text', async () => {
    llm.script({ deltas: ['Ton ami ', 'a demandé'], end: 'reset' });
    const sink = tokenSink();
    const res = await model().chat({ messages: MESSAGES, onToken: sink.onToken });
    expect(res).toMatchObject({ text: 'Ton ami a demandé', complete: false, errorKind: 'stream-cut' });
    expect(res.error).toMatch(/connection to 127\.0\.0\.1:\d+ broke/);
    expect(sink.deltas.join('')).toBe('Ton ami a demandé');
  });

  it('a body that ends without [DONE] → stream-cut', async () => {
    llm.script({ deltas: ['Ton ami'], end: 'close' });
    const res = await model().chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: 'Ton ami', complete: false, errorKind: 'stream-cut' });
    expect(res.error).toMatch(/closed before the answer was complete/);
  });

  it('finish_reason length → incomplete, too-long', async () => {
    llm.script({ text: 'Une réponse coupée', finishReason: 'length' });
    const res = await model().chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: 'Une réponse coupée', complete: false, errorKind: 'too-long' });
  });

  it('a stall after some deltas → timeout with the partial text', async () => {
    llm.script({ deltas: ['Ton ', 'ami'], end: 'stall' });
    const started = Date.now();
    const res = await model({ timeoutMs: 300 }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: 'Ton ami', complete: false, errorKind: 'timeout' });
    expect(res.error).toMatch(/0\.3 s/);
    await expect.poll(() => llm.chatRequests()[0].clientGone).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('no first byte within the timeout → timeout', async () => {
    llm.script({ text: 'trop tard', delayMs: 1_500 });
    const res = await model({ timeoutMs: 200 }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: '', complete: false, errorKind: 'timeout' });
  });

  it('slow but steady deltas do not time out (the timeout is per silence)', async () => {
    llm.script({ deltas: ['a', 'b', 'c', 'd', 'e', 'f'], intervalMs: 120 });
    const res = await model({ timeoutMs: 400 }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: 'abcdef', complete: true });
  });

  it('an endless stream is cut at maxChars and the connection released', async () => {
    llm.script({ deltas: ['bla '], end: 'endless', intervalMs: 1 });
    const res = await model({ maxChars: 1_000 }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ complete: false, errorKind: 'too-long' });
    expect(res.text).toHaveLength(1_000);
    // The client hung up rather than leaving the stream flowing.
    await expect.poll(() => llm.chatRequests()[0].clientGone).toBe(true);
  });
});

describe('OpenAiChatModel retries', () => {
  it('retries a 429 with Retry-After, then succeeds', async () => {
    llm.script({ status: 429, headers: { 'retry-after': '0' }, json: { error: { message: 'Rate limit reached' } } }, { text: 'enfin' });
    const res = await model().chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: 'enfin', complete: true });
    expect(llm.chatRequests()).toHaveLength(2);
  });

  it('retries a 503, honouring retry-after-ms', async () => {
    llm.script({ status: 503, headers: { 'retry-after-ms': '20' } }, { status: 503 }, { text: 'ok' });
    expect(await model().chat({ messages: MESSAGES })).toMatchObject({ text: 'ok', complete: true });
    expect(llm.chatRequests()).toHaveLength(3);
  });

  it('gives up after maxRetries with a rate-limit error', async () => {
    const busy = { status: 429, headers: { 'retry-after': '0' }, json: { error: { message: 'Rate limit reached' } } };
    llm.script(busy, busy, busy, { text: 'never' });
    const res = await model({ maxRetries: 2 }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: '', complete: false, errorKind: 'rate-limit' });
    expect(res.error).toMatch(/HTTP 429.*gave up after 3 attempts/);
    expect(llm.chatRequests()).toHaveLength(3);
    expect(llm.pending()).toBe(1);
  });

  it('caps a huge Retry-After at maxRetryWaitMs', async () => {
    llm.script({ status: 429, headers: { 'retry-after': '3600' } }, { text: 'ok' });
    const started = Date.now();
    const res = await model({ maxRetryWaitMs: 50 }).chat({ messages: MESSAGES });
    expect(res).toMatchObject({ text: 'ok', complete: true });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('does not retry other statuses', async () => {
    llm.script({ status: 500 }, { text: 'never' });
    await model().chat({ messages: MESSAGES });
    expect(llm.chatRequests()).toHaveLength(1);
  });
});

describe('OpenAiChatModel cancellation and contract', () => {
  it('abort mid-stream keeps what arrived', async () => {
    llm.script({ deltas: ['un ', 'deux ', 'trois ', 'quatre'], intervalMs: 80 });
    const controller = new AbortController();
    const res = await model().chat({
      messages: MESSAGES,
      signal: controller.signal,
      onToken: (d) => {
        if (d === 'deux ') controller.abort();
      },
    });
    expect(res).toMatchObject({ text: 'un deux ', complete: false, errorKind: 'aborted' });
    await expect.poll(() => llm.chatRequests()[0].clientGone).toBe(true);
  });

  it('an already-aborted signal returns at once', async () => {
    llm.script({ text: 'ignored', delayMs: 2_000 });
    const res = await model().chat({ messages: MESSAGES, signal: AbortSignal.abort() });
    expect(res).toMatchObject({ text: '', complete: false, errorKind: 'aborted' });
  });

  it('abort during a retry wait stops waiting', async () => {
    llm.script({ status: 429, headers: { 'retry-after': '10' } }, { text: 'never' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const res = await model({ maxRetryWaitMs: 10_000 }).chat({ messages: MESSAGES, signal: controller.signal });
    expect(res).toMatchObject({ complete: false, errorKind: 'aborted' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('rejects only for programmer errors', async () => {
    await expect(model().chat({ messages: [] })).rejects.toThrow(TypeError);
    await expect(model().chat({ messages: [{ role: 'robot', content: 'x' }] as never })).rejects.toThrow(TypeError);
    llm.script({ text: 'abc' });
    const boom = new Error('UI bug');
    await expect(
      model().chat({
        messages: MESSAGES,
        onToken: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
  });
});

describe('the API key never appears in an error', () => {
  const echo = `key=${SECRET}; Authorization: Bearer ${SECRET}`;
  const cases: Array<[string, Parameters<LlmServer['script']>[0]]> = [
    ['500 body', { status: 500, json: { error: { message: echo } } }],
    ['400 text body', { status: 400, raw: echo }],
    ['429 body', { status: 429, headers: { 'retry-after': '0' }, json: { error: echo } }],
    ['200 JSON error', { json: { error: { message: echo } } }],
    ['error event', { deltas: ['a'], errorEvent: echo }],
    ['invalid JSON event', { raw: [`data: {"x": "${SECRET}"\n\n`] }],
    ['malformed line', { raw: [`${SECRET}\n\n`] }],
  ];
  it.each(cases)('%s', async (_name, reply) => {
    llm.script(reply);
    const res = await model({ apiKey: SECRET, maxRetries: 0 }).chat({ messages: MESSAGES });
    expect(res.complete).toBe(false);
    expect(res.error).toBeTruthy();
    expect(res.error).not.toContain(SECRET);
    expect(res.error).not.toContain(SECRET.slice(3));
  });

  it('nor in a transport error for a URL carrying it', async () => {
    const base = (await closedPortUrl()).replace('http://', `http://user:${SECRET}@`);
    const res = await model({ apiKey: SECRET, baseUrl: `${base}/v1?key=${SECRET}` }).chat({ messages: MESSAGES });
    expect(res.errorKind).toBe('unreachable');
    expect(res.error).not.toContain(SECRET);
  });
});
