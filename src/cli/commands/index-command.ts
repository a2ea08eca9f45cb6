import type { IndexSummary } from '../../core/engine-types';
import type { Session } from '../setup';
import { progressReporter } from '../progress';
import { confirmPaidIndex } from '../paid-endpoint-confirm';
import { providerOfModelId } from '../../core/embedding/providers';

export async function syncWithProgress(session: Session, signal: AbortSignal, quiet = false): Promise<IndexSummary | null> {
  // A snapshot reader answers from what the writer committed; the writer brings it up to date.
  if (session.readOnly) return null;
  await confirmPaidIndex(session);
  const progress = progressReporter();
  try {
    return await session.engine.sync({ signal, ...(quiet ? {} : { onProgress: (p) => progress.update(p) }) });
  } finally {
    progress.end();
  }
}

export async function runIndex(session: Session, json: boolean, signal: AbortSignal): Promise<void> {
  const s = await syncWithProgress(session, signal);
  if (!s) throw new Error('index needs the writer lock'); // openSession opens `index` only as the writer
  for (const n of session.engine.status().warnings) if (!session.openWarnings.has(n)) process.stderr.write(`${n}\n`);
  if (json) {
    const embedding = { provider: providerOfModelId(s.model), model: s.model, ...(s.embedError ? { embedError: s.embedError } : {}) };
    process.stdout.write(`${JSON.stringify({ notes: s.notes, chunks: s.chunks, embedded: s.embedded, reused: s.reused, skipped: s.skipped, ...embedding })}\n`);
    return;
  }
  const lines = [
    `Indexed ${s.notes} notes, ${s.chunks} chunks (${s.embedded} embedded, ${s.reused} reused${s.renamed ? `, ${s.renamed} moved` : ''}${s.removed ? `, ${s.removed} removed` : ''}).`,
    `Model: ${s.model ? `${s.model} (${providerOfModelId(s.model)})` : 'none (lexical and link-graph retrieval only)'}`,
    ...(s.embedError ? [`Embedding stopped: ${s.embedError} What was embedded is saved; the next run sends only the rest.`] : []),
    `Index: ${session.indexDir}`,
  ];
  if (s.skipped.length) {
    lines.push(`Skipped ${s.skipped.length} note(s):`);
    for (const k of s.skipped) lines.push(`  ${k.path}: ${k.reason}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
