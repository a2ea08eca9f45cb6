// Redirects are followed by hand, only within the origin the request was for: a redirect to
// another origin would carry the key and the notes there. Browsers hide the target of a manual
// redirect (an opaque response), so there any redirect is refused.

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;

export class RedirectRefusedError extends Error {}

export async function fetchSameOrigin(fetchImpl: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  let current = url;
  for (let hops = 0; ; hops++) {
    // Called as a plain function: browsers throw "Illegal invocation" with another receiver.
    const response = await fetchImpl(current, { ...init, redirect: 'manual' });
    if (response.type === 'opaqueredirect') {
      throw new RedirectRefusedError(`${new URL(current).origin} answered with a redirect, which is not followed: put the final address in the settings.`);
    }
    if (!REDIRECTS.has(response.status)) return response;
    const location = response.headers.get('location');
    await response.body?.cancel().catch(() => undefined);
    if (!location) return response;
    const next = new URL(location, current);
    const from = new URL(current).origin;
    if (next.origin !== from) {
      throw new RedirectRefusedError(`${from} redirected to ${next.origin}, another origin: refused, so that neither the key nor the notes go there.`);
    }
    const method = (init.method ?? 'GET').toUpperCase();
    if (hops >= MAX_REDIRECTS || (method !== 'GET' && response.status !== 307 && response.status !== 308)) {
      throw new RedirectRefusedError(`${from} redirected ${hops >= MAX_REDIRECTS ? 'too many times' : `a ${method} with ${response.status}`}: put the final address in the settings.`);
    }
    current = next.href;
  }
}
