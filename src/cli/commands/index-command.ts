import type { IndexSummary } from '../../core/engine-types';
import type { Session } from '../setup';
import { progressReporter } from '../progress';
import { cliLanguage, CliWords, type CliLanguage } from '../cli-words';

export async function syncWithProgress(session: Session, signal: AbortSignal, quiet = false): Promise<IndexSummary> {
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
  const status = session.engine.status();
  for (const n of status.warnings) if (!session.openWarnings.has(n)) process.stderr.write(`${words.say('index-warning', { detail: n })}\n`);
  for (const n of status.notices) process.stderr.write(`${words.notice(n)}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify({ notes: s.notes, chunks: s.chunks, embedded: s.embedded, reused: s.reused, skipped: s.skipped, model: s.model })}\n`);
    return;
  }
  const lines = [
    words.say('indexed', { notes: s.notes, chunks: s.chunks, embedded: s.embedded, reused: s.reused }) +
      (s.renamed ? words.say('indexed-moved', { n: s.renamed }) : '') + (s.removed ? words.say('indexed-removed', { n: s.removed }) : '') + ').',
    words.say('model', { model: s.model ?? words.say('no-model') }),
    words.say('index-dir', { dir: session.indexDir }),
  ];
  if (s.skipped.length) {
    lines.push(words.say('skipped', { n: s.skipped.length }));
    for (const k of s.skipped) lines.push(`  ${k.path}: ${k.reason}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
