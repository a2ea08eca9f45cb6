import type { CoreNotice } from '../../core/notices';
import type { SearchResult } from '../../core/types';
import type { Session } from '../setup';
import type { CliArgs } from '../args';
import { syncWithProgress } from './index-command';
import { intentJson, intentLine } from './intent-output';
import { noticeLogText } from '../../core/notices';
import { cliLanguage, CliWords } from '../cli-words';

export function resultJson(r: SearchResult) {
  return {
    path: r.path,
    heading: r.heading ?? null,
    lines: r.lines,
    score: Math.round(r.score * 1e6) / 1e6,
    text: r.text,
    source: r.source,
    why: r.why,
    ...(r.date !== undefined ? { date: new Date(r.date).toISOString() } : {}),
  };
}

export function describeSource(r: SearchResult, i: number, words: CliWords, scope?: string): string {
  const where = `${r.path}${r.heading ? ` › ${r.heading}` : ''}:${r.lines[0]}-${r.lines[1]}`;
  const when = r.date !== undefined ? ` · ${words.date(r.date)}` : '';
  return `[${i + 1}] ${where}${when} · ${words.why(r, scope)} · ${words.say('score', { score: r.score.toFixed(4) })}`;
}

/** Notices for `--json` readers: the code and its parameters, and the sentence in the CLI's language. */
export function noticesJson(notices: readonly CoreNotice[], words: CliWords) {
  return notices.map((n) => ({ ...n, text: words.notice(n), english: noticeLogText(n) }));
}

export async function runSearch(session: Session, args: CliArgs, signal: AbortSignal): Promise<void> {
  const words = new CliWords(cliLanguage(args.flags.lang, args.text));
  await syncWithProgress(session, signal, args.flags.json);
  const res = await session.engine.search(args.text!, {
    ...(args.flags.k ? { k: args.flags.k } : {}),
    ...(args.flags.mode ? { mode: args.flags.mode } : {}),
    ...(args.flags.intent ? { intent: args.flags.intent } : {}),
    signal,
  });
  if (args.flags.json) {
    process.stdout.write(`${JSON.stringify({ results: res.results.map(resultJson), mode: res.mode, ...(res.timeScope ? { timeScope: res.timeScope } : {}), ...intentJson(res), notices: noticesJson(res.notices, words), ...(res.rerank ? { rerank: res.rerank } : {}) })}\n`);
    return;
  }
  for (const n of res.notices) process.stderr.write(`${words.notice(n)}\n`);
  if (res.timeScope) process.stdout.write(`${words.say('time-scope', { scope: res.timeScope.text })}\n`);
  process.stdout.write(`${intentLine(res, words.lang)}\n`);
  if (res.results.length === 0) process.stdout.write(`${words.say('no-results')}\n`);
  res.results.forEach((r, i) => {
    process.stdout.write(`${describeSource(r, i, words, res.timeScope?.text)}\n`);
    const preview = r.text.replace(/\s+/g, ' ').slice(0, 240);
    process.stdout.write(`    ${preview}${r.text.length > 240 ? '…' : ''}\n`);
  });
}
