// A rerank endpoint: the llama.cpp server started with `--reranking`, vLLM, Jina, Cohere and
// TEI-compatible gateways all take `{model, query, documents}` at `/v1/rerank` and answer
// `{results: [{index, relevance_score}]}` (sorted by score, possibly cut to `top_n`).

import type { HttpClient } from '../ports';
import { openAiEndpoints } from '../answer/endpoint';
import { hostOf, isRecord } from '../http/classify';
import { LlmError } from '../http/errors';
import { exchangeJson } from '../http/json-exchange';
import { bearerHeaders } from '../answer/endpoint-client';
import type { Reranker } from './rerank';

export interface EndpointRerankerOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  http: HttpClient;
  /** Longest silence, ms. Default 20 s: a query waits for it. */
  timeoutMs?: number;
}

export class EndpointReranker implements Reranker {
  readonly name: string;
  private readonly url: string | LlmError;

  constructor(private readonly opts: EndpointRerankerOptions) {
    this.name = `endpoint:${opts.model}`;
    try {
      this.url = openAiEndpoints(opts.baseUrl.trim().replace(/\/(rerank|embeddings)\/*$/i, '')).models.replace(/\/models$/, '/rerank');
    } catch (err) {
      this.url = new LlmError('unreachable', (err as Error).message);
    }
  }

  async score(query: string, documents: string[], signal?: AbortSignal): Promise<number[]> {
    if (typeof this.url !== 'string') throw this.url;
    const url = this.url;
    const { apiKey, model } = this.opts;
    const value = await exchangeJson({
      http: this.opts.http,
      url,
      body: { model, query, documents, top_n: documents.length },
      headers: bearerHeaders(apiKey),
      timeoutMs: this.opts.timeoutMs ?? 20_000,
      ...(signal ? { signal } : {}),
      context: { url, model, hasKey: !!apiKey, provider: 'openai' },
      secrets: [apiKey],
    });
    const results = isRecord(value) && Array.isArray(value.results) ? (value.results as unknown[]) : undefined;
    if (!results) throw new LlmError('protocol', `${hostOf(url)} did not answer with rerank results.`);
    // Documents the server left out (top_n ignored, or a cut list) rank below every scored one.
    const scores = documents.map(() => -Infinity);
    for (const r of results) {
      const index = isRecord(r) ? r.index : undefined;
      const score = isRecord(r) ? (r.relevance_score ?? r.score) : undefined;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= documents.length || typeof score !== 'number' || !Number.isFinite(score)) {
        throw new LlmError('protocol', `${hostOf(url)} returned a malformed rerank result.`);
      }
      scores[index] = score;
    }
    return scores.map((s) => (s === -Infinity ? -1e9 : s));
  }
}
