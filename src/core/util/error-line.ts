/**
 * An error as one line for a notice, a status line or a log: library errors often carry a stack
 * or a server's whole response body after their first line, which no UI line should show.
 */
export function errorLine(err: unknown, maxLength = 300): string {
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0].trim();
  return first.length > maxLength ? `${first.slice(0, maxLength - 1)}…` : first;
}
