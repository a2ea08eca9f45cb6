export { planBatches, paddedTokenCount, type BatchPlanOptions } from './batching';
export { isLocalModelPath } from './model-location';
export {
  DEFAULT_EMBEDDING_DTYPE,
  DEFAULT_EMBEDDING_MODEL,
  MODEL_PROFILES,
  applyPrefix,
  isProfileName,
  profileForModel,
  type ModelProfile,
  type Pooling,
  type ProfileName,
} from './model-profiles';
export {
  TransformersEmbedder,
  type EmbeddingDtype,
  type LoadProgress,
  type TransformersEmbedderOptions,
  type TransformersEnv,
} from './transformers-embedder';
