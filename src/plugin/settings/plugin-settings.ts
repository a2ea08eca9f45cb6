// The plugin's settings: the core's, plus what only the Obsidian layer uses.
import { defaultSettings, type CoreSettings } from '../../core/settings';
import type { SecretRefs } from './secret-keys';

export interface ConversationSettings {
  /** Vault folder where conversations are saved as notes. */
  folder: string;
  /** Keep that folder out of the index, so answers never quote earlier answers. */
  excludeFromIndex: boolean;
}

export interface IndexingSettings {
  /**
   * Embedding workers. 0 = automatic (see resolveWorkerPoolSize): data.json syncs across
   * devices, so a count tuned for a desktop must not follow the user onto a phone.
   */
  workerPoolSize: number;
  showStatusBar: boolean;
  /** Vault folder holding an ONNX model (config.json, tokenizer.json, onnx/model.onnx); '' = use retrieval.embeddingModel. */
  localModelFolder: string;
}

/** Saved prompts (branch convo). */
export interface PromptSettings {
  /** Vault folder whose notes are prompt templates. */
  folder: string;
  /** The example prompts were created once; deleting them does not bring them back. */
  defaultsCreated: boolean;
}

export interface PluginSettings extends CoreSettings {
  conversations: ConversationSettings;
  indexing: IndexingSettings;
  prompts: PromptSettings;
  /** Ids of the API keys in Obsidian's secret storage (providers branch); the keys are not in data.json. */
  secrets: SecretRefs;
}

export const DEFAULT_PROMPTS_FOLDER = 'Ask Vault/Prompts/';

export const DEFAULT_CONVERSATION_FOLDER = 'Ask Vault/';

export const MAX_WORKER_POOL_SIZE = 8;

export function defaultPluginSettings(): PluginSettings {
  return {
    ...defaultSettings(),
    conversations: { folder: DEFAULT_CONVERSATION_FOLDER, excludeFromIndex: true },
    indexing: { workerPoolSize: 0, showStatusBar: true, localModelFolder: '' },
    prompts: { folder: DEFAULT_PROMPTS_FOLDER, defaultsCreated: false },
    secrets: { llm: '', embedding: '', rerank: '' },
  };
}

/**
 * Workers to start: the setting when set, else min(2, cores - 1), at least 1. Each worker
 * holds its own copy of the model and of onnxruntime, so more than two rarely pays off on a laptop.
 */
export function resolveWorkerPoolSize(settings: Pick<IndexingSettings, 'workerPoolSize'>, cores: number): number {
  if (settings.workerPoolSize > 0) return Math.min(MAX_WORKER_POOL_SIZE, Math.floor(settings.workerPoolSize));
  const usable = Number.isFinite(cores) && cores > 1 ? Math.floor(cores) - 1 : 1;
  return Math.max(1, Math.min(2, usable));
}
