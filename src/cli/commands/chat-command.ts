// `ask-vault chat <vault>`: a conversation in the terminal. Each line is a question; a follow-up
// (« Et en janvier 2025 ? », "why?") is resolved against the turn before, as in the panel, and the
// earlier turns go to the model. Ctrl+C stops the answer being written; /new starts over;
// /exit or end of input leaves. Works on a pipe too (one question a line), for scripts and tests.
import { createInterface } from 'node:readline';
import type { Session } from '../setup';
import type { CliArgs } from '../args';
import { syncWithProgress } from './index-command';
import { chatModelFromFlags } from './ask-command';
import { describeSource } from './search-command';
import { cliLanguage, CliWords } from '../cli-words';
import { askInConversation } from '../../core/answer/converse';
import type { SearchResponse } from '../../core/engine-types';
import type { CliTurn } from '../history-file';
import { detectLanguage } from '../../core/lexical/language';

import { UNDERSTOOD } from '../understood';
import { errorLine } from '../../core/util/error-line';

export async function runChat(session: Session, args: CliArgs, signal: AbortSignal): Promise<number> {
  const chat = chatModelFromFlags(args);
  await syncWithProgress(session, signal, false);
  const interactive = Boolean(process.stdin.isTTY);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive });
  const turns: CliTurn[] = [];
  let lastFound: SearchResponse | undefined;
  let running: AbortController | null = null;
  rl.on('SIGINT', () => {
    if (running) running.abort();
    else rl.close();
  });
  const prompt = () => {
    if (interactive) rl.prompt();
  };
  if (interactive) process.stdout.write('Ask a question (/new starts over, /exit leaves).\n');
  rl.setPrompt('› ');
  prompt();
  let failures = 0;
  for await (const line of rl) {
    const question = line.trim();
    if (signal.aborted || question === '/exit' || question === '/quit') break;
    if (!question) {
      prompt();
      continue;
    }
    if (question === '/new') {
      turns.length = 0;
      lastFound = undefined;
      process.stdout.write('New conversation.\n');
      prompt();
      continue;
    }
    running = new AbortController();
    const onAbort = () => running?.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const streamed = chat !== null;
    try {
      const out = await askInConversation(session.engine, question, { turns, ...(lastFound ? { lastFound } : {}) }, {
        chat,
        settings: session.settings,
        ...(args.flags.k ? { k: args.flags.k } : {}),
        ...(args.flags.mode ? { mode: args.flags.mode } : {}),
      }, {
        signal: running.signal,
        onResolved: (r) => {
          if (r.changed) process.stdout.write(`${UNDERSTOOD[detectLanguage(question)]} ${r.text}\n`);
        },
        ...(streamed ? { onToken: (d: string) => void process.stdout.write(d) } : {}),
      });
      const res = out.response;
      process.stdout.write(streamed ? '\n' : `${res.markdown}\n`);
      const bad = res.segments.filter((s) => s.kind === 'bad-citation');
      const words = new CliWords(cliLanguage(args.flags.lang, question));
      if (streamed && bad.length) process.stdout.write(`${words.say('unverified-citations', { list: bad.map((b) => b.raw).join(', ') })}\n`);
      if (!res.complete) {
        failures++;
        const reason = res.errorKind === 'empty' ? words.say('empty-answer') : (res.error ?? words.say('unknown-error'));
        process.stderr.write(`${words.say(res.extractive ? 'model-failed' : 'incomplete', { reason })}\n`);
      }
      for (const n of res.notices) process.stderr.write(`${words.notice(n)}\n`);
      process.stdout.write(`${words.say('sources')}\n${res.sources.map((r, i) => describeSource(r, i, words)).join('\n') || '–'}\n\n`);
      const stopped = running.signal.aborted;
      turns.push({
        question,
        answer: res.raw,
        status: stopped ? 'stopped' : res.complete ? 'complete' : 'failed',
        ...(out.resolved.changed ? { resolved: out.resolved.text } : {}),
        anchor: out.resolved.anchor,
      });
      lastFound = out.found;
    } catch (err) {
      if (signal.aborted) break;
      failures++;
      process.stderr.write(`ask-vault: ${running.signal.aborted ? 'stopped' : errorLine(err)}\n`);
      turns.push({ question, answer: '', status: running.signal.aborted ? 'stopped' : 'failed' });
    } finally {
      signal.removeEventListener('abort', onAbort);
      running = null;
    }
    prompt();
  }
  rl.close();
  if (signal.aborted) return 130;
  return failures > 0 && turns.length === failures ? 1 : 0;
}
