// The small interfaces through which the core touches the world. The CLI and the
// plugin each supply their own implementations; tests supply real in-memory or
// loopback ones. Nothing in src/core/ may import 'obsidian' or Node built-ins
// except through these ports (node:crypto-free hashing lives in util/hash.ts).

/** A markdown file as listed by a NoteSource. Paths are vault-relative, '/'-separated, NFC. */
export interface NoteFile {
  path: string;
  mtime: number;
  size: number;
}

/** Read access to the vault's markdown notes. */
export interface NoteSource {
  /** Every markdown note the source offers (already filtered of exclusions the source knows about). */
  list(): Promise<NoteFile[]>;
  /** Raw bytes of a note; the core decodes them so it can report invalid UTF-8 itself. */
  read(path: string): Promise<Uint8Array>;
}

/**
 * Storage for the index files. Paths are relative to the index folder, '/'-separated.
 * `write` must be atomic: a reader sees the old content or the new, never a mix.
 */
export interface BlobStore {
  read(path: string): Promise<Uint8Array | null>;
  write(path: string, data: Uint8Array | string): Promise<void>;
  delete(path: string): Promise<void>;
  /** Files (not folders) directly or deeply under `prefix` ('' for all), as relative paths. */
  list(prefix: string): Promise<string[]>;
  /** Total bytes under the store, for the status view. */
  size?(): Promise<number>;
}

export type EmbedKind = 'query' | 'passage';

export interface EmbedProgress {
  done: number;
  total: number;
}

/** Turns texts into unit-length vectors. */
export interface Embedder {
  /** Stable id of the model (hub id or folder), part of every vector's cache key. */
  readonly modelId: string;
  /** Loads the model if needed and returns the vector dimension. */
  load(onProgress?: (p: { file?: string; loaded?: number; total?: number; status: string }) => void): Promise<number>;
  /** Prefixes (e5's `query: `/`passage: `) are the embedder's business, not the caller's. */
  embed(texts: string[], kind: EmbedKind, opts?: { signal?: AbortSignal; onProgress?: (p: EmbedProgress) => void }): Promise<Float32Array[]>;
  /** Token count under the model's tokenizer, if loaded; used by the chunker to size chunks. */
  countTokens?(text: string): number;
  dispose?(): Promise<void>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  onToken?: (delta: string) => void;
}

export interface ChatResult {
  text: string;
  /** False when the stream ended early (cut, aborted, timed out, length bound). */
  complete: boolean;
  /** One-line, user-facing reason when incomplete or failed. Never contains the API key. */
  error?: string;
  model?: string;
}

/** A streaming chat endpoint (OpenAI-compatible or Ollama). */
export interface ChatModel {
  readonly name: string;
  chat(req: ChatRequest): Promise<ChatResult>;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as a stream of byte chunks; consume once. */
  body: AsyncIterable<Uint8Array>;
}

/** HTTP transport: global fetch in Node and where CORS allows, requestUrl in the plugin otherwise. */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface Clock {
  now(): number;
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  debug(msg: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, debug() {} };
export const systemClock: Clock = { now: () => Date.now() };
