import type { Session } from '../setup';
import type { CliArgs } from '../args';
import { UsageError } from '../args';
import { syncWithProgress } from './index-command';
import { describeSource, noticesJson, resultJson } from './search-command';
import { intentJson, intentLine } from './intent-output';
import { cliLanguage, CliWords } from '../cli-words';
import { createChatModel } from '../../core/answer/model-factory';
import { fetchHttpClient } from '../../core/http/fetch-client';
import type { ChatModel } from '../../core/ports';
import { isPlainHttpRemote } from '../../core/http/origin';
import type { AnswerResponse } from '../../core/engine-types';
import { askInConversation } from '../../core/answer/converse';
import type { ResolvedQuestion } from '../../core/question/follow-up';
import { detectLanguage } from '../../core/lexical/language';
import { readHistoryFile } from '../history-file';
import { UNDERSTOOD } from '../understood';

export function chatModelFromFlags(args: CliArgs): ChatModel | null {
  const f = args.flags;
  if (!f.endpoint) {
    if (f.model || f.provider || f.apiKeyEnv) throw new UsageError('--model, --provider and --api-key-env need --endpoint');
    return null;
  }
  let apiKey: string | undefined;
  if (f.apiKeyEnv) {
    apiKey = process.env[f.apiKeyEnv];
    if (!apiKey) throw new UsageError(`environment variable ${f.apiKeyEnv} is not set`);
  }
  if (isPlainHttpRemote(f.endpoint)) {
    process.stderr.write(`warning: ${f.endpoint} is plain http to another computer: ${apiKey ? 'the key and ' : ''}the notes sent would travel unencrypted; use https://\n`);
  }
  const provider = f.provider ?? (/:11434\b|\/api\/?$/.test(f.endpoint) ? 'ollama' : 'openai');
  return createChatModel(
    { provider, baseUrl: f.endpoint, model: f.model ?? (provider === 'ollama' ? 'llama3.2' : 'gpt-4o-mini'), ...(apiKey ? { apiKey } : {}) },
    fetchHttpClient(),
  );
}

export async function runAsk(session: Session, args: CliArgs, signal: AbortSignal): Promise<number> {
  const chat = chatModelFromFlags(args);
  const history = args.flags.history !== undefined ? await readHistoryFile(args.flags.history) : null;
  const words = new CliWords(cliLanguage(args.flags.lang, args.text));
  await syncWithProgress(session, signal, args.flags.json);
  const streamed = !args.flags.json && chat !== null;
  const onToken = (d: string) => void process.stdout.write(d);
  const searchFlags = { ...(args.flags.k ? { k: args.flags.k } : {}), ...(args.flags.mode ? { mode: args.flags.mode } : {}), ...(args.flags.intent ? { intent: args.flags.intent } : {}) };
  let res: AnswerResponse;
  let resolved: ResolvedQuestion | null = null;
  if (history) {
    const out = await askInConversation(session.engine, args.text!, { turns: history }, { chat, settings: session.settings, ...searchFlags }, {
      signal,
      onResolved: (r) => {
        if (r.changed && !args.flags.json) process.stderr.write(`${UNDERSTOOD[detectLanguage(args.text!)]} ${r.text}\n`);
      },
      ...(streamed ? { onToken } : {}),
    });
    res = out.response;
    resolved = out.resolved;
  } else {
    res = await session.engine.ask(args.text!, { chat, signal, ...searchFlags, ...(streamed ? { onToken } : {}) });
  }
  if (args.flags.json) {
    process.stdout.write(
      `${JSON.stringify({
        ...(resolved ? { resolved: { text: resolved.text, rule: resolved.rule, changed: resolved.changed } } : {}),
        ...(res.history ? { history: res.history } : {}),
        answer: res.markdown,
        complete: res.complete,
        extractive: res.extractive,
        ...(res.error ? { error: res.error } : {}),
        citations: res.segments.filter((s) => s.kind !== 'text'),
        sources: res.sources.map(resultJson),
        ...intentJson(res),
        notices: noticesJson(res.notices, words),
      })}\n`,
    );
    return res.complete ? 0 : 1;
  }
  for (const n of res.notices) process.stderr.write(`${words.notice(n)}\n`);
  // When the model failed before writing anything, nothing streamed: the quoted passages are the answer.
  if (streamed && !res.extractive) {
    process.stdout.write('\n');
    // The stream showed the raw text; repeat the verdict on citations that could not be verified.
    const bad = res.segments.filter((s) => s.kind === 'bad-citation');
    if (bad.length) process.stdout.write(`\n${words.say('unverified-citations', { list: bad.map((b) => b.raw).join(', ') })}\n`);
  } else {
    process.stdout.write(`${res.markdown}\n`);
  }
  if (!res.complete) {
    const reason = res.errorKind === 'empty' ? words.say('empty-answer') : (res.error ?? words.say('unknown-error'));
    process.stderr.write(`${words.say(res.extractive ? 'model-failed' : 'incomplete', { reason })}\n`);
  }
  process.stdout.write(`\n${intentLine(res, words.lang)}\n${words.say('sources')}\n${res.sources.map((r, i) => describeSource(r, i, words)).join('\n')}\n`);
  return res.complete ? 0 : 1;
}
