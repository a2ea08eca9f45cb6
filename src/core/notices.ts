// What the core tells the user, as codes with parameters: each client (the plugin, the CLI, the
// MCP server) words them in its reader's language. A library's own text travels as `detail`,
// shown only after a translated lead-in, never alone.

export type CoreNotice =
  /** The embedding model could not be loaded; retrieval goes on by words and links. */
  | { code: 'embedding-unavailable'; model: string; offline: boolean; detail: string }
  /** Vector search was asked for, but there is no embedding model: it searched by words. */
  | { code: 'vector-fell-back' }
  /** No language model is configured: the answer quotes the passages. */
  | { code: 'no-chat-model' };

export type CoreNoticeCode = CoreNotice['code'];

/** A record over every code, so that adding one without listing it here does not compile. */
const EVERY_CODE: Record<CoreNoticeCode, true> = { 'embedding-unavailable': true, 'vector-fell-back': true, 'no-chat-model': true };

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
  }
}
