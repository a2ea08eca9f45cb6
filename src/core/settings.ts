// Settings shared by the CLI and the plugin. The plugin stores them in data.json with a version
// and migrates older shapes (see migrateSettings) so an update never loses a user's choices.
import type { SearchMode } from './engine-types';
import type { LexicalTuning } from './retrieval/lexical-ranker';
import { DEFAULT_LEXICAL } from './lexical/lexical-index';
import type { IntentSetting } from './question/intent';
import {
  defaultEmbeddingSettings, defaultRerankSettings, type EmbeddingSettings, type RerankSettings,
} from './embedding/providers/embedding-settings';

export const SETTINGS_VERSION = 1;

export type LlmProvider = 'openai' | 'ollama';

export interface LlmSettings {
  /** Preset name shown in the UI (OpenAI, Mistral, Ollama, LM Studio, llama.cpp, vLLM, custom). */
  preset: string;
  provider: LlmProvider;
  /** Empty = no endpoint: answers are extractive. */
  baseUrl: string;
  model: string;
  apiKey: string;
  /** The origin the key was entered for (core/http/origin.ts): it is sent nowhere else. */
  apiKeyOrigin: string;
  temperature: number;
  /** Tokens of sources given to the model. */
  maxContextTokens: number;
  timeoutMs: number;
}

export interface RetrievalSettings {
  /** Hub id or local folder. Empty = no embedding model (lexical and graph only). */
  embeddingModel: string;
  chunkTokens: number;
  topK: number;
  mode: SearchMode;
  /** Reciprocal rank fusion weights. */
  lexicalWeight: number;
  vectorWeight: number;
  /** Journal excerpts added per retrieved note. */
  journalExcerptsPerNote: number;
  /** Chunks of one note among the top results before other notes get their turn (0 = no limit). */
  maxChunksPerNote: number;
  /** Never touch the network (models must be local or cached). */
  offline: boolean;
  /** The lexical ranker's switches; each is an ablation row in EVAL.md. */
  lexical: LexicalTuning;
}

export interface JournalSettings {
  folders: string[];
  detectFileNameDate: boolean;
  detectFrontmatterDate: boolean;
}

export interface ExclusionSettings {
  folders: string[];
  tags: string[];
}

export interface AnswerSettings {
  /** 'auto' = the question's language. */
  language: 'auto' | 'fr' | 'en';
  systemPrompt: string;
}

/** Questions about time (branch time): period summaries, evolutions, first and last mentions. */
export interface TimeSettings {
  /** 'auto' reads the intent from the question; anything else forces it. */
  intent: IntentSetting;
}

/** How a conversation carries over from one question to the next (branch convo). */
export interface ChatSettings {
  /** Tokens the earlier turns may take in a request (at most half the context budget). */
  historyTokens: number;
  /** Let the model rewrite a follow-up into a standalone question before retrieval (rules otherwise). */
  condense: boolean;
  /** Longest wait for that rewrite before falling back to the rules. */
  condenseTimeoutMs: number;
}

export interface CoreSettings {
  version: number;
  llm: LlmSettings;
  retrieval: RetrievalSettings;
  journal: JournalSettings;
  exclusions: ExclusionSettings;
  answer: AnswerSettings;
  time: TimeSettings;
  chat: ChatSettings;
  /** Embedding provider (transformers.js by default, or the user's endpoint). */
  embedding: EmbeddingSettings;
  /** Optional rerank step after fusion. */
  rerank: RerankSettings;
}

export const DEFAULT_EMBEDDING_MODEL = 'Xenova/multilingual-e5-small';

export function defaultSettings(): CoreSettings {
  return {
    version: SETTINGS_VERSION,
    llm: {
      preset: 'none',
      provider: 'openai',
      baseUrl: '',
      model: '',
      apiKey: '',
      apiKeyOrigin: '',
      temperature: 0.2,
      maxContextTokens: 3000,
      timeoutMs: 60_000,
    },
    retrieval: {
      embeddingModel: DEFAULT_EMBEDDING_MODEL,
      chunkTokens: 256,
      topK: 8,
      mode: 'hybrid',
      lexicalWeight: 1,
      vectorWeight: 1,
      journalExcerptsPerNote: 3,
      maxChunksPerNote: 3,
      offline: false,
      lexical: {
        ...DEFAULT_LEXICAL,
        analyzer: { ...DEFAULT_LEXICAL.analyzer },
        boost: { ...DEFAULT_LEXICAL.boost },
        bm25: { k: 1.2, b: 0.7, d: 0.5 },
        questionWords: true,
        noteContext: 0,
        proximity: 0.5,
        prfTerms: 0,
        prfDocs: 3,
        prfWeight: 0.3,
        crossLanguage: 0.5,
        ownName: true,
        ownNameShare: 0.5,
      },
    },
    journal: { folders: [], detectFileNameDate: true, detectFrontmatterDate: true },
    exclusions: { folders: [], tags: [] },
    answer: { language: 'auto', systemPrompt: '' },
    time: { intent: 'auto' },
    chat: { historyTokens: 1200, condense: false, condenseTimeoutMs: 8000 },
    embedding: defaultEmbeddingSettings(),
    rerank: defaultRerankSettings(),
  };
}
