// @vitest-environment happy-dom
// "Test connection" through the plugin's HTTP client: happy-dom's fetch enforces CORS like the
// app does, and the loopback server sends no CORS headers, so the fallback path is the real one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, type LlmSettings } from '../../src/core/settings';
import { ObsidianHttpClient } from '../../src/plugin/adapters/http-client';
import { chatModelFromSettings, endpointName, testLlmConnection } from '../../src/plugin/chat-model';
import { setLanguage } from '../../src/plugin/i18n';
import { startLlmServer, type LlmServer } from '../fakes/llm-server';

let llm: LlmServer;
beforeAll(async () => {
  llm = await startLlmServer({ models: ['llama3.1:8b', 'mistral'] });
  setLanguage('en');
});
afterAll(async () => {
  await llm.close();
  setLanguage(null);
});
afterEach(() => {
  llm.apiKey = undefined;
});

function llmSettings(over: Partial<LlmSettings>): LlmSettings {
  return { ...defaultSettings().llm, preset: 'ollama', provider: 'ollama', baseUrl: llm.url, model: 'llama3.1:8b', ...over };
}

describe('chat model from the settings', () => {
  it('is null without an endpoint, and named after the preset', () => {
    expect(chatModelFromSettings(defaultSettings().llm, new ObsidianHttpClient())).toBeNull();
    expect(chatModelFromSettings(llmSettings({ model: '' }), new ObsidianHttpClient())).toBeNull();
    expect(chatModelFromSettings(llmSettings({}), new ObsidianHttpClient())?.name).toBe('Ollama');
    expect(endpointName(llmSettings({ preset: 'custom', baseUrl: 'https://llm.example.org:8443/v1' }))).toBe('llm.example.org:8443');
  });
});

describe('testLlmConnection', () => {
  it('connects through requestUrl when the server refuses the app\'s origin, and gives the OLLAMA_ORIGINS fix', async () => {
    const d = await testLlmConnection(llmSettings({}), new ObsidianHttpClient());
    expect(d.status).toBe('ok');
    expect(d.message).toContain('Connected to 127.0.0.1');
    expect(d.message).toContain('OLLAMA_ORIGINS=app://obsidian.md*');
  });

  it('names a model the server does not offer, and lists those it does', async () => {
    const d = await testLlmConnection(llmSettings({ model: 'qwen3' }), new ObsidianHttpClient());
    expect(d.status).toBe('unknown-model');
    expect(d.message).toContain('does not offer qwen3. Available: llama3.1:8b, mistral.');
  });

  it('tells a wrong key apart', async () => {
    llm.apiKey = 'sk-right';
    const d = await testLlmConnection(llmSettings({ preset: 'custom', provider: 'openai', apiKey: 'sk-wrong', model: 'mistral' }), new ObsidianHttpClient());
    expect(d.status).toBe('wrong-key');
    expect(d.message).not.toContain('sk-wrong');
  });

  it('tells a wrong address apart, and a server that is not there', async () => {
    const wrong = await testLlmConnection(llmSettings({ preset: 'custom', provider: 'openai', baseUrl: `${llm.url}/nothing/here/v1` }), new ObsidianHttpClient());
    expect(wrong.status).toBe('wrong-url');
    const gone = await testLlmConnection(llmSettings({ baseUrl: 'http://127.0.0.1:9' }), new ObsidianHttpClient());
    expect(gone.status).toBe('unreachable');
    expect(gone.message).toMatch(/^Cannot reach 127\.0\.0\.1:9/);
    expect((await testLlmConnection(llmSettings({ baseUrl: 'ftp://x' }), new ObsidianHttpClient())).message).toContain('is not a valid address');
    expect((await testLlmConnection(llmSettings({ preset: 'none' }), new ObsidianHttpClient())).message).toBe('Choose a provider and a base URL first.');
  });
});
