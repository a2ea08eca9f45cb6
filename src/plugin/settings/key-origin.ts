// The API key setting follows the origin it was entered for (core/http/origin.ts): entering a key
// binds it to the current address's origin; moving the address to another origin (a preset, a
// typed host) clears the key, so that it has to be entered again for the new host.
import type { LlmSettings } from '../../core/settings';
import { urlOrigin } from '../../core/http/origin';

export function setApiKey(llm: LlmSettings, key: string): void {
  llm.apiKey = key;
  llm.apiKeyOrigin = key ? urlOrigin(llm.baseUrl) : '';
}

/** After the base URL changed: the origin the key no longer matches, when it was cleared; null otherwise. */
export function clearKeyForNewOrigin(llm: LlmSettings, secrets?: { llm: string }): string | null {
  // A key in secret storage is bound the same way: its origin is kept, the key itself is not here.
  if (!llm.apiKey && !llm.apiKeyOrigin) return null;
  const origin = urlOrigin(llm.baseUrl);
  if (origin === llm.apiKeyOrigin) return null;
  llm.apiKey = '';
  llm.apiKeyOrigin = '';
  // The secret's id is forgotten too, so that choosing it again binds it to the new origin.
  if (secrets) secrets.llm = '';
  return origin;
}
