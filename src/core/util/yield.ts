// Long loops in the core run on Obsidian's main thread too. A yielder hands control back to the
// event loop once a time slice is used up, so no single task holds the interface for long.

export type Yielder = () => Promise<void>;

const macrotask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Returns a function to call often; it only really yields once `sliceMs` have passed. */
export function timeSlicer(sliceMs = 10, now: () => number = () => performance.now()): Yielder {
  let start = now();
  return async () => {
    if (now() - start < sliceMs) return;
    await macrotask();
    start = now();
  };
}
