// The exchange both chat clients share: POST, retry while the server says "busy",
// stream the body through a protocol decoder, and always come back with a
// ChatResult — the partial text and a one-line reason when anything went wrong.

import type { ChatMessage, ChatRequest, ChatResult, HttpClient, HttpResponse } from '../ports';
import { readText, guardedChunks } from '../http/body';
import { errorDetail, fromHttpStatus, fromTransportError, type ErrorContext } from '../http/classify';
import { isLlmError, LlmError, redact, type LlmErrorKind } from '../http/errors';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../http/retry';
import { createWatchdog, type Watchdog } from '../http/watchdog';
import type { StreamDecoder, StreamEvent } from './stream-decoder';

export interface ChatModelOptions {
  /** As the user typed it; each client normalises it (trailing `/v1`, slashes…). */
  baseUrl: string;
  apiKey?: string;
  model: string;
  http: HttpClient;
  /** Longest silence, ms: before the first byte or between two. A local model may load first. */
  timeoutMs?: number;
  /** Retries after 429/503 before giving up. */
  maxRetries?: number;
  /** The answer is cut (complete: false) beyond this many characters. */
  maxChars?: number;
  /** Shown in the UI; defaults to the model id. */
  name?: string;
  /** First backoff step when the server gives no Retry-After, ms; doubles each retry. */
  retryBaseMs?: number;
  /** Longest single wait between two attempts, ms, whatever Retry-After says. */
  maxRetryWaitMs?: number;
  temperature?: number;
}

export const CHAT_DEFAULTS = {
  timeoutMs: 90_000,
  maxRetries: 2,
  maxChars: 24_000,
  retryBaseMs: 1_000,
  maxRetryWaitMs: 20_000,
} as const;

/** A ChatResult that also says which kind of failure ended it, for the UI to translate. */
export interface LlmChatResult extends ChatResult {
  errorKind?: LlmErrorKind;
}

export interface ChatExchange {
  url: string;
  headers: Record<string, string>;
  body: string;
  context: ErrorContext;
  decoder: () => StreamDecoder;
}

export type ResolvedChatOptions = Required<Omit<ChatModelOptions, 'apiKey' | 'name' | 'temperature'>> &
  Pick<ChatModelOptions, 'apiKey' | 'temperature'>;

export function resolveChatOptions(opts: ChatModelOptions): ResolvedChatOptions {
  // Settings come from users: a blank, negative or NaN number means "the default".
  const atLeast = (min: number, value: number | undefined, fallback: number) =>
    value !== undefined && Number.isFinite(value) && value >= min ? value : fallback;
  return {
    baseUrl: opts.baseUrl,
    apiKey: opts.apiKey?.trim() || undefined,
    model: opts.model.trim(),
    http: opts.http,
    temperature: opts.temperature,
    timeoutMs: atLeast(1, opts.timeoutMs, CHAT_DEFAULTS.timeoutMs),
    maxRetries: Math.floor(atLeast(0, opts.maxRetries, CHAT_DEFAULTS.maxRetries)),
    maxChars: atLeast(1, opts.maxChars, CHAT_DEFAULTS.maxChars),
    retryBaseMs: atLeast(0, opts.retryBaseMs, CHAT_DEFAULTS.retryBaseMs),
    maxRetryWaitMs: atLeast(0, opts.maxRetryWaitMs, CHAT_DEFAULTS.maxRetryWaitMs),
  };
}

/** Rejects what only a programming error produces; endpoint trouble never throws. */
export function assertChatRequest(req: ChatRequest): void {
  if (!req || !Array.isArray(req.messages) || req.messages.length === 0) {
    throw new TypeError('chat() needs at least one message.');
  }
  for (const m of req.messages as unknown[]) {
    const message = m as Partial<ChatMessage> | null;
    if (!message || !['system', 'user', 'assistant'].includes(message.role as string) || typeof message.content !== 'string') {
      throw new TypeError('chat() messages must be {role: "system"|"user"|"assistant", content: string}.');
    }
  }
}

/** A result for a request that could not even be sent (e.g. an invalid base URL). */
export function failedResult(error: LlmError, secrets: ReadonlyArray<string | undefined>): LlmChatResult {
  return { text: '', complete: false, error: redact(error.message, secrets), errorKind: error.kind };
}

export async function streamChat(exchange: ChatExchange, opts: ResolvedChatOptions, req: ChatRequest): Promise<LlmChatResult> {
  const secrets = [opts.apiKey];
  const watchdog = createWatchdog(opts.timeoutMs, req.signal);
  let text = '';
  let model: string | undefined;
  let phase: 'connect' | 'stream' = 'connect';
  // The caller's onToken throwing is the caller's bug: it must surface, not become an "error".
  let callbackFailure: { error: unknown } | undefined;

  const apply = (event: StreamEvent): 'stop' | 'length' | undefined => {
    switch (event.type) {
      case 'model':
        model = event.name;
        return undefined;
      case 'error':
        throw event.error;
      case 'done':
        return event.reason;
      case 'delta': {
        const room = opts.maxChars - text.length;
        const piece = event.text.slice(0, Math.max(0, room));
        if (piece) {
          text += piece;
          try {
            req.onToken?.(piece);
          } catch (error) {
            callbackFailure = { error };
            throw error;
          }
        }
        if (event.text.length > room) {
          throw new LlmError('too-long', `The answer passed ${opts.maxChars} characters and was cut.`);
        }
        return undefined;
      }
    }
  };

  try {
    const response = await send(exchange, opts, watchdog);
    phase = 'stream';
    const decoder = exchange.decoder();
    const utf8 = new TextDecoder();
    let ending: 'stop' | 'length' | undefined;
    for await (const chunk of guardedChunks(response.body, watchdog)) {
      for (const event of decoder.feed(utf8.decode(chunk, { stream: true }))) ending ??= apply(event);
      if (ending) break;
    }
    if (!ending) {
      for (const event of [...decoder.feed(utf8.decode()), ...decoder.end()]) ending ??= apply(event);
    }
    if (!ending) throw new LlmError('stream-cut', 'The connection closed before the answer was complete.');
    if (ending === 'length') {
      return { text, complete: false, model: model ?? opts.model, errorKind: 'too-long', error: 'The model stopped at its token limit; the answer is incomplete.' };
    }
    return { text, complete: true, model: model ?? opts.model };
  } catch (err) {
    if (callbackFailure) throw callbackFailure.error;
    const reason: unknown = watchdog.signal.aborted ? watchdog.signal.reason : undefined;
    const error = isLlmError(reason) ? reason : fromTransportError(err, exchange.context, phase);
    return { text, complete: false, model: model ?? opts.model, error: redact(error.message, secrets), errorKind: error.kind };
  } finally {
    watchdog.dispose();
  }
}

/** POSTs until a 2xx arrives, waiting out 429/503 a bounded number of times. */
async function send(exchange: ChatExchange, opts: ResolvedChatOptions, watchdog: Watchdog): Promise<HttpResponse> {
  for (let attempt = 0; ; attempt++) {
    const response = await watchdog.race(
      opts.http.request({ url: exchange.url, method: 'POST', headers: exchange.headers, body: exchange.body, signal: watchdog.signal }),
    );
    if (response.status >= 200 && response.status < 300) return response;

    const detail = errorDetail(await readText(response.body, watchdog).catch(() => ''));
    const retryAfterMs = parseRetryAfter(response.headers);
    const error = fromHttpStatus(response.status, detail, exchange.context, retryAfterMs);
    if (!isRetryableStatus(response.status)) throw error;
    if (attempt >= opts.maxRetries) {
      const tries = attempt === 0 ? '' : ` (gave up after ${attempt + 1} attempts)`;
      throw new LlmError(error.kind, `${error.message}${tries}`, { status: error.status, retryAfterMs });
    }
    await watchdog.pause(backoffDelay(attempt, opts.retryBaseMs, opts.maxRetryWaitMs, retryAfterMs));
  }
}
