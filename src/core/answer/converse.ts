// One turn of a conversation, the same in every host (panel, modal, `ask-vault chat`, `ask
// --history`): the question resolved against the turn before, retrieval on what it was understood
// as (or the previous sources, for a question about the previous answer), then the answer with the
// earlier turns in the model's messages.
import type { AnswerResponse, AskEngine, SearchOptions, SearchResponse } from '../engine-types';
import type { ChatModel } from '../ports';
import type { CoreSettings } from '../settings';
import type { RetrievalScope } from '../retrieval/scope';
import { standalone, type ResolvedQuestion } from '../question/follow-up';
import { priorOf, resolveQuestion } from '../question/follow-up-turn';
import type { HistoryTurn } from './history';
import { answerQuestion } from './answer';
import { macrotask } from '../util/yield';

export interface ConversationContext {
  /** Earlier turns, oldest first; `anchor` is what a follow-up of that turn resolves against. */
  turns: readonly (HistoryTurn & { anchor?: string })[];
  /** The sources of the last turn, reused by a follow-up about its answer (« Développe le deuxième point »). */
  lastFound?: SearchResponse;
  /** The chips of the last turn: other chips now mean other sources, so `lastFound` is not reused. */
  lastScope?: RetrievalScope;
  /** False when the user undid the resolution. */
  resolve?: boolean;
}

export interface TurnHooks {
  signal?: AbortSignal;
  /** The question as understood, before the search starts. */
  onResolved?: (resolved: ResolvedQuestion) => void;
  onSources?: (found: SearchResponse) => void;
  onToken?: (delta: string) => void;
}

export interface TurnOptions extends Omit<SearchOptions, 'signal'> {
  chat: ChatModel | null;
  settings: CoreSettings;
}

export interface TurnOutcome {
  response: AnswerResponse;
  found: SearchResponse;
  resolved: ResolvedQuestion;
}

export async function askInConversation(
  engine: Pick<AskEngine, 'search'>,
  question: string,
  conversation: ConversationContext | undefined,
  opts: TurnOptions,
  hooks: TurnHooks = {},
): Promise<TurnOutcome> {
  const { chat, settings, ...search } = opts;
  const turns = conversation?.turns ?? [];
  const signal = hooks.signal;
  const rules = conversation
    ? await resolveQuestion(question, {
      previous: priorOf(turns),
      history: turns,
      settings: settings.chat,
      chat,
      ...(search.now ? { now: search.now } : {}),
      ...(signal ? { signal } : {}),
      ...(conversation.resolve === false ? { resolve: false } : {}),
    })
    : standalone(question);
  // With notes chosen as chips, « cette note », « ça » point at them, not at the turn before.
  const pointsAtChips = (search.scope?.notes?.length ?? 0) > 0 && (rules.rule === 'same-sources' || rules.rule === 'pronoun');
  const resolved = pointsAtChips ? standalone(question) : rules;
  signal?.throwIfAborted();
  hooks.onResolved?.(resolved);
  const sameChips = JSON.stringify(search.scope ?? null) === JSON.stringify(conversation?.lastScope ?? null);
  const found = resolved.sameSources && conversation?.lastFound && sameChips
    ? conversation.lastFound
    : await engine.search(resolved.query, { ...search, ...(signal ? { signal } : {}) });
  // Searching, showing the sources and building the prompt each take their own task: together
  // they held the main thread for a long stretch on a large vault.
  await macrotask();
  signal?.throwIfAborted();
  hooks.onSources?.(found);
  await macrotask();
  signal?.throwIfAborted();
  const response = await answerQuestion(
    resolved.text,
    found,
    {
      chat,
      ...(signal ? { signal } : {}),
      ...(search.now ? { now: search.now } : {}),
      ...(turns.length ? { history: [...turns] } : {}),
      ...(hooks.onToken ? { onToken: hooks.onToken } : {}),
    },
    settings,
  );
  return { response, found, resolved };
}
