// A key belongs to an origin: the scheme, host and port it was entered for. Sent anywhere else
// (another provider after a preset change, a custom host, a local server) it is a leak. And
// outside this computer, an address typed without a scheme means https, never clear text.

/** Hosts on this computer, where plain http stays on the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h) || h === '0:0:0:0:0:0:0:1';
}

/** `text` with a scheme: http:// for loopback hosts ("localhost:11434"), https:// for any other. */
export function withDefaultScheme(text: string): string {
  const trimmed = text.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed;
  const host = /^\[[^\]]*\]|^[^/:?#]*/.exec(trimmed)?.[0] ?? '';
  return `${isLoopbackHost(host) ? 'http' : 'https'}://${trimmed}`;
}

/** The origin (`https://api.openai.com`) of a base URL as users type it; '' when it is no URL. */
export function urlOrigin(baseUrl: string): string {
  if (!baseUrl.trim()) return '';
  try {
    const url = new URL(withDefaultScheme(baseUrl));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : '';
  } catch {
    return '';
  }
}

/** Plain http to a host that is not this computer: the key and the notes would travel in clear. */
export function isPlainHttpRemote(baseUrl: string): boolean {
  try {
    const url = new URL(withDefaultScheme(baseUrl));
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/**
 * The key to send to `baseUrl`: the stored key only when `baseUrl` has the origin it was entered
 * for, otherwise none. (Settings written before keys had an origin are bound at load.)
 */
export function boundApiKey(apiKey: string, apiKeyOrigin: string, baseUrl: string): string | undefined {
  if (!apiKey) return undefined;
  const origin = urlOrigin(baseUrl);
  return origin !== '' && origin === apiKeyOrigin ? apiKey : undefined;
}
