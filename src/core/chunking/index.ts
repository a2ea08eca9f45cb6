export { chunkNote, embedPrefix, DEFAULT_CHUNK_TOKENS, type ChunkOptions } from './chunk';
export { estimateTokens, CHARS_PER_TOKEN, type TokenCounter } from './tokens';
