// Settings of the embedding provider and of the optional reranker, shared by the CLI and the
// plugin. transformers.js stays the default: it works offline and nothing leaves the machine.

export type EmbeddingProviderKind = 'transformers' | 'ollama' | 'openai';

export interface EmbeddingSettings {
  provider: EmbeddingProviderKind;
  /** Preset shown in the UI (ollama, lmstudio, llamacpp, openai, mistral, custom). */
  preset: string;
  /** Endpoint providers only; the transformers.js model stays `retrieval.embeddingModel`. */
  baseUrl: string;
  model: string;
  /** Plain text only where the host has no secret storage; empty otherwise. */
  apiKey: string;
  timeoutMs: number;
  batchSize: number;
  concurrency: number;
  /** Use `queryPrefix`/`passagePrefix` instead of the model's own (model-profiles.ts). */
  customPrefixes: boolean;
  queryPrefix: string;
  passagePrefix: string;
  /** "provider url model" the user agreed to send the vault to (a paid or remote endpoint). */
  confirmed: string;
}

/** `cross-encoder`: transformers.js, natively in the CLI and in a worker in the plugin; `model` is a hub id or a model folder. */
export type RerankKind = 'none' | 'endpoint' | 'cross-encoder';

export interface RerankSettings {
  kind: RerankKind;
  baseUrl: string;
  model: string;
  apiKey: string;
  /** Fused passages reordered (N); the answer keeps the top K of retrieval.topK. */
  candidates: number;
  timeoutMs: number;
}

export function defaultEmbeddingSettings(): EmbeddingSettings {
  return {
    provider: 'transformers',
    preset: 'ollama',
    baseUrl: '',
    model: '',
    apiKey: '',
    timeoutMs: 60_000,
    batchSize: 32,
    concurrency: 2,
    customPrefixes: false,
    queryPrefix: '',
    passagePrefix: '',
    confirmed: '',
  };
}

export function defaultRerankSettings(): RerankSettings {
  return { kind: 'none', baseUrl: '', model: '', apiKey: '', candidates: 30, timeoutMs: 20_000 };
}

export interface EmbeddingPreset {
  id: string;
  label: string;
  provider: Exclude<EmbeddingProviderKind, 'transformers'>;
  baseUrl: string;
  /** A model to start from; the user's server decides what it offers. */
  model: string;
  needsKey: boolean;
}

export const EMBEDDING_PRESETS: readonly EmbeddingPreset[] = [
  { id: 'ollama', label: 'Ollama', provider: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'bge-m3', needsKey: false },
  { id: 'lmstudio', label: 'LM Studio', provider: 'openai', baseUrl: 'http://127.0.0.1:1234/v1', model: 'text-embedding-nomic-embed-text-v1.5', needsKey: false },
  { id: 'llamacpp', label: 'llama.cpp server', provider: 'openai', baseUrl: 'http://127.0.0.1:8080/v1', model: 'default', needsKey: false },
  { id: 'openai', label: 'OpenAI', provider: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'text-embedding-3-small', needsKey: true },
  { id: 'mistral', label: 'Mistral', provider: 'openai', baseUrl: 'https://api.mistral.ai/v1', model: 'mistral-embed', needsKey: true },
  { id: 'custom', label: 'Custom', provider: 'openai', baseUrl: '', model: '', needsKey: false },
];
