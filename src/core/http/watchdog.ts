// One AbortSignal for a whole exchange with an endpoint, fired by the caller's
// signal or by silence: no byte for `idleMs` (before the first one or between
// two) aborts the request with a `timeout` LlmError. Awaits are raced against it
// because not every transport honours abort promptly (Obsidian's requestUrl does not).

import { LlmError } from './errors';

export interface Watchdog {
  /** Pass this to the transport; its `reason` is the LlmError that ended the exchange. */
  readonly signal: AbortSignal;
  /** Data arrived: restart the silence timer. */
  kick(): void;
  /** Settles like `promise`, or rejects with the abort reason as soon as the signal fires. */
  race<T>(promise: Promise<T>): Promise<T>;
  /** Waits `ms` without counting it as silence (a retry backoff); rejects on abort. */
  pause(ms: number): Promise<void>;
  /** Stops the timer and aborts the transport if it is still running. Idempotent. */
  dispose(): void;
}

export function createWatchdog(idleMs: number, outer?: AbortSignal): Watchdog {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const stop = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const abort = (reason: LlmError) => {
    stop();
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const kick = () => {
    stop();
    if (disposed || controller.signal.aborted) return;
    timer = setTimeout(() => abort(new LlmError('timeout', `No data from the server for ${seconds(idleMs)}.`)), idleMs);
  };
  const onOuterAbort = () => abort(new LlmError('aborted', 'Stopped.'));

  // One shared rejection, observed once here so an unraced abort is never "unhandled".
  const aborted = new Promise<never>((_resolve, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason as LlmError), { once: true });
  });
  aborted.catch(() => undefined);

  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  kick();

  return {
    signal: controller.signal,
    kick,
    race: <T>(promise: Promise<T>) => {
      if (controller.signal.aborted) {
        promise.catch(() => undefined);
        return Promise.reject(controller.signal.reason as LlmError);
      }
      return Promise.race([promise, aborted]);
    },
    pause: async (ms: number) => {
      stop();
      let wait: ReturnType<typeof setTimeout> | undefined;
      try {
        await Promise.race([new Promise<void>((resolve) => (wait = setTimeout(resolve, ms))), aborted]);
      } finally {
        clearTimeout(wait);
      }
      kick();
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      stop();
      outer?.removeEventListener('abort', onOuterAbort);
      if (!controller.signal.aborted) controller.abort(new LlmError('aborted', 'Exchange finished.'));
    },
  };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
