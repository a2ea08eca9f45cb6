import { describe, expect, it } from 'vitest';
import { ollamaEndpoints, openAiEndpoints } from '../../../src/core/answer/endpoint';
import { errorDetail, fromHttpStatus, fromTransportError } from '../../../src/core/http/classify';
import { displayUrl, LlmError, oneLine, redact } from '../../../src/core/http/errors';
import { backoffDelay, parseRetryAfter } from '../../../src/core/http/retry';
import { SECRET } from './support';

describe('redact', () => {
  it.each([
    ['the exact key', `key is ${SECRET}!`, 'key is [redacted]!'],
    ['the URL-encoded key', `?k=${encodeURIComponent('a b/c+d=secret')}`, '?k=[redacted]'],
    ['a Bearer header', 'Authorization: Bearer abc.def-123', 'Authorization: Bearer [redacted]'],
    ['a masked key a provider echoes', 'Incorrect API key provided: sk-proj-****************wxyz.', 'Incorrect API key provided: [redacted].'],
    ['URL credentials', 'http://bob:hunter2@host/v1', 'http://host/v1'],
  ])('removes %s', (_name, text, expected) => {
    expect(redact(text, [SECRET, 'a b/c+d=secret'])).toBe(expected);
  });

  it('leaves ordinary text alone and ignores empty or tiny secrets', () => {
    expect(redact('Le modèle a répondu: ok', ['', undefined, 'ok'])).toBe('Le modèle a répondu: ok');
  });
});

describe('messages', () => {
  it('oneLine flattens and bounds server text', () => {
    expect(oneLine('a\n  b\tc')).toBe('a b c');
    expect(oneLine('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('displayUrl drops credentials and query', () => {
    expect(displayUrl(`https://u:p@api.example.com/v1/models?key=${SECRET}`)).toBe('https://api.example.com/v1/models');
  });

  it.each([
    ['{"error":{"message":"Bad key"}}', 'Bad key'],
    ['{"error":"model not found"}', 'model not found'],
    ['{"detail":"Not Found"}', '{"detail":"Not Found"}'],
    ['upstream connect error', 'upstream connect error'],
    ['<html><title>502</title></html>', undefined],
    ['   ', undefined],
  ])('errorDetail(%s)', (body, expected) => {
    expect(errorDetail(body)).toBe(expected);
  });
});

describe('fromTransportError', () => {
  const ctx = { url: 'http://127.0.0.1:11434/api/chat', model: 'm' };
  const withCause = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

  it.each([
    [withCause('ECONNREFUSED'), 'connect', 'unreachable'],
    [withCause('ENOTFOUND'), 'connect', 'dns'],
    [withCause('EAI_AGAIN'), 'connect', 'dns'],
    [withCause('UND_ERR_CONNECT_TIMEOUT'), 'connect', 'timeout'],
    [withCause('CERT_HAS_EXPIRED'), 'connect', 'unreachable'],
    [new Error('net::ERR_CONNECTION_REFUSED'), 'connect', 'unreachable'],
    [new Error('net::ERR_NAME_NOT_RESOLVED'), 'connect', 'dns'],
    [withCause('ECONNRESET'), 'stream', 'stream-cut'],
    [Object.assign(new Error('aborted'), { name: 'AbortError' }), 'connect', 'aborted'],
    [new Error('something odd'), 'connect', 'unreachable'],
  ] as const)('%s during %s → %s', (err, phase, kind) => {
    expect(fromTransportError(err, ctx, phase).kind).toBe(kind);
  });

  it('flags a bare browser TypeError as a probable CORS block', () => {
    expect(fromTransportError(new TypeError('Failed to fetch'), ctx, 'connect')).toMatchObject({ kind: 'unreachable', probableCors: true });
    expect(fromTransportError(withCause('ECONNREFUSED'), ctx, 'connect').probableCors).toBe(false);
  });

  it('passes LlmErrors through', () => {
    const e = new LlmError('timeout', 'slow');
    expect(fromTransportError(e, ctx, 'stream')).toBe(e);
  });
});

describe('fromHttpStatus', () => {
  const ctx = { url: 'https://api.mistral.ai/v1/chat/completions', model: 'mistral-large', hasKey: true };
  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [404, 'not-found'],
    [408, 'timeout'],
    [413, 'bad-request'],
    [422, 'bad-request'],
    [429, 'rate-limit'],
    [500, 'server'],
    [503, 'server'],
    [302, 'protocol'],
  ] as const)('%i → %s', (status, kind) => {
    const e = fromHttpStatus(status, undefined, ctx);
    expect(e).toMatchObject({ kind, status });
    expect(e.message).toContain('api.mistral.ai');
    expect(e.message).not.toMatch(/\n/);
  });
});

describe('retry timing', () => {
  const now = Date.parse('2024-12-26T15:03:00Z');
  it.each([
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after-ms': '150', 'retry-after': '9' }, 150],
    [{ 'retry-after': 'Thu, 26 Dec 2024 15:03:07 GMT' }, 7000],
    [{ 'retry-after': 'Thu, 26 Dec 2024 15:00:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('parseRetryAfter(%o) = %s', (headers, expected) => {
    expect(parseRetryAfter(headers as Record<string, string>, now)).toBe(expected);
  });

  it('backs off exponentially without advice, follows advice, and is capped', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 500, 3000))).toEqual([500, 1000, 2000, 3000]);
    expect(backoffDelay(3, 500, 3000, 100)).toBe(100);
    expect(backoffDelay(0, 500, 3000, 3_600_000)).toBe(3000);
  });
});

describe('base URL normalisation', () => {
  it.each([
    ['https://api.openai.com/v1', 'https://api.openai.com/v1/chat/completions'],
    ['https://api.openai.com/v1/', 'https://api.openai.com/v1/chat/completions'],
    ['https://api.openai.com', 'https://api.openai.com/v1/chat/completions'],
    ['http://127.0.0.1:1234//v1//', 'http://127.0.0.1:1234/v1/chat/completions'],
    ['localhost:8080', 'http://localhost:8080/v1/chat/completions'],
    ['http://127.0.0.1:8000/v1/chat/completions', 'http://127.0.0.1:8000/v1/chat/completions'],
    ['https://openrouter.ai/api/v1', 'https://openrouter.ai/api/v1/chat/completions'],
    ['https://generativelanguage.googleapis.com/v1beta/openai/', 'https://generativelanguage.googleapis.com/v1beta/openai/chat/completions'],
    ['  https://api.mistral.ai/v1?x=1  ', 'https://api.mistral.ai/v1/chat/completions'],
  ])('OpenAI %s', (base, chat) => {
    expect(openAiEndpoints(base).chat).toBe(chat);
    expect(openAiEndpoints(base).models).toBe(chat.replace(/chat\/completions$/, 'models'));
  });

  it.each([
    ['http://127.0.0.1:11434', 'http://127.0.0.1:11434/api/chat'],
    ['http://127.0.0.1:11434/', 'http://127.0.0.1:11434/api/chat'],
    ['http://127.0.0.1:11434/api', 'http://127.0.0.1:11434/api/chat'],
    ['http://127.0.0.1:11434/api/chat', 'http://127.0.0.1:11434/api/chat'],
    ['http://127.0.0.1:11434/v1', 'http://127.0.0.1:11434/api/chat'],
    ['https://proxy.example/ollama/', 'https://proxy.example/ollama/api/chat'],
  ])('Ollama %s', (base, chat) => {
    expect(ollamaEndpoints(base).chat).toBe(chat);
  });

  it.each(['', 'ftp://x', 'http://', 'file:///etc/passwd'])('rejects %j with one line', (base) => {
    expect(() => openAiEndpoints(base)).toThrow(/base URL/);
  });
});
