// From the user's settings to a ChatModel, and the presets the settings tab offers.

import type { HttpClient } from '../ports';
import type { ChatEndpoint } from './connection';
import { OllamaChatModel } from './ollama-client';
import { OpenAiChatModel } from './openai-client';

export type ProviderKind = 'openai' | 'ollama';

export interface ChatModelConfig {
  provider: ProviderKind;
  baseUrl: string;
  apiKey?: string;
  model: string;
  timeoutMs?: number;
  maxRetries?: number;
  maxChars?: number;
  name?: string;
}

export function createChatModel(cfg: ChatModelConfig, http: HttpClient): ChatEndpoint {
  const options = { ...cfg, http };
  switch (cfg.provider) {
    case 'openai':
      return new OpenAiChatModel(options);
    case 'ollama':
      return new OllamaChatModel(options);
    default:
      throw new TypeError(`Unknown chat provider "${String((cfg as { provider: unknown }).provider)}".`);
  }
}

export type PresetId = 'openai' | 'mistral' | 'ollama' | 'lmstudio' | 'llamacpp' | 'vllm' | 'custom';

export interface ProviderPreset {
  id: PresetId;
  label: string;
  protocol: ProviderKind;
  /** Empty for `custom`. */
  baseUrl: string;
  /** Whether the service refuses requests without a key. */
  needsKey: boolean;
  /** Whether the endpoint runs on the user's machine (no note leaves it). */
  local: boolean;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  { id: 'openai', label: 'OpenAI', protocol: 'openai', baseUrl: 'https://api.openai.com/v1', needsKey: true, local: false },
  { id: 'mistral', label: 'Mistral', protocol: 'openai', baseUrl: 'https://api.mistral.ai/v1', needsKey: true, local: false },
  { id: 'ollama', label: 'Ollama', protocol: 'ollama', baseUrl: 'http://127.0.0.1:11434', needsKey: false, local: true },
  { id: 'lmstudio', label: 'LM Studio', protocol: 'openai', baseUrl: 'http://127.0.0.1:1234/v1', needsKey: false, local: true },
  { id: 'llamacpp', label: 'llama.cpp server', protocol: 'openai', baseUrl: 'http://127.0.0.1:8080/v1', needsKey: false, local: true },
  { id: 'vllm', label: 'vLLM', protocol: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', needsKey: false, local: true },
  { id: 'custom', label: 'Custom (OpenAI-compatible)', protocol: 'openai', baseUrl: '', needsKey: false, local: false },
];

export function presetById(id: string): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((p) => p.id === id);
}
