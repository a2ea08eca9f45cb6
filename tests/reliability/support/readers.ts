// Readers for the snapshot trials: a BlobStore that counts segment reads that found no file (a
// reader's generation deleted under it) and can hold segment reads at a gate, and the plugin's
// EngineProvider on a real vault folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BlobStore } from '../../../src/core/ports';
import { FsBlobStore } from '../../../src/cli/fs-blob-store';
import { FsNoteSource } from '../../../src/cli/fs-note-source';
import { EngineProvider } from '../../../src/plugin/engine-provider';
import { AdapterBlobStore } from '../../../src/plugin/adapters/adapter-blob-store';
import { FsDataAdapter } from '../../plugin/fakes/fs-data-adapter';
import { TransformersEmbedder } from '../../../src/core/embedding';
import { defaultSettings } from '../../../src/core/settings';
import { silentLogger } from '../../../src/core/ports';
import { TINY_MODEL } from './cli';

const SEGMENT = /^(notes|vectors)\//;

export class WatchedStore implements BlobStore {
  /** Segment files a read asked for and did not find. */
  readonly missing: string[] = [];
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;
  /** Resolves when a segment read is first held at the gate. */
  held: Promise<void> = Promise.resolve();

  constructor(private readonly inner: BlobStore) {}

  static on(dir: string): WatchedStore {
    return new WatchedStore(new FsBlobStore(dir));
  }

  /** Segment reads from now on wait until `release()`. */
  close(): void {
    this.gate = new Promise<void>((r) => (this.openGate = r));
    this.held = new Promise<void>((r) => (this.notifyHeld = r));
  }

  release(): void {
    this.openGate?.();
    this.gate = null;
  }

  private notifyHeld: () => void = () => undefined;

  async read(path: string): Promise<Uint8Array | null> {
    if (this.gate && SEGMENT.test(path)) {
      this.notifyHeld();
      await this.gate;
    }
    const data = await this.inner.read(path);
    if (!data && SEGMENT.test(path)) this.missing.push(path);
    return data;
  }

  write(path: string, data: Uint8Array | string): Promise<void> {
    return this.inner.write(path, data);
  }

  delete(path: string): Promise<void> {
    return this.inner.delete(path);
  }

  list(prefix: string): Promise<string[]> {
    return this.inner.list(prefix);
  }
}

/** The plugin's own provider over its adapter store, on the vault's default index folder. */
export function pluginProvider(vault: string, opts: { onReadOnly?: (heldBy: string) => void; chunkTokens?: number } = {}): EngineProvider {
  const { onReadOnly, chunkTokens } = opts;
  const settings = defaultSettings();
  settings.retrieval.embeddingModel = TINY_MODEL;
  if (chunkTokens) settings.retrieval.chunkTokens = chunkTokens; // as the trial's CLI runs chunk
  return new EngineProvider({
    store: new AdapterBlobStore(new FsDataAdapter(vault), '.obsidian/plugins/ask-vault/index'),
    source: new FsNoteSource(vault),
    settings,
    createEmbedder: () => new TransformersEmbedder({ model: TINY_MODEL, offline: true }),
    isExcluded: () => false,
    logger: silentLogger,
    ...(onReadOnly ? { onReadOnly } : {}),
  });
}

/** Segment files a manifest names. */
export function manifestFiles(dir: string): string[] {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { notes: { file: string }[]; vectors: { file: string }[] };
  return [...m.notes, ...m.vectors].map((e) => e.file);
}

/** The pid in the writer lock, or null. */
export function lockPid(dir: string): number | null {
  try {
    return (JSON.parse(readFileSync(join(dir, 'writer.lock'), 'utf8')) as { owner?: { pid?: number } }).owner?.pid ?? null;
  } catch {
    return null;
  }
}
