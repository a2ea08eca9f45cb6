// Timers behind a small interface, so the indexer's debounce can be driven by a test clock.

export interface Timers {
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

/** The window's timers (Obsidian's popout windows share the main window's timer queue). */
export const windowTimers: Timers = {
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (id) => window.clearTimeout(id),
};
