// How each host (panel, modal, `ask-vault chat`, `ask --history`) turns what was typed into what
// retrieval is asked: the rules, then, when the setting asks for it and a model is there, the
// model's rewrite with the rules as its fallback.
import type { HistoryTurn } from '../answer/history';
import type { ChatModel } from '../ports';
import type { ChatSettings } from '../settings';
import { condenseFollowUp } from './follow-up-condense';
import { resolveFollowUp, standalone, type PriorQuestion, type ResolvedQuestion } from './follow-up';

export interface FollowUpContext {
  /** The turn before, or null for the first question. */
  previous: PriorQuestion | null;
  history: readonly HistoryTurn[];
  settings: ChatSettings;
  chat?: ChatModel | null;
  now?: Date;
  signal?: AbortSignal;
  /** False when the user undid the resolution: the question is asked as typed. */
  resolve?: boolean;
}

export async function resolveQuestion(question: string, ctx: FollowUpContext): Promise<ResolvedQuestion> {
  if (ctx.resolve === false) return standalone(question);
  const rules = resolveFollowUp(question, ctx.previous, ctx.now ?? new Date());
  if (!ctx.settings.condense || !ctx.chat || !ctx.previous || rules.rule === 'first') return rules;
  return condenseFollowUp(ctx.chat, ctx.history, rules, { timeoutMs: ctx.settings.condenseTimeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) });
}

/** The prior question of a conversation: its last turn's anchor (or resolved question, or question). */
export function priorOf(turns: readonly (HistoryTurn & { anchor?: string })[]): PriorQuestion | null {
  const last = turns.at(-1);
  if (!last) return null;
  return { anchor: last.anchor ?? last.resolved ?? last.question };
}
