// "Test embeddings" in the settings: one sentence through the configured endpoint, and the
// dimension and latency it took, or what is wrong, in the user's language.
import { EndpointEmbedder, type EmbeddingSettings } from '../../core/embedding/providers';
import { hostOf } from '../../core/http/classify';
import { isLlmError } from '../../core/http/errors';
import type { HttpClient } from '../../core/ports';
import { t } from '../i18n';
import { errorLine } from '../../core/util/error-line';

export interface EmbeddingTestResult {
  ok: boolean;
  /** One line for the user. */
  message: string;
  dimension?: number;
  latencyMs?: number;
}

export async function testEmbeddings(s: EmbeddingSettings, http: HttpClient, apiKey: string, now: () => number = () => performance.now()): Promise<EmbeddingTestResult> {
  if (s.provider === 'transformers') return { ok: false, message: t('embedding.test-local') };
  if (!s.baseUrl.trim() || !s.model.trim()) return { ok: false, message: t('embedding.test-incomplete') };
  const host = hostOf(s.baseUrl.trim());
  const embedder = new EndpointEmbedder({
    provider: s.provider, baseUrl: s.baseUrl, model: s.model, apiKey, http, timeoutMs: Math.min(s.timeoutMs, 30_000), maxRetries: 0,
    ...(s.customPrefixes ? { prefixes: { query: s.queryPrefix, passage: s.passagePrefix } } : {}),
  });
  const started = now();
  try {
    const [v] = await embedder.embed([t('embedding.test-sentence')], 'query');
    const latencyMs = Math.round(now() - started);
    return { ok: true, dimension: v.length, latencyMs, message: t('embedding.test-ok', { host, model: s.model, dimension: v.length, ms: latencyMs }) };
  } catch (err) {
    const cause = err instanceof Error && 'cause' in err && isLlmError(err.cause) ? err.cause : err;
    if (isLlmError(cause)) {
      if (cause.probableCors) return { ok: false, message: s.provider === 'ollama' ? t('connection.cors-ollama', { host }) : t('connection.cors', { host }) };
      if (cause.kind === 'auth') return { ok: false, message: t('connection.wrong-key', { host }) };
      if (cause.kind === 'not-found') return { ok: false, message: t('embedding.test-unknown-model', { host, model: s.model, detail: cause.message }) };
    }
    return { ok: false, message: t('embedding.test-failed', { detail: errorLine(err) }) };
  }
}
