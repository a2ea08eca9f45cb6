// Chat over Ollama's native `/api/chat`, streamed as NDJSON. No key is needed,
// but one is sent as a Bearer token when given (Ollama behind an authenticating proxy).

import type { ChatRequest } from '../ports';
import { isRecord } from '../http/classify';
import { LlmError } from '../http/errors';
import { getJson } from '../http/json-request';
import {
  assertChatRequest,
  failedResult,
  resolveChatOptions,
  streamChat,
  type ChatModelOptions,
  type LlmChatResult,
  type ResolvedChatOptions,
} from './chat-stream';
import { diagnoseConnection, type ChatEndpoint, type ConnectionDiagnosis } from './connection';
import { ollamaEndpoints, type OllamaEndpoints } from './endpoint';
import { ollamaStreamDecoder } from './ollama-stream';

export class OllamaChatModel implements ChatEndpoint {
  readonly name: string;
  readonly provider = 'ollama' as const;
  private readonly opts: ResolvedChatOptions;
  private readonly endpoints: OllamaEndpoints | LlmError;

  constructor(options: ChatModelOptions) {
    this.opts = resolveChatOptions(options);
    this.name = options.name ?? this.opts.model;
    try {
      this.endpoints = ollamaEndpoints(options.baseUrl);
    } catch (err) {
      this.endpoints = new LlmError('unreachable', (err as Error).message);
    }
  }

  async chat(req: ChatRequest): Promise<LlmChatResult> {
    assertChatRequest(req);
    if (this.endpoints instanceof LlmError) return failedResult(this.endpoints, [this.opts.apiKey]);
    const url = this.endpoints.chat;
    const context = { url, model: this.opts.model, hasKey: !!this.opts.apiKey, provider: this.provider };
    const temperature = req.temperature ?? this.opts.temperature;
    const options = {
      ...(temperature !== undefined ? { temperature } : {}),
      ...(req.maxTokens !== undefined ? { num_predict: req.maxTokens } : {}),
    };
    const body = {
      model: this.opts.model,
      messages: req.messages.map(({ role, content }) => ({ role, content })),
      stream: true,
      ...(Object.keys(options).length ? { options } : {}),
    };
    return streamChat(
      {
        url,
        headers: { ...this.headers(), 'Content-Type': 'application/json', Accept: 'application/x-ndjson' },
        body: JSON.stringify(body),
        context,
        decoder: () => ollamaStreamDecoder(context),
      },
      this.opts,
      req,
    );
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    if (this.endpoints instanceof LlmError) throw this.endpoints;
    const url = this.endpoints.tags;
    const value = await getJson({
      http: this.opts.http,
      url,
      headers: this.headers(),
      timeoutMs: Math.min(this.opts.timeoutMs, 15_000),
      signal,
      context: { url, hasKey: !!this.opts.apiKey, provider: this.provider },
      secrets: [this.opts.apiKey],
    });
    if (!isRecord(value) || !Array.isArray(value.models)) {
      throw new LlmError('protocol', `${url} did not return Ollama's model list: check the base URL.`);
    }
    return value.models.flatMap((m: unknown) =>
      isRecord(m) && typeof (m.name ?? m.model) === 'string' ? [String(m.name ?? m.model)] : [],
    );
  }

  testConnection(signal?: AbortSignal): Promise<ConnectionDiagnosis> {
    if (this.endpoints instanceof LlmError) {
      return Promise.resolve({ status: 'wrong-url', message: this.endpoints.message, models: [] });
    }
    return diagnoseConnection({
      provider: this.provider,
      url: this.endpoints.tags,
      model: this.opts.model,
      listModels: () => this.listModels(signal),
    });
  }

  private headers(): Record<string, string> {
    return this.opts.apiKey ? { Authorization: `Bearer ${this.opts.apiKey}` } : {};
  }
}
