// From the language-model settings to the core's chat client, and the "Test connection" diagnosis
// in the user's language (the core's messages are English).
import { boundApiKey } from '../core/http/origin';
import { ollamaEndpoints, openAiEndpoints } from '../core/answer/endpoint';
import { createChatModel } from '../core/answer/model-factory';
import type { ChatEndpoint, ConnectionDiagnosis } from '../core/answer/connection';
import { hostOf } from '../core/http/classify';
import type { HttpClient } from '../core/ports';
import type { LlmSettings } from '../core/settings';
import { t } from './i18n';
import { findPreset } from './settings/presets';

/** True when the settings name an endpoint to answer with. */
export function hasEndpoint(llm: LlmSettings): boolean {
  return llm.preset !== 'none' && llm.baseUrl.trim() !== '' && llm.model.trim() !== '';
}

/** What the conversation notes record as the endpoint: the preset's name, or the server's host. */
export function endpointName(llm: LlmSettings): string {
  const preset = findPreset(llm.preset);
  if (preset?.label) return preset.label;
  return llm.baseUrl.trim() ? hostOf(llm.baseUrl.trim()) : '';
}

/** The configured chat endpoint, or null when there is none (answers are then extractive). */
export function chatModelFromSettings(llm: LlmSettings, http: HttpClient): ChatEndpoint | null {
  if (!hasEndpoint(llm)) return null;
  return buildModel(llm, http);
}

/** The key, only for the origin it was entered for. */
function keyFor(llm: LlmSettings): { apiKey?: string } {
  const apiKey = boundApiKey(llm.apiKey, llm.apiKeyOrigin, llm.baseUrl);
  return apiKey ? { apiKey } : {};
}

function buildModel(llm: LlmSettings, http: HttpClient): ChatEndpoint | null {
  try {
    return createChatModel(
      {
        provider: llm.provider,
        baseUrl: llm.baseUrl.trim(),
        model: llm.model.trim(),
        timeoutMs: llm.timeoutMs,
        name: endpointName(llm),
        ...keyFor(llm),
      },
      http,
    );
  } catch {
    // A malformed base URL: the connection test says so; answers fall back to quoting notes.
    return null;
  }
}

/** An HttpClient that may have gone around CORS (ObsidianHttpClient): then answers cannot stream. */
export type FallbackAwareHttpClient = HttpClient & { readonly fallbackOrigins?: readonly string[] };

/**
 * Checks the endpoint in the settings: address, key, model, and CORS. In Obsidian a server that
 * refuses the app's origin still answers through requestUrl, only without streaming: the test
 * then succeeds and adds how to allow the origin (OLLAMA_ORIGINS for Ollama).
 */
export async function testLlmConnection(llm: LlmSettings, http: FallbackAwareHttpClient, signal?: AbortSignal): Promise<ConnectionDiagnosis> {
  if (llm.preset === 'none' || !llm.baseUrl.trim()) {
    return { status: 'wrong-url', message: t('connection.no-endpoint'), models: [] };
  }
  const model = validUrl(llm) ? buildModel(llm, http) : null;
  if (!model) return { status: 'wrong-url', message: t('connection.bad-url', { url: llm.baseUrl.trim() }), models: [] };
  const diagnosis = await model.testConnection(signal);
  let message = localise(diagnosis, llm);
  if (diagnosis.status !== 'cors' && http.fallbackOrigins?.includes(originOf(llm.baseUrl))) message += ` ${t('error.cors-hint')}`;
  return { ...diagnosis, message };
}

function validUrl(llm: LlmSettings): boolean {
  try {
    if (llm.provider === 'ollama') ollamaEndpoints(llm.baseUrl);
    else openAiEndpoints(llm.baseUrl);
    return true;
  } catch {
    return false;
  }
}

function originOf(baseUrl: string): string {
  const text = baseUrl.trim();
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).origin;
  } catch {
    return '';
  }
}

function localise(d: ConnectionDiagnosis, llm: LlmSettings): string {
  const host = hostOf(llm.baseUrl.trim());
  const model = llm.model.trim();
  switch (d.status) {
    case 'ok':
      return model ? t('connection.ok-model', { host, model }) : t('connection.ok-choose', { host, count: d.models.length });
    case 'cors':
      return llm.provider === 'ollama' ? t('connection.cors-ollama', { host }) : t('connection.cors', { host });
    case 'wrong-key':
      return t('connection.wrong-key', { host });
    case 'unknown-model':
      return t('connection.unknown-model', { host, model, models: listModels(d.models) });
    case 'wrong-url':
      return t('connection.wrong-url', { host, detail: d.message });
    case 'unreachable':
      return t('connection.unreachable', { host, detail: d.message });
  }
}

function listModels(models: string[]): string {
  if (models.length === 0) return '—';
  const shown = models.slice(0, 8).join(', ');
  return models.length > 8 ? `${shown}…` : shown;
}
