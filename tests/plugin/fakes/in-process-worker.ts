// A WorkerLike that runs the real embedding worker handler in this process: messages are
// structured-cloned (transfers included) and delivered asynchronously, as between threads.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmbedWorkerRuntime, WorkerLike } from '../../../src/plugin/adapters/worker-embedder';
import { createEmbedHandler } from '../../../src/worker/embed-handler';
import type { FromWorker, ToWorker } from '../../../src/worker/protocol';

export class InProcessWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<FromWorker>) => unknown) | null = null;
  onerror: ((event: ErrorEvent) => unknown) | null = null;
  readonly received: ToWorker[] = [];
  terminated = false;
  private readonly handler = createEmbedHandler({
    post: (message, transfer) => {
      const copy = structuredClone(message, { transfer: transfer ?? [] });
      setTimeout(() => {
        if (!this.terminated) void this.onmessage?.({ data: copy } as MessageEvent<FromWorker>);
      }, 0);
    },
  });

  postMessage(message: ToWorker, transfer: Transferable[] = []): void {
    if (this.terminated) return;
    const copy = structuredClone(message, { transfer });
    this.received.push(copy);
    setTimeout(() => {
      if (!this.terminated) void this.handler.handle(copy);
    }, 0);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** What an uncaught error inside a real worker looks like from the main thread. */
  crash(message = 'out of memory'): void {
    void this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

export class InProcessRuntime implements EmbedWorkerRuntime {
  readonly workers: InProcessWorker[] = [];
  createWorker(): InProcessWorker {
    const worker = new InProcessWorker();
    this.workers.push(worker);
    return worker;
  }
}

/** readModelFile for a folder on disk: the bytes, or null when the file does not exist. */
export function folderReader(dir: string, log: string[] = []): (path: string) => Promise<ArrayBuffer | null> {
  return async (path) => {
    log.push(path);
    try {
      const b = await readFile(join(dir, path));
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    } catch {
      return null;
    }
  };
}
