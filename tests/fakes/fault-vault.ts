// A vault that changes under the indexer: create, edit, rename and delete scheduled at the n-th
// read of a note or the n-th embedding call of a pass, so that interleavings the file system
// produces by chance are produced on purpose and replayed exactly.
import type { EmbedKind, Embedder, EmbedProgress, NoteFile, NoteSource } from '../../src/core/ports';
import type { MemoryVault } from './memory-vault';

export type VaultChange =
  | { op: 'create'; path: string; text: string }
  | { op: 'edit'; path: string; text: string }
  | { op: 'rename'; from: string; to: string }
  | { op: 'delete'; path: string };

export interface ScheduledChange {
  /** Fire just before the n-th read (`read`) or the n-th embed call (`embed`) of the pass, 0-based. */
  on: 'read' | 'embed';
  at: number;
  change: VaultChange;
}

/** Applies a change if it still makes sense (an earlier change may have moved or removed its note). */
export function applyChange(vault: MemoryVault, change: VaultChange): boolean {
  const exists = (p: string) => vault.paths().includes(p);
  switch (change.op) {
    case 'create':
      if (exists(change.path)) return false;
      vault.write(change.path, change.text);
      return true;
    case 'edit':
      if (!exists(change.path)) return false;
      vault.write(change.path, change.text);
      return true;
    case 'rename':
      if (!exists(change.from) || exists(change.to)) return false;
      vault.rename(change.from, change.to);
      return true;
    case 'delete':
      if (!exists(change.path)) return false;
      vault.delete(change.path);
      return true;
  }
}

/** The vault as a NoteSource that fires the scheduled changes as reads happen. */
export class ChangingSource implements NoteSource {
  reads = 0;
  applied = 0;
  private armed = true;

  constructor(
    private readonly vault: MemoryVault,
    private readonly schedule: ScheduledChange[],
  ) {}

  list(): Promise<NoteFile[]> {
    return this.vault.list();
  }

  read(path: string): Promise<Uint8Array> {
    this.fire('read', this.reads++);
    return this.vault.read(path);
  }

  /** Later passes see the vault hold still. */
  disarm(): void {
    this.armed = false;
  }

  fire(on: ScheduledChange['on'], n: number): void {
    if (!this.armed) return;
    for (const s of this.schedule) if (s.on === on && s.at === n && applyChange(this.vault, s.change)) this.applied++;
  }
}

/** Wraps an embedder so the source's `embed` changes fire as each batch starts. */
export function changingEmbedder(inner: Embedder, source: ChangingSource): Embedder {
  let calls = 0;
  return {
    modelId: inner.modelId,
    load: (p) => inner.load(p),
    countTokens: inner.countTokens ? (t: string) => inner.countTokens!(t) : undefined,
    embed(texts: string[], kind: EmbedKind, opts?: { signal?: AbortSignal; onProgress?: (p: EmbedProgress) => void }) {
      if (kind === 'passage') source.fire('embed', calls++);
      return inner.embed(texts, kind, opts);
    },
  } as Embedder;
}
