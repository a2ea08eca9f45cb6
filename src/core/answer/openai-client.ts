// Chat over OpenAI-compatible `/v1/chat/completions` with `stream: true`: OpenAI,
// Mistral, LM Studio, llama.cpp's server, vLLM and most hosted gateways.

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
import { openAiEndpoints, type OpenAiEndpoints } from './endpoint';
import { openAiStreamDecoder } from './openai-stream';

export class OpenAiChatModel implements ChatEndpoint {
  readonly name: string;
  readonly provider = 'openai' as const;
  private readonly opts: ResolvedChatOptions;
  private readonly endpoints: OpenAiEndpoints | LlmError;

  constructor(options: ChatModelOptions) {
    this.opts = resolveChatOptions(options);
    this.name = options.name ?? this.opts.model;
    // A bad URL in the settings is the user's to fix: report it from chat(), never throw here.
    this.endpoints = endpointsOrError(() => openAiEndpoints(options.baseUrl));
  }

  async chat(req: ChatRequest): Promise<LlmChatResult> {
    assertChatRequest(req);
    if (this.endpoints instanceof LlmError) return failedResult(this.endpoints, [this.opts.apiKey]);
    const url = this.endpoints.chat;
    const context = { url, model: this.opts.model, hasKey: !!this.opts.apiKey, provider: this.provider };
    const temperature = req.temperature ?? this.opts.temperature;
    const body = {
      model: this.opts.model,
      messages: req.messages.map(({ role, content }) => ({ role, content })),
      stream: true,
      ...(temperature !== undefined ? { temperature } : {}),
      ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
    };
    return streamChat(
      {
        url,
        headers: { ...this.headers(), 'Content-Type': 'application/json', Accept: 'text/event-stream' },
        body: JSON.stringify(body),
        context,
        decoder: () => openAiStreamDecoder(context),
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
      url: this.endpoints.models,
      ...(signal ? { signal } : {}),
      what: 'a model list',
      // OpenAI: {data:[{id}]}; llama.cpp adds {models:[{name}]}.
      parse: (value) => {
        if (!isRecord(value) || !(Array.isArray(value.data) || Array.isArray(value.models))) return undefined;
        const entries = (Array.isArray(value.data) ? value.data : value.models) as unknown[];
        return entries.flatMap((e) => (isRecord(e) && typeof (e.id ?? e.name) === 'string' ? [String(e.id ?? e.name)] : []));
      },
    });
  }

  testConnection(signal?: AbortSignal): Promise<ConnectionDiagnosis> {
    const url = this.endpoints instanceof LlmError ? this.endpoints : this.endpoints.models;
    return testEndpoint(this.provider, url, this.opts.model, () => this.listModels(signal));
  }

  private headers(): Record<string, string> {
    return bearerHeaders(this.opts.apiKey);
  }
}
