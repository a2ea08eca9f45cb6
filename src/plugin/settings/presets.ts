// Language-model providers offered in the settings. A preset only pre-fills the base URL and
// the wire protocol; every field stays editable. Base URLs of OpenAI-compatible servers end
// in /v1 (the client appends /chat/completions); Ollama's is the bare server address.
import type { LlmProvider } from '../../core/settings';

export interface LlmPreset {
  id: string;
  /** Shown as is: product names are not translated. Empty for 'none' and 'custom' (translated labels). */
  label: string;
  provider: LlmProvider;
  baseUrl: string;
  /** A model name to show as an example in the description. */
  exampleModel: string;
  needsApiKey: boolean;
}

export const LLM_PRESETS: readonly LlmPreset[] = [
  { id: 'none', label: '', provider: 'openai', baseUrl: '', exampleModel: '', needsApiKey: false },
  { id: 'openai', label: 'OpenAI', provider: 'openai', baseUrl: 'https://api.openai.com/v1', exampleModel: 'gpt-4o-mini', needsApiKey: true },
  { id: 'mistral', label: 'Mistral', provider: 'openai', baseUrl: 'https://api.mistral.ai/v1', exampleModel: 'mistral-small-latest', needsApiKey: true },
  { id: 'ollama', label: 'Ollama', provider: 'ollama', baseUrl: 'http://localhost:11434', exampleModel: 'llama3.1:8b', needsApiKey: false },
  { id: 'lmstudio', label: 'LM Studio', provider: 'openai', baseUrl: 'http://localhost:1234/v1', exampleModel: 'qwen2.5-7b-instruct', needsApiKey: false },
  { id: 'llamacpp', label: 'llama.cpp', provider: 'openai', baseUrl: 'http://localhost:8080/v1', exampleModel: 'default', needsApiKey: false },
  { id: 'vllm', label: 'vLLM', provider: 'openai', baseUrl: 'http://localhost:8000/v1', exampleModel: 'mistralai/Mistral-7B-Instruct-v0.3', needsApiKey: false },
  { id: 'custom', label: '', provider: 'openai', baseUrl: '', exampleModel: 'gpt-4o-mini', needsApiKey: false },
];

export function findPreset(id: string): LlmPreset | undefined {
  return LLM_PRESETS.find((p) => p.id === id);
}

/** The preset a bare URL most likely belongs to (used to migrate settings that only kept a URL). */
export function presetForUrl(url: string): LlmPreset {
  const trimmed = url.trim();
  const custom = findPreset('custom')!;
  if (!trimmed) return findPreset('none')!;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return custom;
  }
  const host = parsed.hostname.toLowerCase();
  if (host === 'api.openai.com') return findPreset('openai')!;
  if (host === 'api.mistral.ai') return findPreset('mistral')!;
  const local = host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
  if (parsed.port === '11434' || host.includes('ollama')) return findPreset('ollama')!;
  if (local && parsed.port === '1234') return findPreset('lmstudio')!;
  return custom;
}
