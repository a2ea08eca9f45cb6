// What the core tells the user, as codes with parameters: each client (the plugin, the CLI, the
// MCP server) words them in its reader's language. A library's own text travels as `detail`,
// shown only after a translated lead-in, never alone.

export type CoreNotice =
  /** The embedding model could not be loaded; retrieval goes on by words and links. */
  | { code: 'embedding-unavailable'; model: string; offline: boolean; detail: string }
  /** Vector search was asked for, but there is no embedding model: it searched by words. */
  | { code: 'vector-fell-back' }
  /** No language model is configured: the answer quotes the passages. */
  | { code: 'no-chat-model' }
  /** The conversation did not fit the context budget: the question went without the earlier turns. */
  | { code: 'history-dropped' }
  /** The question looked like a period question, but no period could be read: answered as a fact. */
  | { code: 'no-period' }
  /** An evolution or first/last question whose topic matched no note: answered as a fact. */
  | { code: 'no-topic' }
  /** The query could not be embedded (endpoint down): retrieval went on by words and links. */
  | { code: 'query-embedding-failed'; detail: string }
  /** The reranker failed: the fused order is kept. */
  | { code: 'rerank-failed'; reranker: string; detail: string }
  /** The index on disk was built with another embedding model: its vectors are recomputed. */
  | { code: 'index-model-changed'; from: string; to: string }
  /** The embedding model now gives vectors of another size: they are recomputed. */
  | { code: 'index-dimension-changed'; from: number; to: number }
  /** The index on disk has another format version (`newer`: written by a later version): rebuilt. */
  | { code: 'index-format-rebuilt'; found: number; reads: number; newer: boolean }
  /** A file of the index was missing or damaged: the index is rebuilt from the notes. */
  | { code: 'index-corrupt-rebuilt'; detail: string };

export type CoreNoticeCode = CoreNotice['code'];

/** A record over every code, so that adding one without listing it here does not compile. */
const EVERY_CODE: Record<CoreNoticeCode, true> = {
  'embedding-unavailable': true,
  'vector-fell-back': true,
  'no-chat-model': true,
  'history-dropped': true,
  'no-period': true,
  'no-topic': true,
  'query-embedding-failed': true,
  'rerank-failed': true,
  'index-model-changed': true,
  'index-dimension-changed': true,
  'index-format-rebuilt': true,
  'index-corrupt-rebuilt': true,
};

/** Every code, so that a test can check each is worded in every language. */
export const CORE_NOTICE_CODES = Object.keys(EVERY_CODE) as CoreNoticeCode[];

/** A failure to reach the network, as fetch, Node and the model hub word it. */
const NETWORK_FAILURE = /failed to fetch|fetch failed|networkerror|network error|load failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ERR_INTERNET_DISCONNECTED|offline/i;

export function isNetworkFailure(detail: string): boolean {
  return NETWORK_FAILURE.test(detail);
}

export function embeddingUnavailable(model: string, err: unknown): CoreNotice {
  const detail = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim().slice(0, 300);
  return { code: 'embedding-unavailable', model, offline: isNetworkFailure(detail), detail };
}

/** The notice in English, for logs and `--json` readers that want a sentence. */
export function noticeLogText(notice: CoreNotice): string {
  switch (notice.code) {
    case 'embedding-unavailable':
      return `Embedding model ${notice.model} is not available (${notice.detail}): using lexical and link-graph retrieval only.`;
    case 'vector-fell-back':
      return 'No embedding model is available: vector search fell back to lexical search.';
    case 'no-chat-model':
      return 'No language model configured: the answer quotes the passages of the notes.';
    case 'history-dropped':
      return 'The conversation does not fit the context budget: this question goes without the earlier exchanges.';
    case 'no-period':
      return 'No period could be read in the question: answered as a fact question.';
    case 'no-topic':
      return 'No topic could be found for the question: answered as a fact question.';
    case 'query-embedding-failed':
      return `The query could not be embedded (${notice.detail}): lexical and link-graph retrieval only.`;
    case 'rerank-failed':
      return `Reranking with ${notice.reranker} failed (${notice.detail}): results keep the fused order.`;
    case 'index-model-changed':
      return `Embedding model changed (${notice.from} → ${notice.to}); vectors will be recomputed.`;
    case 'index-dimension-changed':
      return `Vector dimension changed (${notice.from} → ${notice.to}); vectors will be recomputed.`;
    case 'index-format-rebuilt':
      return notice.newer
        ? `Index format v${notice.found} was written by a newer version (this one reads v${notice.reads}); rebuilding.`
        : `Index format v${notice.found} is older than this version's v${notice.reads}; rebuilding.`;
    case 'index-corrupt-rebuilt':
      return `Index was corrupt (${notice.detail}); rebuilding.`;
  }
}
