// When and how long to wait before asking a busy endpoint again.

/** Statuses that mean "try again later" rather than "this request is wrong". */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503;
}

/**
 * The server's advised wait, in ms: OpenAI's `retry-after-ms`, else `Retry-After`
 * as seconds or as an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Record<string, string>, now: number = Date.now()): number | undefined {
  const ms = Number(headers['retry-after-ms']);
  if (headers['retry-after-ms'] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Wait before retry number `attempt` (0-based): the server's advice when given,
 * else exponential backoff from `baseMs`; never more than `capMs`, so a server
 * asking for minutes cannot freeze the answer panel.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, retryAfterMs?: number): number {
  const wanted = retryAfterMs ?? baseMs * 2 ** attempt;
  return Math.min(Math.max(0, wanted), capMs);
}
