import type { IndexSummary } from '../../core/engine-types';
import type { Session } from '../setup';
import { progressReporter } from '../progress';
import { confirmPaidIndex } from '../paid-endpoint-confirm';
import { providerOfModelId } from '../../core/embedding/providers';
import { cliLanguage, CliWords, type CliLanguage } from '../cli-words';
import { noticeLogText } from '../../core/notices';

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

export async function runIndex(session: Session, json: boolean, signal: AbortSignal, lang?: CliLanguage): Promise<void> {
  const words = new CliWords(cliLanguage(lang));
  const s = await syncWithProgress(session, signal);
  if (!s) throw new Error('index needs the writer lock'); // openSession opens `index` only as the writer
  const status = session.engine.status();
  // The index's own notices are said once: not again when the open logged them.
  for (const n of status.notices) if (!(n.code.startsWith('index-') && session.openWarnings.has(noticeLogText(n)))) process.stderr.write(`${words.notice(n)}\n`);
  if (json) {
    const embedding = { provider: providerOfModelId(s.model), model: s.model, ...(s.embedError ? { embedError: s.embedError } : {}) };
    process.stdout.write(`${JSON.stringify({ notes: s.notes, chunks: s.chunks, embedded: s.embedded, reused: s.reused, skipped: s.skipped, ...embedding })}\n`);
    return;
  }
  const lines = [
    words.say('indexed', { notes: s.notes, chunks: s.chunks, embedded: s.embedded, reused: s.reused }) +
      (s.renamed ? words.say('indexed-moved', { n: s.renamed }) : '') + (s.removed ? words.say('indexed-removed', { n: s.removed }) : '') + ').',
    words.say('model', { model: s.model ? `${s.model} (${providerOfModelId(s.model)})` : words.say('no-model') }),
    ...(s.embedError ? [words.say('embedding-stopped', { detail: s.embedError })] : []),
    words.say('index-dir', { dir: session.indexDir }),
  ];
  if (s.skipped.length) {
    lines.push(words.say('skipped', { n: s.skipped.length }));
    for (const k of s.skipped) lines.push(`  ${k.path}: ${k.reason}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
