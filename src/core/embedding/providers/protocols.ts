// The two wire protocols for embeddings: where to POST, what to send, where the vectors are in
// the answer. Everything else (batching, retries, checks) is the same for both.

import { ollamaEndpoints, openAiEndpoints } from '../../answer/endpoint';
import { isRecord } from '../../http/classify';

export type EndpointProvider = 'ollama' | 'openai';

export interface EmbeddingProtocol {
  readonly provider: EndpointProvider;
  /** The embeddings URL for a base URL as the user typed it; throws a one-line Error when it is not a URL. */
  url(baseUrl: string): string;
  body(model: string, inputs: string[]): unknown;
  /** The vectors in input order, or undefined when the body is not this protocol's answer. */
  vectors(value: unknown): unknown[] | undefined;
}

// A pasted `/embeddings`, `/embed` or `/rerank` path is the endpoint itself, not the base.
const stripOperation = (baseUrl: string) => baseUrl.trim().replace(/\/(api\/embed|api\/embeddings|embeddings|rerank)\/*$/i, '');

export const OLLAMA_EMBED: EmbeddingProtocol = {
  provider: 'ollama',
  url: (baseUrl) => ollamaEndpoints(stripOperation(baseUrl)).tags.replace(/\/api\/tags$/, '/api/embed'),
  // truncate: a chunk over the model's context is cut by the server rather than refused.
  body: (model, inputs) => ({ model, input: inputs, truncate: true }),
  vectors: (value) => (isRecord(value) && Array.isArray(value.embeddings) ? value.embeddings : undefined),
};

export const OPENAI_EMBED: EmbeddingProtocol = {
  provider: 'openai',
  url: (baseUrl) => openAiEndpoints(stripOperation(baseUrl)).models.replace(/\/models$/, '/embeddings'),
  body: (model, inputs) => ({ model, input: inputs }),
  vectors: (value) => {
    if (!isRecord(value) || !Array.isArray(value.data)) return undefined;
    const items = value.data as unknown[];
    if (!items.every((d) => isRecord(d) && Array.isArray(d.embedding))) return undefined;
    const rows = items as { embedding: unknown[]; index?: unknown }[];
    // The order is the `index` field's when every item has one (the spec), else the array's.
    if (rows.every((r) => typeof r.index === 'number')) rows.sort((a, b) => (a.index as number) - (b.index as number));
    return rows.map((r) => r.embedding);
  },
};

export function protocolFor(provider: EndpointProvider): EmbeddingProtocol {
  return provider === 'ollama' ? OLLAMA_EMBED : OPENAI_EMBED;
}
