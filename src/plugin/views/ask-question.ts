// One question, from search to checked answer, with hooks for the UI: the sources as soon as they
// are found, then the answer's text as it streams. Search and answering are the engine's
// `ask`, in two steps so the sources can be shown before the model starts writing.
import { answerQuestion } from '../../core/answer/answer';
import type { AnswerResponse, SearchResponse } from '../../core/engine-types';
import type { AskHost } from '../ask-host';
import { macrotask } from '../../core/util/yield';

export interface AskHooks {
  signal: AbortSignal;
  onSources?(found: SearchResponse): void;
  /** The whole text so far, each time a piece arrives. */
  onText?(text: string): void;
}

export interface AskOutcome {
  response: AnswerResponse;
  found: SearchResponse;
  /** The user stopped it; `response` holds what had arrived. */
  stopped: boolean;
}

export async function askQuestion(host: AskHost, question: string, hooks: AskHooks): Promise<AskOutcome> {
  const engine = await host.engine();
  hooks.signal.throwIfAborted();
  const found = await engine.search(question, { signal: hooks.signal });
  // Searching, showing the sources and building the prompt each take their own task: together
  // they held the main thread for a long stretch on a large vault.
  await macrotask();
  hooks.signal.throwIfAborted();
  hooks.onSources?.(found);
  await macrotask();
  hooks.signal.throwIfAborted();
  const chat = host.chatModel();
  let text = '';
  const response = await answerQuestion(
    question,
    found,
    {
      chat,
      signal: hooks.signal,
      onToken: (delta) => {
        text += delta;
        hooks.onText?.(text);
      },
    },
    host.settings,
  );
  return { response, found, stopped: hooks.signal.aborted };
}
