// Turns what a transport throws, or what a server answers with a non-2xx status,
// into an LlmError whose message tells the user what to fix.

import { displayUrl, isLlmError, LlmError, oneLine } from './errors';

export interface ErrorContext {
  /** The URL that was requested. */
  url: string;
  /** The model asked for, so a 404 can name it. */
  model?: string;
  /** Whether an API key was sent, so a 401 can say "missing" rather than "wrong". */
  hasKey?: boolean;
  /** Whose wording to use for hints ("ollama pull …"). */
  provider?: 'openai' | 'ollama';
}

/** Where the failure happened: before the response, or while reading its body. */
export type TransportPhase = 'connect' | 'stream';

/** Transport error → LlmError. LlmErrors (e.g. from the plugin's transport) pass through. */
export function fromTransportError(err: unknown, ctx: ErrorContext, phase: TransportPhase): LlmError {
  if (isLlmError(err)) return err;
  const host = hostOf(ctx.url);
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);

  if (code === 'ECONNREFUSED' || code === 'ERR_CONNECTION_REFUSED') {
    return new LlmError('unreachable', `Cannot connect to ${host}: connection refused. Is the server running?`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'ERR_NAME_NOT_RESOLVED') {
    return new LlmError('dns', `Cannot resolve the host name "${hostnameOf(ctx.url)}". Check the URL.`);
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ERR_CONNECTION_TIMED_OUT') {
    return new LlmError('timeout', `Connecting to ${host} timed out.`);
  }
  if (code && /CERT|TLS|SSL/.test(code)) {
    return new LlmError('unreachable', `The TLS certificate of ${host} was rejected (${code}).`);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ERR_INTERNET_DISCONNECTED' || code === 'ERR_ADDRESS_UNREACHABLE') {
    return new LlmError('unreachable', `Cannot reach ${host}: no network route (${code}).`);
  }
  if (isAbortError(err)) return new LlmError('aborted', 'Stopped.');
  if (phase === 'stream') {
    return new LlmError('stream-cut', `The connection to ${host} broke before the answer was complete${code ? ` (${code})` : ''}.`);
  }
  // Chromium, Firefox and Safari all report a CORS refusal this way, with no status and
  // no cause; Node's fetch says "fetch failed" and always carries a cause with a code.
  if (err instanceof TypeError && !code && /failed to fetch|networkerror|load failed/i.test(message)) {
    return new LlmError(
      'unreachable',
      `Cannot reach ${host}: the server is down or blocks requests from this app (CORS).`,
      { probableCors: true },
    );
  }
  return new LlmError('unreachable', `Cannot connect to ${host}${code ? ` (${code})` : `: ${oneLine(message, 120)}`}.`);
}

/** Non-2xx status → LlmError. `detail` is the server's own message, already extracted. */
export function fromHttpStatus(status: number, detail: string | undefined, ctx: ErrorContext, retryAfterMs?: number): LlmError {
  const host = hostOf(ctx.url);
  const said = detail ? `: ${detail}` : '.';
  const details = { status, retryAfterMs };
  if (status === 401 || status === 403) {
    const what = ctx.hasKey ? 'rejected the API key' : 'requires an API key';
    return new LlmError('auth', `${host} ${what} (HTTP ${status})${said}`, details);
  }
  if (status === 404) {
    const model = ctx.model ? `"${ctx.model}"` : 'the model';
    if (detail && /model/i.test(detail)) {
      const hint = ctx.provider === 'ollama' && ctx.model ? ` Run "ollama pull ${ctx.model}".` : '';
      return new LlmError('not-found', `Model ${model} is not available on ${host} (HTTP 404)${said}${hint}`, details);
    }
    return new LlmError('not-found', `${displayUrl(ctx.url)} was not found (HTTP 404): check the base URL and the model name ${model}.`, details);
  }
  if (status === 408) return new LlmError('timeout', `${host} timed out (HTTP 408)${said}`, details);
  if (status === 429) return new LlmError('rate-limit', `${host} is rate-limiting requests (HTTP 429)${said}`, details);
  if (status >= 500) return new LlmError('server', `${host} failed (HTTP ${status})${said}`, details);
  if (status >= 400) return new LlmError('bad-request', `${host} refused the request (HTTP ${status})${said}`, details);
  return new LlmError('protocol', `${host} answered with an unexpected HTTP ${status}.`, details);
}

/**
 * The message inside an error body: OpenAI `{error:{message}}`, Ollama `{error:"…"}`,
 * FastAPI/vLLM `{detail}` or `{message}`; plain text as is; HTML pages are not worth quoting.
 */
export function errorDetail(body: string): string | undefined {
  const trimmed = body.trim();
  if (!trimmed) return undefined;
  if (trimmed.startsWith('{')) {
    try {
      return errorMessageOf(JSON.parse(trimmed)) ?? oneLine(trimmed, 200);
    } catch {
      return oneLine(trimmed, 200);
    }
  }
  if (trimmed.startsWith('<')) return undefined;
  return oneLine(trimmed, 200);
}

/** The error message carried by a parsed JSON body or event, if it carries one. */
export function errorMessageOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const { error } = value;
  if (typeof error === 'string' && error) return oneLine(error, 200);
  if (isRecord(error)) {
    if (typeof error.message === 'string' && error.message) return oneLine(error.message, 200);
    return oneLine(JSON.stringify(error), 200);
  }
  if (typeof error === 'number' || error === true) return `error ${String(error)}`;
  return undefined;
}

/**
 * The error a 200 response carries in its body or in one of its events
 * (`{"error":…}`), or undefined when `value` is not an error object.
 */
export function inBandError(value: unknown, ctx: ErrorContext): LlmError | undefined {
  const message = errorMessageOf(value);
  if (!message) return undefined;
  const status = statusOf(value);
  return status ? fromHttpStatus(status, message, ctx) : new LlmError('server', `${hostOf(ctx.url)} reported an error: ${message}`);
}

/** A status code an in-stream error object advertises (`{error:{code:429}}`), if plausible. */
export function statusOf(value: unknown): number | undefined {
  if (!isRecord(value) || !isRecord(value.error)) return undefined;
  const code = Number(value.error.code ?? value.error.status);
  return Number.isInteger(code) && code >= 400 && code < 600 ? code : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbortError(err: unknown): boolean {
  return isRecord(err) && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/** Node puts the system code on `cause` (undici wraps it), Electron's net module in the message. */
function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && isRecord(current); depth++) {
    if (typeof current.code === 'string' && current.code) return current.code;
    if (typeof current.message === 'string') {
      const net = /net::(ERR_[A-Z_]+)/.exec(current.message);
      if (net) return net[1];
    }
    current = current.cause;
  }
  return undefined;
}

/** `host:port` of a URL, for messages. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return displayUrl(url);
  }
}

function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return displayUrl(url);
  }
}
