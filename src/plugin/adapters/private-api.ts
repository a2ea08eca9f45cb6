// Obsidian APIs that are not public (listed in ../README.md, "Private APIs") are feature-checked
// where they are used, and each use has a fallback that fails closed. When one is missing or
// throws, the user is told once per session, naming it, and the console keeps the details.

type Notify = (api: string) => void;

let notify: Notify | null = null;
const reported = new Set<string>();

/** Who shows the notice (the plugin, once loaded). */
export function setPrivateApiNotifier(callback: Notify | null): void {
  notify = callback;
}

export function privateApiFailed(api: string, err?: unknown): void {
  if (reported.has(api)) return;
  reported.add(api);
  const reason = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  console.warn(`Ask Vault: Obsidian's ${api} is unavailable${reason ? ` (${reason})` : ''}; failing closed`);
  notify?.(api);
}

/** For tests: forget what was reported. */
export function resetPrivateApiReports(): void {
  reported.clear();
}
