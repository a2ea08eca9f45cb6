// Reading response bodies under a watchdog: every chunk restarts the silence timer,
// and leaving early releases the transport.

import type { Watchdog } from './watchdog';

/** The body's chunks, each awaited under the watchdog. */
export async function* guardedChunks(body: AsyncIterable<Uint8Array>, watchdog: Watchdog): AsyncGenerator<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  let exhausted = false;
  try {
    for (;;) {
      const step = await watchdog.race(iterator.next());
      if (step.done) {
        exhausted = true;
        return;
      }
      watchdog.kick();
      yield step.value;
    }
  } finally {
    // Not awaited: with a read still pending, return() would wait for it.
    if (!exhausted) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

/** Up to `maxBytes` of the body as UTF-8 text (error bodies are short; a huge one is cut). */
export async function readText(body: AsyncIterable<Uint8Array>, watchdog: Watchdog, maxBytes = 64 * 1024): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for await (const chunk of guardedChunks(body, watchdog)) {
    const room = maxBytes - bytes;
    text += decoder.decode(chunk.subarray(0, room), { stream: true });
    bytes += Math.min(chunk.byteLength, room);
    if (bytes >= maxBytes) break;
  }
  return text + decoder.decode();
}
