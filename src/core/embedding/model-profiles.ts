// How each embedding family expects to be called. These conventions come from the models'
// training: an e5 model given a query without its `query: ` prefix, or a bge model pooled by mean
// instead of [CLS], still returns vectors, only worse ones, so getting them right matters.

import type { EmbedKind } from '../ports';

export type Pooling = 'mean' | 'cls';

export interface ModelProfile {
  /** Family name; also the key to force a profile in the embedder's options. */
  readonly name: ProfileName;
  readonly queryPrefix: string;
  readonly passagePrefix: string;
  readonly pooling: Pooling;
}

/** multilingual, good on French, 384 dimensions, ~118 MB quantised. */
export const DEFAULT_EMBEDDING_MODEL = 'Xenova/multilingual-e5-small';
/** int8 weights: about 4x smaller and faster on CPU than fp32 for a negligible loss in recall. */
export const DEFAULT_EMBEDDING_DTYPE = 'q8';

export const MODEL_PROFILES = {
  // intfloat/e5-* and multilingual-e5-*: both sides are prefixed, vectors are mean-pooled.
  e5: { name: 'e5', queryPrefix: 'query: ', passagePrefix: 'passage: ', pooling: 'mean' },
  // multilingual-e5-*-instruct: an instruction on the query side only.
  'e5-instruct': {
    name: 'e5-instruct',
    queryPrefix: 'Instruct: Given a question, retrieve passages of personal notes that answer it\nQuery: ',
    passagePrefix: '',
    pooling: 'mean',
  },
  // BAAI/bge-*-en(-v1.5): an instruction for short queries, [CLS] pooling.
  bge: {
    name: 'bge',
    queryPrefix: 'Represent this sentence for searching relevant passages: ',
    passagePrefix: '',
    pooling: 'cls',
  },
  'bge-zh': { name: 'bge-zh', queryPrefix: '为这个句子生成表示以用于检索相关文章：', passagePrefix: '', pooling: 'cls' },
  // BAAI/bge-m3 was trained without instructions.
  'bge-m3': { name: 'bge-m3', queryPrefix: '', passagePrefix: '', pooling: 'cls' },
  // nomic-ai/nomic-embed-text-*: task prefixes, mean pooling.
  nomic: { name: 'nomic', queryPrefix: 'search_query: ', passagePrefix: 'search_document: ', pooling: 'mean' },
  // sentence-transformers (all-MiniLM-*, paraphrase-multilingual-*, mpnet) and anything unknown.
  mean: { name: 'mean', queryPrefix: '', passagePrefix: '', pooling: 'mean' },
} as const satisfies Record<string, Omit<ModelProfile, 'name'> & { name: string }>;

export type ProfileName = keyof typeof MODEL_PROFILES;

export function isProfileName(name: string): name is ProfileName {
  return Object.prototype.hasOwnProperty.call(MODEL_PROFILES, name);
}

/**
 * The profile of a model from its hub id or folder name. Only the last path segment counts, so
 * a local copy in `/models/multilingual-e5-small` gets the e5 conventions too.
 */
export function profileForModel(model: string): ModelProfile {
  const name = model.replace(/[\\/]+$/, '').split(/[\\/]/).pop()?.toLowerCase() ?? '';
  const word = (w: string) => new RegExp(`(^|[^a-z0-9])${w}([^a-z0-9]|$)`).test(name);
  if (word('e5') && name.includes('instruct')) return MODEL_PROFILES['e5-instruct'];
  if (word('e5')) return MODEL_PROFILES.e5;
  if (name.startsWith('bge-m3')) return MODEL_PROFILES['bge-m3'];
  if (name.startsWith('bge-') && word('zh')) return MODEL_PROFILES['bge-zh'];
  if (name.startsWith('bge-')) return MODEL_PROFILES.bge;
  if (name.startsWith('nomic-embed-text')) return MODEL_PROFILES.nomic;
  return MODEL_PROFILES.mean;
}

/** The text as the model must see it for this side of the search. */
export function applyPrefix(profile: ModelProfile, kind: EmbedKind, text: string): string {
  return (kind === 'query' ? profile.queryPrefix : profile.passagePrefix) + text;
}
