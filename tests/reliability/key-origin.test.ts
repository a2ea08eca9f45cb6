// A key belongs to an origin. Two loopback servers on two ports are two origins: a key entered for
// the first never reaches the second, whether the host changes in the settings tab's way, by a
// preset, by hand in data.json, or by a redirect; and a redirect to another origin is refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openAiEndpoints, ollamaEndpoints } from '../../src/core/answer/endpoint';
import { fetchHttpClient } from '../../src/core/http/fetch-client';
import { boundApiKey, isPlainHttpRemote, urlOrigin } from '../../src/core/http/origin';
import { RedirectRefusedError } from '../../src/core/http/redirects';
import { chatModelFromSettings } from '../../src/plugin/chat-model';
import { ObsidianHttpClient, MAX_REQUEST_URL_BYTES } from '../../src/plugin/adapters/http-client';
import { loadSettings } from '../../src/plugin/settings/load-settings';
import { clearKeyForNewOrigin, setApiKey } from '../../src/plugin/settings/key-origin';
import { chatModelFromFlags } from '../../src/cli/commands/ask-command';
import { parseCli } from '../../src/cli/args';
import { startLlmServer, type LlmServer } from '../fakes/llm-server';
import { recordTrials } from './support/trials';

const KEY = 'sk-origin-bound-0123456789abcdef';
let a: LlmServer;
let b: LlmServer;
let redirector: Server;
let redirectorUrl = '';
const redirectTo = { url: '' };

beforeAll(async () => {
  a = await startLlmServer({ models: ['m'], defaultReply: { text: 'A' } });
  b = await startLlmServer({ models: ['m'], defaultReply: { text: 'B' } });
  redirector = createServer((req, res) => {
    res.writeHead(307, { location: `${redirectTo.url}${req.url ?? ''}` });
    res.end();
  });
  await new Promise<void>((ok) => redirector.listen(0, '127.0.0.1', ok));
  redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close(), new Promise((ok) => redirector?.close(ok))]);
});

const keysSeenBy = (server: LlmServer) => server.requests.map((r) => r.headers.authorization ?? '').filter((h) => h.includes(KEY)).length;
const ask = async (llm: Parameters<typeof chatModelFromSettings>[0], http = fetchHttpClient()) => {
  const model = chatModelFromSettings(llm, http)!;
  return model.chat({ messages: [{ role: 'user', content: 'q' }] });
};
function settingsFor(url: string) {
  const s = loadSettings({ version: 1, llm: { preset: 'custom', provider: 'openai', baseUrl: `${url}/v1`, model: 'm' } });
  return s.llm;
}

describe('a key belongs to an origin', () => {
  it('after a host change the key reaches no other origin', async () => {
    let trials = 0;
    // Entered for A: sent to A.
    const llm = settingsFor(a.url);
    setApiKey(llm, KEY);
    await ask(llm);
    expect(keysSeenBy(a)).toBe(1);
    trials++;

    // The settings tab moves the address to B: the key is cleared, B is asked without it.
    llm.baseUrl = `${b.url}/v1`;
    expect(clearKeyForNewOrigin(llm)).toBe(urlOrigin(b.url));
    await ask(llm);
    trials++;

    // data.json edited by hand (or synced from elsewhere): B with A's key still stored.
    const edited = loadSettings({ version: 1, llm: { preset: 'custom', provider: 'openai', baseUrl: `${b.url}/v1`, model: 'm', apiKey: KEY, apiKeyOrigin: urlOrigin(a.url) } }).llm;
    await ask(edited);
    trials++;
    // The Ollama protocol on B with A's key.
    await ask({ ...edited, provider: 'ollama', baseUrl: b.url });
    trials++;

    // Settings from before keys had an origin: bound to the address they were saved with.
    const legacy = loadSettings({ version: 1, llm: { preset: 'custom', provider: 'openai', baseUrl: `${a.url}/v1`, model: 'm', apiKey: KEY } }).llm;
    expect(legacy.apiKeyOrigin).toBe(urlOrigin(a.url));
    await ask(legacy);
    expect(keysSeenBy(a)).toBe(2);
    await ask({ ...legacy, baseUrl: `${b.url}/v1` });
    trials += 2;

    // A key entered for A through a redirect from A's own origin to B: refused before B.
    redirectTo.url = b.url;
    const viaRedirect = settingsFor(redirectorUrl);
    setApiKey(viaRedirect, KEY);
    for (const http of [fetchHttpClient(), new ObsidianHttpClient({ fetch: (i, init) => fetch(i, init) })]) {
      const result = await ask(viaRedirect, http);
      expect(result.complete).toBe(false);
      expect(result.error).toMatch(/redirected to .*another origin: refused/);
    }
    trials += 2;

    expect(keysSeenBy(b)).toBe(0);
    expect(b.requests.length).toBeGreaterThanOrEqual(4); // B was asked, only without the key
    recordTrials({
      guarantee: 'API key bound to its origin',
      trials,
      faults: 'two loopback servers (two ports, two origins): host changed in the settings, data.json edited to another host with the old key, the Ollama protocol on it, settings from before keys had an origin, a 307 redirect to the other origin (Node fetch and the plugin\'s client)',
      lost: `nothing: the key reached the other origin 0 times (it reached its own ${keysSeenBy(a)} times); the cross-origin redirect refused before any request`,
      file: 'tests/reliability/key-origin.test.ts',
    });
  });

  it('refuses a cross-origin redirect, follows one within the origin', async () => {
    const http = fetchHttpClient();
    redirectTo.url = b.url;
    const before = b.requests.length;
    await expect(http.request({ url: `${redirectorUrl}/v1/models`, headers: { authorization: `Bearer ${KEY}` } })).rejects.toBeInstanceOf(RedirectRefusedError);
    expect(b.requests.length).toBe(before);
    redirectTo.url = redirectorUrl.replace('/127.0.0.1:', '/localhost:'); // same port, other host name: another origin
    await expect(http.request({ url: `${redirectorUrl}/v1/models` })).rejects.toBeInstanceOf(RedirectRefusedError);
    // Within the origin: followed (a server that moved its API path).
    const sameOrigin = createServer((req, res) => {
      if (req.url === '/old/v1/models') {
        res.writeHead(308, { location: '/v1/models' });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data":[]}');
      }
    });
    await new Promise<void>((ok) => sameOrigin.listen(0, '127.0.0.1', ok));
    const port = (sameOrigin.address() as AddressInfo).port;
    const res = await http.request({ url: `http://127.0.0.1:${port}/old/v1/models` });
    expect(res.status).toBe(200);
    await new Promise((ok) => sameOrigin.close(ok));
  });

  it('outside loopback an address without a scheme is https; plain http warns', () => {
    expect(openAiEndpoints('api.mistral.ai/v1').chat).toBe('https://api.mistral.ai/v1/chat/completions');
    expect(openAiEndpoints('localhost:1234').chat).toBe('http://localhost:1234/v1/chat/completions');
    expect(ollamaEndpoints('127.0.0.1:11434').chat).toBe('http://127.0.0.1:11434/api/chat');
    expect(ollamaEndpoints('[::1]:11434').chat).toBe('http://[::1]:11434/api/chat');
    expect([isPlainHttpRemote('http://10.0.0.5:8080'), isPlainHttpRemote('http://localhost:8080'), isPlainHttpRemote('https://api.openai.com'), isPlainHttpRemote('example.com')]).toEqual([true, false, false, false]);
    expect(boundApiKey(KEY, 'https://api.openai.com', 'https://api.openai.com/v1')).toBe(KEY);
    expect(boundApiKey(KEY, 'https://api.openai.com', 'http://api.openai.com/v1')).toBeUndefined();
    expect(boundApiKey(KEY, 'https://api.openai.com', 'https://api.openai.com:8443/v1')).toBeUndefined();

    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.env.ASK_VAULT_TEST_KEY = KEY;
    try {
      chatModelFromFlags(parseCli(['ask', '.', 'q', '--endpoint', 'http://10.0.0.5:8080/v1', '--api-key-env', 'ASK_VAULT_TEST_KEY']) as Exclude<ReturnType<typeof parseCli>, 'help'>);
      chatModelFromFlags(parseCli(['ask', '.', 'q', '--endpoint', 'http://localhost:8080/v1']) as Exclude<ReturnType<typeof parseCli>, 'help'>);
      const lines = stderr.mock.calls.map((c) => String(c[0]));
      expect(lines.filter((l) => l.startsWith('warning:'))).toHaveLength(1);
      expect(lines.join('')).toMatch(/plain http to another computer: the key and the notes/);
    } finally {
      stderr.mockRestore();
      delete process.env.ASK_VAULT_TEST_KEY;
    }
  });

  it('the requestUrl fallback refuses a response larger than an answer can be', async () => {
    const big = new ArrayBuffer(MAX_REQUEST_URL_BYTES + 1);
    const client = new ObsidianHttpClient({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      requestUrl: () => Promise.resolve({ status: 200, headers: {}, arrayBuffer: big, json: null, text: '' } as never),
    });
    await expect(client.request({ url: 'http://127.0.0.1:9/v1/models' })).rejects.toThrow(/MB, more than/);
  });
});
