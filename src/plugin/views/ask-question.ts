// One question, from search to checked answer, with hooks for the UI: the sources as soon as they
// are found, then the answer's text as it streams. In a conversation the question is first
// resolved against the turn before (« Et en janvier ? »), and the earlier turns go to the model
// (core/answer/converse.ts does both, for the CLI too).
import type { AnswerResponse, SearchResponse } from '../../core/engine-types';
import { askInConversation, type ConversationContext } from '../../core/answer/converse';
import type { ResolvedQuestion } from '../../core/question/follow-up';
import type { RetrievalScope } from '../../core/retrieval/scope';
import type { AskHost } from '../ask-host';

export type { ConversationContext } from '../../core/answer/converse';

export interface AskHooks {
  signal: AbortSignal;
  onSources?(found: SearchResponse): void;
  /** The whole text so far, each time a piece arrives. */
  onText?(text: string): void;
  /** The question as understood, before the search starts. */
  onResolved?(resolved: ResolvedQuestion): void;
  /** The context the user chose (chips). */
  scope?: RetrievalScope;
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
  let text = '';
  const outcome = await askInConversation(engine, question, conversation, {
    chat: host.chatModel(),
    settings: host.settings,
    ...(hooks.scope ? { scope: hooks.scope } : {}),
  }, {
    signal: hooks.signal,
    onResolved: (resolved) => hooks.onResolved?.(resolved),
    onSources: (found) => hooks.onSources?.(found),
    onToken: (delta) => {
      text += delta;
      hooks.onText?.(text);
    },
  });
  return { ...outcome, stopped: hooks.signal.aborted };
}
