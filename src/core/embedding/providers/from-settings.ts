// Settings → the endpoint embedder and the reranker. The transformers.js embedder is the
// host's to build (worker in the plugin, native in the CLI).

import type { HttpClient } from '../../ports';
import { EndpointReranker } from '../../retrieval/rerank-endpoint';
import type { Reranker } from '../../retrieval/rerank';
import { EndpointEmbedder } from './endpoint-embedder';
import type { EmbeddingSettings, RerankSettings } from './embedding-settings';

/** Null for the transformers provider. The key comes from the host's secret storage when it has one. */
export function endpointEmbedderFromSettings(s: EmbeddingSettings, http: HttpClient, apiKey = s.apiKey): EndpointEmbedder | null {
  if (s.provider === 'transformers') return null;
  return new EndpointEmbedder({
    provider: s.provider,
    baseUrl: s.baseUrl,
    model: s.model,
    apiKey,
    http,
    timeoutMs: s.timeoutMs,
    batchSize: s.batchSize,
    concurrency: s.concurrency,
    ...(s.customPrefixes ? { prefixes: { query: s.queryPrefix, passage: s.passagePrefix } } : {}),
  });
}

export function rerankerFromSettings(s: RerankSettings, http: HttpClient, apiKey = s.apiKey): Reranker | null {
  if (s.kind !== 'endpoint' || !s.model.trim() || !s.baseUrl.trim()) return null;
  return new EndpointReranker({ baseUrl: s.baseUrl, model: s.model.trim(), apiKey, http, timeoutMs: s.timeoutMs });
}
