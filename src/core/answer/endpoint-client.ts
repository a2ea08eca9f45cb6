// What the OpenAI and Ollama chat clients share around the chat stream itself: URLs that may be
// wrong (reported at use, never thrown at construction), the Bearer header, the model listing
// over the shared JSON exchange, and "Test connection".

import { LlmError } from '../http/errors';
import { exchangeJson } from '../http/json-exchange';
import type { ResolvedChatOptions } from './chat-stream';
import { diagnoseConnection, type ConnectionDiagnosis } from './connection';

/** The endpoints a base URL gives, or the one-line error that says why it gives none. */
export function endpointsOrError<T>(make: () => T): T | LlmError {
  try {
    return make();
  } catch (err) {
    return new LlmError('unreachable', (err as Error).message);
  }
}

export function bearerHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { Authorization: `Bearer ${apiKey}` } : {};
}

export interface ListingRequest {
  opts: ResolvedChatOptions;
  provider: 'openai' | 'ollama';
  url: string;
  signal?: AbortSignal;
  /** The model ids in the listing's body, or undefined when it is not a listing. */
  parse: (value: unknown) => string[] | undefined;
  /** "a model list", "Ollama's model list". */
  what: string;
}

export async function listModelsAt(req: ListingRequest): Promise<string[]> {
  const { opts, url } = req;
  const value = await exchangeJson({
    http: opts.http,
    url,
    headers: bearerHeaders(opts.apiKey),
    timeoutMs: Math.min(opts.timeoutMs, 15_000),
    ...(req.signal ? { signal: req.signal } : {}),
    context: { url, hasKey: !!opts.apiKey, provider: req.provider },
    secrets: [opts.apiKey],
  });
  const models = req.parse(value);
  if (!models) throw new LlmError('protocol', `${url} did not return ${req.what}: check the base URL.`);
  return models;
}

export function testEndpoint(
  provider: 'openai' | 'ollama',
  listUrl: string | LlmError,
  model: string,
  listModels: () => Promise<string[]>,
): Promise<ConnectionDiagnosis> {
  if (listUrl instanceof LlmError) return Promise.resolve({ status: 'wrong-url', message: listUrl.message, models: [] });
  return diagnoseConnection({ provider, url: listUrl, model, listModels });
}
