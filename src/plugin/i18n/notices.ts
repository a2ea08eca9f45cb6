// The core's notices and the answer's failures, in the user's language. The core says what
// happened as a code; a library's own words (`detail`) only ever follow a translated lead-in.
import type { AnswerResponse } from '../../core/engine-types';
import type { CoreNotice } from '../../core/notices';
import { isNetworkFailure } from '../../core/notices';
import type { LlmErrorKind } from '../../core/http/errors';
import { t, type MessageKey } from './index';
import { errorLine } from '../../core/util/error-line';

export function noticeText(notice: CoreNotice): string {
  switch (notice.code) {
    case 'embedding-unavailable':
      return notice.offline
        ? t('notice.embedding-offline')
        : t('notice.embedding-unavailable', { model: notice.model, detail: notice.detail });
    case 'vector-fell-back':
      return t('notice.vector-fell-back');
    case 'no-chat-model':
      return t('chat.extractive-notice');
    case 'history-dropped':
      return t('notice.history-dropped');
    case 'no-period':
      return t('notice.no-period');
    case 'no-topic':
      return t('notice.no-topic');
    case 'query-embedding-failed':
      return t('notice.query-embedding-failed', { detail: notice.detail });
    case 'rerank-failed':
      return t('notice.rerank-failed', { reranker: notice.reranker, detail: notice.detail });
    case 'index-model-changed':
      return t('notice.index-model-changed', { from: notice.from, to: notice.to });
    case 'index-dimension-changed':
      return t('notice.index-dimension-changed', { from: notice.from, to: notice.to });
    case 'index-format-rebuilt':
      return t(notice.newer ? 'notice.index-format-newer' : 'notice.index-format-older', { found: notice.found, reads: notice.reads });
    case 'index-corrupt-rebuilt':
      return t('notice.index-corrupt-rebuilt', { detail: notice.detail });
  }
}

/** "Could not load the embedding model", said for what a library threw. */
export function modelFailedText(err: unknown): string {
  const detail = errorLine(err);
  return isNetworkFailure(detail) ? t('notice.embedding-offline') : t('model.failed', { reason: detail });
}

const LLM_KEYS: Record<LlmErrorKind, MessageKey> = {
  unreachable: 'error.llm.unreachable',
  dns: 'error.llm.dns',
  auth: 'error.llm.auth',
  'not-found': 'error.llm.not-found',
  'rate-limit': 'error.llm.rate-limit',
  server: 'error.llm.server',
  timeout: 'error.llm.timeout',
  aborted: 'error.llm.aborted',
  protocol: 'error.llm.protocol',
  'stream-cut': 'error.llm.stream-cut',
  'too-long': 'error.llm.too-long',
  'bad-request': 'error.llm.bad-request',
};

/**
 * Why the model failed, in the user's words: its kind when the core knows it, else its text after
 * the translated lead-in of the caller. `host` names the endpoint ("localhost:11434").
 */
export function answerErrorReason(response: Pick<AnswerResponse, 'error' | 'errorKind'>, host: string): string {
  const kind = response.errorKind;
  if (kind === 'empty') return t('notice.llm-empty');
  if (kind) {
    const status = /\b(\d{3})\b/.exec(response.error ?? '')?.[1] ?? '?';
    return t(LLM_KEYS[kind], { host: host || t('notice.llm-host-unknown'), status });
  }
  return response.error ?? '';
}

/** The host of an endpoint's base URL, or '' when it has none. */
export function endpointHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return '';
  }
}
