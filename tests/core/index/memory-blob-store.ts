// An in-memory BlobStore for tests, with an operation log and crash injection: after
// `crashAtWrite(n)`, the n-th write from then on throws and it and every later write or delete
// are lost, as if the process had died there; after `dieAfterWrites(n)`, the n-th write lands
// and everything after it is silently lost. `restart()` gives the surviving files to a fresh
// store, as the next process would find them.
import type { BlobStore } from '../../../src/core/ports';

export interface BlobOp {
  op: 'write' | 'delete';
  path: string;
}

export class SimulatedCrash extends Error {
  constructor(path: string) {
    super(`simulated crash while writing ${path}`);
  }
}

const encoder = new TextEncoder();

export class MemoryBlobStore implements BlobStore {
  readonly files = new Map<string, Uint8Array>();
  /** Writes and deletes that took effect, in order. */
  readonly ops: BlobOp[] = [];
  private crashAt: number | null = null;
  private throwOnCrash = true;
  private writesSinceArmed = 0;
  private crashed = false;

  constructor(files?: Map<string, Uint8Array>) {
    if (files) for (const [k, v] of files) this.files.set(k, v.slice());
  }

  /** The n-th write (1-based) from now throws; it and everything after it is lost. */
  crashAtWrite(n: number): void {
    this.crashAt = n;
    this.throwOnCrash = true;
    this.writesSinceArmed = 0;
  }

  /** The n-th write (1-based) from now lands; every write and delete after it is silently lost. */
  dieAfterWrites(n: number): void {
    this.crashAt = n;
    this.throwOnCrash = false;
    this.writesSinceArmed = 0;
  }

  get hasCrashed(): boolean {
    return this.crashed;
  }

  restart(): MemoryBlobStore {
    return new MemoryBlobStore(this.files);
  }

  writes(): string[] {
    return this.ops.filter((o) => o.op === 'write').map((o) => o.path);
  }

  deletes(): string[] {
    return this.ops.filter((o) => o.op === 'delete').map((o) => o.path);
  }

  clearLog(): void {
    this.ops.length = 0;
  }

  async read(path: string): Promise<Uint8Array | null> {
    return this.files.get(path)?.slice() ?? null;
  }

  async write(path: string, data: Uint8Array | string): Promise<void> {
    if (this.crashed) return;
    const armed = this.crashAt !== null && ++this.writesSinceArmed === this.crashAt;
    if (armed && this.throwOnCrash) {
      this.crashed = true;
      throw new SimulatedCrash(path);
    }
    this.files.set(path, typeof data === 'string' ? encoder.encode(data) : data.slice());
    this.ops.push({ op: 'write', path });
    if (armed) this.crashed = true;
  }

  async delete(path: string): Promise<void> {
    if (this.crashed) return;
    if (this.files.delete(path)) this.ops.push({ op: 'delete', path });
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.files.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  async size(): Promise<number> {
    let total = 0;
    for (const v of this.files.values()) total += v.length;
    return total;
  }
}
