export { EndpointEmbedder, endpointModelId, providerOfModelId, ENDPOINT_EMBEDDER_DEFAULTS, type EndpointEmbedderOptions, type EmbeddingPrefixes } from './endpoint-embedder';
export { PartialEmbeddingError, isPartialEmbeddingError } from './partial-embedding-error';
export type { EndpointProvider } from './protocols';
export * from './embedding-settings';
export { endpointEmbedderFromSettings, rerankerFromSettings } from './from-settings';
export { isPaidEndpoint } from './paid-endpoint';
export { withConfirmation } from './confirmed-embedder';
