// Long loops in the core run on Obsidian's main thread too. A yielder hands control back to the
// event loop once a time slice is used up, so no single task holds the interface for long.

export type Yielder = () => Promise<void>;

/** Resolves in a later task of the event loop. */
export const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Returns a function to call often; it only really yields once `sliceMs` have passed. */
export function timeSlicer(sliceMs = 10, now: () => number = () => performance.now()): Yielder {
  let start = now();
  return async () => {
    if (now() - start < sliceMs) return;
    await macrotask();
    start = now();
  };
}

/**
 * Work written as a generator that yields where it may be interrupted (between a parser's
 * phases, say) runs either at once…
 */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** …or with `pause` awaited at each of its yields. */
export async function runStepsSliced<T>(steps: Generator<void, T>, pause: Yielder): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}
