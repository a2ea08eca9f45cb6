// Errors of the LLM endpoints, as the user sees them: a stable `kind` the UI can
// translate, and a one-line English message that never carries a secret.

export type LlmErrorKind =
  | 'unreachable'
  | 'dns'
  | 'auth'
  | 'not-found'
  | 'rate-limit'
  | 'server'
  | 'timeout'
  | 'aborted'
  | 'protocol'
  | 'stream-cut'
  | 'too-long'
  | 'bad-request';

export interface LlmErrorDetails {
  /** HTTP status, when the server answered. */
  status?: number;
  /** Server-advised wait before a retry (429/503), in ms. */
  retryAfterMs?: number;
  /**
   * The browser refused the request without a status: in Obsidian this is most
   * often a CORS block (the server does not allow the app:// origin), although a
   * server that is down looks exactly the same from inside a page.
   */
  probableCors?: boolean;
}

export class LlmError extends Error {
  override readonly name = 'LlmError';
  readonly kind: LlmErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly probableCors: boolean;

  constructor(kind: LlmErrorKind, message: string, details: LlmErrorDetails = {}) {
    super(oneLine(message));
    this.kind = kind;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.probableCors = details.probableCors ?? false;
  }
}

export function isLlmError(err: unknown): err is LlmError {
  return err instanceof LlmError;
}

/** Collapses whitespace so a server's multi-line message fits a status bar or a notice. */
export function oneLine(text: string, maxLength = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

// Providers echo keys back in masked form ("Incorrect API key provided: sk-abc***wxyz"),
// which an exact match would miss, so key-shaped tokens are masked too.
const KEY_SHAPED = /\b(?:sk|pk|rk|ak|key)-[A-Za-z0-9_*-]{6,}/g;
const BEARER = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=*-]+/gi;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi;
const MASK = '[redacted]';

/**
 * Removes secrets from text meant for a user or a log: each given secret (and its
 * URL-encoded form), `Bearer …` tokens, key-shaped tokens and URL credentials.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short "secrets" (e.g. "x" for servers that ignore the key) would shred the text.
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(MASK);
  }
  return out
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${MASK}`)
    .replace(KEY_SHAPED, MASK)
    .replace(URL_CREDENTIALS, '$1');
}

/** A URL fit for a message: no credentials, no query string (keys hide there too). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return redact(url.split('?')[0] ?? '');
  }
}

/** The same error with secrets removed from its message; anything else becomes an LlmError first. */
export function redactError(err: LlmError, secrets: ReadonlyArray<string | undefined>): LlmError {
  const message = redact(err.message, secrets);
  if (message === err.message) return err;
  return new LlmError(err.kind, message, { status: err.status, retryAfterMs: err.retryAfterMs, probableCors: err.probableCors });
}
