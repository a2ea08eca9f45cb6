import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatModel, presetById, PROVIDER_PRESETS } from '../../../src/core/answer/model-factory';
import { OllamaChatModel } from '../../../src/core/answer/ollama-client';
import { OpenAiChatModel } from '../../../src/core/answer/openai-client';
import { fetchHttpClient } from '../../../src/core/http/fetch-client';
import { LlmError } from '../../../src/core/http/errors';
import { startLlmServer, type LlmServer } from '../../fakes/llm-server';
import { closedPortUrl, SECRET } from './support';

let llm: LlmServer;
const http = fetchHttpClient();

beforeAll(async () => {
  llm = await startLlmServer({ models: ['gpt-test', 'llama3.2:latest'] });
});
afterAll(() => llm.close());
beforeEach(() => {
  llm.reset();
  llm.apiKey = undefined;
});

describe('listModels', () => {
  it('lists OpenAI-compatible models from /v1/models', async () => {
    const m = createChatModel({ provider: 'openai', baseUrl: llm.url, model: 'gpt-test', apiKey: SECRET }, http);
    expect(await m.listModels()).toEqual(['gpt-test', 'llama3.2:latest']);
    expect(llm.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(llm.requests[0].headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('lists Ollama models from /api/tags', async () => {
    const m = createChatModel({ provider: 'ollama', baseUrl: `${llm.url}/`, model: 'llama3.2' }, http);
    expect(await m.listModels()).toEqual(['gpt-test', 'llama3.2:latest']);
    expect(llm.requests[0]).toMatchObject({ method: 'GET', path: '/api/tags' });
  });

  it('rejects with a redacted LlmError', async () => {
    llm.apiKey = 'right';
    const m = createChatModel({ provider: 'openai', baseUrl: llm.url, model: 'gpt-test', apiKey: SECRET }, http);
    const error: unknown = await m.listModels().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ name: 'LlmError', kind: 'auth', status: 401 });
    expect((error as LlmError).message).not.toContain(SECRET);
  });
});

describe('testConnection', () => {
  const openai = (over: { baseUrl?: string; model?: string; apiKey?: string } = {}) =>
    createChatModel({ provider: 'openai', baseUrl: llm.url, model: 'gpt-test', ...over }, http);
  const ollama = (over: { baseUrl?: string; model?: string } = {}) =>
    createChatModel({ provider: 'ollama', baseUrl: llm.url, model: 'llama3.2', ...over }, http);

  it('ok when the model is offered (Ollama matches an implicit :latest)', async () => {
    expect(await openai().testConnection()).toMatchObject({ status: 'ok', models: ['gpt-test', 'llama3.2:latest'] });
    expect(await ollama().testConnection()).toMatchObject({ status: 'ok' });
  });

  it('ok with a prompt to choose when no model is set yet', async () => {
    const d = await openai({ model: '' }).testConnection();
    expect(d.status).toBe('ok');
    expect(d.message).toMatch(/2 model\(s\) available/);
  });

  it('unknown-model lists what the server offers', async () => {
    const d = await ollama({ model: 'qwen3' }).testConnection();
    expect(d.status).toBe('unknown-model');
    expect(d.message).toContain('"qwen3"');
    expect(d.message).toContain('llama3.2:latest');
    expect(d.message).toContain('ollama pull qwen3');
  });

  it('wrong-key on 401, without the key in the message', async () => {
    llm.apiKey = 'right';
    const d = await openai({ apiKey: SECRET }).testConnection();
    expect(d.status).toBe('wrong-key');
    expect(d.message).not.toContain(SECRET);
  });

  it('wrong-url on 404, on a web page, on JSON that is not a model list, and on an invalid URL', async () => {
    expect((await openai({ baseUrl: `${llm.url}/nope/v1` }).testConnection()).status).toBe('wrong-url');
    llm.scriptModels({ raw: '<html>router login</html>', contentType: 'text/html' });
    expect((await openai().testConnection()).status).toBe('wrong-url');
    llm.scriptModels({ json: { hello: 'world' } });
    expect((await ollama().testConnection()).status).toBe('wrong-url');
    expect((await openai({ baseUrl: 'not a url at all' }).testConnection()).status).toBe('wrong-url');
  });

  it('unreachable when nothing listens, or the host does not resolve', async () => {
    expect((await ollama({ baseUrl: await closedPortUrl() }).testConnection()).status).toBe('unreachable');
    expect((await openai({ baseUrl: 'http://nowhere.invalid' }).testConnection()).status).toBe('unreachable');
  });

  it('cors when the page-level fetch fails without a status, with the OLLAMA_ORIGINS hint', async () => {
    // What Chromium (Obsidian) throws for a CORS refusal: a bare TypeError, no cause.
    const blocked = fetchHttpClient(() => Promise.reject(new TypeError('Failed to fetch')));
    const d = await new OllamaChatModel({ baseUrl: 'http://127.0.0.1:11434', model: 'llama3.2', http: blocked }).testConnection();
    expect(d.status).toBe('cors');
    expect(d.message).toContain('OLLAMA_ORIGINS=app://obsidian.md*');
    const o = await new OpenAiChatModel({ baseUrl: 'http://127.0.0.1:1234/v1', model: 'x', http: blocked }).testConnection();
    expect(o.status).toBe('cors');
    expect(o.message).toMatch(/CORS/);
  });
});

describe('createChatModel and presets', () => {
  it('builds the client of the provider', () => {
    expect(createChatModel({ provider: 'openai', baseUrl: 'http://x', model: 'm' }, http)).toBeInstanceOf(OpenAiChatModel);
    const o = createChatModel({ provider: 'ollama', baseUrl: 'http://x', model: 'm', name: 'Local' }, http);
    expect(o).toBeInstanceOf(OllamaChatModel);
    expect(o.name).toBe('Local');
    expect(() => createChatModel({ provider: 'bogus' as never, baseUrl: '', model: '' }, http)).toThrow(/Unknown chat provider/);
  });

  it('offers the documented presets', () => {
    expect(Object.fromEntries(PROVIDER_PRESETS.map((p) => [p.id, [p.protocol, p.baseUrl]]))).toEqual({
      openai: ['openai', 'https://api.openai.com/v1'],
      mistral: ['openai', 'https://api.mistral.ai/v1'],
      ollama: ['ollama', 'http://127.0.0.1:11434'],
      lmstudio: ['openai', 'http://127.0.0.1:1234/v1'],
      llamacpp: ['openai', 'http://127.0.0.1:8080/v1'],
      vllm: ['openai', 'http://127.0.0.1:8000/v1'],
      custom: ['openai', ''],
    });
    expect(presetById('ollama')?.local).toBe(true);
    expect(presetById('nope')).toBeUndefined();
  });
});
