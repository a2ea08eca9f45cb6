// Language-model providers offered in the settings: the core's presets (src/core/answer),
// plus "none" (answers quote the notes). A preset only pre-fills the base URL and the wire
// protocol; every field stays editable.
import { PROVIDER_PRESETS } from '../../core/answer/model-factory';
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

const EXAMPLE_MODELS: Record<string, string> = {
  openai: 'gpt-4o-mini',
  mistral: 'mistral-small-latest',
  ollama: 'llama3.1:8b',
  lmstudio: 'qwen2.5-7b-instruct',
  llamacpp: 'default',
  vllm: 'mistralai/Mistral-7B-Instruct-v0.3',
  custom: 'gpt-4o-mini',
};

export const LLM_PRESETS: readonly LlmPreset[] = [
  { id: 'none', label: '', provider: 'openai', baseUrl: '', exampleModel: '', needsApiKey: false },
  ...PROVIDER_PRESETS.map((p) => ({
    id: p.id,
    label: p.id === 'custom' ? '' : p.label,
    provider: p.protocol,
    baseUrl: p.baseUrl,
    exampleModel: EXAMPLE_MODELS[p.id] ?? '',
    needsApiKey: p.needsKey,
  })),
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
