// Chat over OpenAI-compatible `/v1/chat/completions` with `stream: true`: OpenAI,
// Mistral, LM Studio, llama.cpp's server, vLLM and most hosted gateways.

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
    try {
      this.endpoints = openAiEndpoints(options.baseUrl);
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

  async listModels(signal?: AbortSignal): Promise<string[]> {
    if (this.endpoints instanceof LlmError) throw this.endpoints;
    const url = this.endpoints.models;
    const value = await getJson({
      http: this.opts.http,
      url,
      headers: this.headers(),
      timeoutMs: Math.min(this.opts.timeoutMs, 15_000),
      signal,
      context: { url, hasKey: !!this.opts.apiKey, provider: this.provider },
      secrets: [this.opts.apiKey],
    });
    // OpenAI: {data:[{id}]}; llama.cpp adds {models:[{name}]}.
    if (!isRecord(value) || !(Array.isArray(value.data) || Array.isArray(value.models))) {
      throw new LlmError('protocol', `${url} did not return a model list: check the base URL.`);
    }
    const entries = (Array.isArray(value.data) ? value.data : value.models) as unknown[];
    return entries.flatMap((e) => (isRecord(e) && typeof (e.id ?? e.name) === 'string' ? [String(e.id ?? e.name)] : []));
  }

  testConnection(signal?: AbortSignal): Promise<ConnectionDiagnosis> {
    if (this.endpoints instanceof LlmError) {
      return Promise.resolve({ status: 'wrong-url', message: this.endpoints.message, models: [] });
    }
    return diagnoseConnection({
      provider: this.provider,
      url: this.endpoints.models,
      model: this.opts.model,
      listModels: () => this.listModels(signal),
    });
  }

  private headers(): Record<string, string> {
    return this.opts.apiKey ? { Authorization: `Bearer ${this.opts.apiKey}` } : {};
  }
}
