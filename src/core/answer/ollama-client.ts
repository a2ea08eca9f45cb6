// Chat over Ollama's native `/api/chat`, streamed as NDJSON. No key is needed,
// but one is sent as a Bearer token when given (Ollama behind an authenticating proxy).

import type { ChatRequest } from '../ports';
import { isRecord } from '../http/classify';
import { LlmError } from '../http/errors';
import {
  assertChatRequest,
  failedResult,
  resolveChatOptions,
  streamChat,
  type ChatModelOptions,
  type LlmChatResult,
  type ResolvedChatOptions,
} from './chat-stream';
import type { ChatEndpoint, ConnectionDiagnosis } from './connection';
import { bearerHeaders, endpointsOrError, listModelsAt, testEndpoint } from './endpoint-client';
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
    // A bad URL in the settings is the user's to fix: report it from chat(), never throw here.
    this.endpoints = endpointsOrError(() => ollamaEndpoints(options.baseUrl));
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

  listModels(signal?: AbortSignal): Promise<string[]> {
    if (this.endpoints instanceof LlmError) return Promise.reject(this.endpoints);
    return listModelsAt({
      opts: this.opts,
      provider: this.provider,
      url: this.endpoints.tags,
      ...(signal ? { signal } : {}),
      what: "Ollama's model list",
      parse: (value) =>
        isRecord(value) && Array.isArray(value.models)
          ? value.models.flatMap((m: unknown) => (isRecord(m) && typeof (m.name ?? m.model) === 'string' ? [String(m.name ?? m.model)] : []))
          : undefined,
    });
  }

  testConnection(signal?: AbortSignal): Promise<ConnectionDiagnosis> {
    const url = this.endpoints instanceof LlmError ? this.endpoints : this.endpoints.tags;
    return testEndpoint(this.provider, url, this.opts.model, () => this.listModels(signal));
  }

  private headers(): Record<string, string> {
    return bearerHeaders(this.opts.apiKey);
  }
}
