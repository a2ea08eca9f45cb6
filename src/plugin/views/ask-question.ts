// One question, from search to checked answer, with hooks for the UI: the sources as soon as they
// are found, then the answer's text as it streams. Search and answering are the engine's
// `ask`, in two steps so the sources can be shown before the model starts writing. In a
// conversation the question is first resolved against the turn before (« Et en janvier ? »), and
// the earlier turns go to the model.
import { answerQuestion } from '../../core/answer/answer';
import type { HistoryTurn } from '../../core/answer/history';
import type { AnswerResponse, SearchResponse } from '../../core/engine-types';
import { standalone, type ResolvedQuestion } from '../../core/question/follow-up';
import { priorOf, resolveQuestion } from '../../core/question/follow-up-turn';
import type { AskHost } from '../ask-host';

export interface AskHooks {
  signal: AbortSignal;
  onSources?(found: SearchResponse): void;
  /** The whole text so far, each time a piece arrives. */
  onText?(text: string): void;
  /** The question as understood, before the search starts. */
  onResolved?(resolved: ResolvedQuestion): void;
}

export interface ConversationContext {
  /** Earlier turns, oldest first; `anchor` is what a follow-up of that turn resolves against. */
  turns: readonly (HistoryTurn & { anchor?: string })[];
  /** The sources of the last turn, reused by a follow-up about its answer (« Développe le deuxième point »). */
  lastFound?: SearchResponse;
  /** False when the user undid the resolution. */
  resolve?: boolean;
}

export interface AskOutcome {
  response: AnswerResponse;
  found: SearchResponse;
  /** The user stopped it; `response` holds what had arrived. */
  stopped: boolean;
  resolved: ResolvedQuestion;
}

export async function askQuestion(host: AskHost, question: string, hooks: AskHooks, conversation?: ConversationContext): Promise<AskOutcome> {
  const engine = await host.engine();
  hooks.signal.throwIfAborted();
  const chat = host.chatModel();
  const turns = conversation?.turns ?? [];
  const resolved = conversation
    ? await resolveQuestion(question, {
      previous: priorOf(turns),
      history: turns,
      settings: host.settings.chat,
      chat,
      signal: hooks.signal,
      ...(conversation.resolve === false ? { resolve: false } : {}),
    })
    : standalone(question);
  hooks.signal.throwIfAborted();
  hooks.onResolved?.(resolved);
  const found = resolved.sameSources && conversation?.lastFound
    ? conversation.lastFound
    : await engine.search(resolved.query, { signal: hooks.signal });
  hooks.signal.throwIfAborted();
  hooks.onSources?.(found);
  let text = '';
  const response = await answerQuestion(
    resolved.text,
    found,
    {
      chat,
      signal: hooks.signal,
      ...(turns.length ? { history: [...turns] } : {}),
      onToken: (delta) => {
        text += delta;
        hooks.onText?.(text);
      },
    },
    host.settings,
  );
  return { response, found, stopped: hooks.signal.aborted, resolved };
}
