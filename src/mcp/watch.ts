// `ask-vault mcp --watch`: re-syncs changed notes on a timer, as a writer that takes the lock
// only while it writes (so `ask-vault index` or the plugin can take it in between). A tick does
// nothing unless the vault's listing (paths, sizes, mtimes) changed since the last sync, so an
// idle vault costs one folder walk per tick and no index load.

export type WriteOutcome = { kind: 'written'; summary: string } | { kind: 'busy'; heldBy: string };

export interface WatchDeps {
  intervalMs: number;
  /** A fingerprint of the vault's listing; equal fingerprints mean nothing to sync. */
  fingerprint(): Promise<string>;
  /** Takes the lock, syncs, commits and releases; 'busy' when another program holds it. */
  write(): Promise<WriteOutcome>;
  log(message: string): void;
}

export interface WatchState {
  intervalSeconds: number;
  lastSync: string | null;
  lastResult: string | null;
}

export class VaultWatch {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;
  private synced: string | null = null;
  private lastSync: string | null = null;
  private lastResult: string | null = null;

  constructor(private readonly deps: WatchDeps) {}

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.deps.intervalMs);
  }

  /** Stops the timer and waits for a write under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  state(): WatchState {
    return { intervalSeconds: this.deps.intervalMs / 1000, lastSync: this.lastSync, lastResult: this.lastResult };
  }

  /** One check (and write if the vault changed); overlapping ticks are skipped. */
  tick(): Promise<void> {
    this.running ??= this.once().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async once(): Promise<void> {
    try {
      const fp = await this.deps.fingerprint();
      if (fp === this.synced) return;
      const out = await this.deps.write();
      if (out.kind === 'busy') {
        this.lastResult = `skipped: the index is being written by ${out.heldBy}`;
        return;
      }
      this.synced = fp;
      this.lastSync = new Date().toISOString();
      this.lastResult = out.summary;
      this.deps.log(`watch: ${out.summary}`);
    } catch (err) {
      this.lastResult = `failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
      this.deps.log(`watch: ${this.lastResult}`);
    }
  }
}
