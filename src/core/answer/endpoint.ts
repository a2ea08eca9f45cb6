// Base URLs as users paste them ("localhost:1234", "…/v1/", "…/v1/chat/completions",
// "http://127.0.0.1:11434/api") → the URLs each protocol needs.

import { withDefaultScheme } from '../http/origin';

export interface OpenAiEndpoints {
  chat: string;
  models: string;
}

export interface OllamaEndpoints {
  chat: string;
  tags: string;
}

/**
 * OpenAI-compatible: keep any versioned path the provider uses (`/v1`,
 * OpenRouter's `/api/v1`, Gemini's `/v1beta/openai`) and append `/v1` only when
 * the path has no version segment at all (LM Studio pasted as `http://host:1234`).
 * Throws a one-line Error when the text is not an http(s) URL.
 */
export function openAiEndpoints(baseUrl: string): OpenAiEndpoints {
  const url = parseBase(baseUrl);
  let path = trimSlashes(url.pathname).replace(/\/(chat\/completions|completions|models)$/i, '');
  if (!/(^|\/)v\d+[a-z0-9]*(\/|$)/i.test(path)) path = `${path}/v1`;
  const root = `${url.origin}${path.startsWith('/') ? '' : '/'}${path}`;
  return { chat: `${root}/chat/completions`, models: `${root}/models` };
}

/** Ollama's native API lives at the server root; a pasted `/api…` or `/v1` suffix is dropped. */
export function ollamaEndpoints(baseUrl: string): OllamaEndpoints {
  const url = parseBase(baseUrl);
  const path = trimSlashes(url.pathname).replace(/\/(api(\/(chat|tags|generate))?|v1(\/chat\/completions)?)$/i, '');
  const root = `${url.origin}${path}`;
  return { chat: `${root}/api/chat`, tags: `${root}/api/tags` };
}

function parseBase(baseUrl: string): URL {
  const text = baseUrl.trim();
  if (!text) throw new Error('The base URL is empty.');
  // "localhost:11434" would otherwise parse as the scheme "localhost:"; a remote host without a
  // scheme gets https (http only on this computer).
  const withScheme = withDefaultScheme(text);
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`The base URL "${text}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`The base URL must start with http:// or https:// (got "${url.protocol}").`);
  }
  url.search = '';
  url.hash = '';
  return url;
}

function trimSlashes(path: string): string {
  return path.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
}
