// Earlier turns of a conversation, as chat messages, within a token budget. Without them the model
// reads « Et en janvier 2025 ? » alone and cannot know what « et » refers to. Sources are left out:
// each turn's own sources are retrieved again for it, and repeating old ones would crowd out the
// new. The newest turns are kept first; dropping the oldest is said in one line, so the model
// knows the conversation started earlier. An earlier answer is the model's own text, untrusted:
// it goes in as an assistant message with fence-like text defused, never as instructions.
import type { ChatMessage } from '../ports';
import { defuse, estimateTokens, type PromptLanguage } from './prompt';

export type TurnStatus = 'complete' | 'stopped' | 'failed';

export interface HistoryTurn {
  /** The question as the user typed it. */
  question: string;
  /** The question retrieval was asked, when follow-up resolution changed it. */
  resolved?: string;
  /** The answer's text (markdown, citations included); empty when the turn failed before any text. */
  answer: string;
  /** Stopped and failed turns are marked, so the model does not take half an answer as a whole one. */
  status?: TurnStatus;
}

export interface HistoryOptions {
  /** Tokens the earlier turns may take, in all. */
  budgetTokens: number;
  countTokens?: (s: string) => number;
  lang: PromptLanguage;
}

export interface BuiltHistory {
  /** user/assistant pairs, oldest kept first, preceded by the dropped-turns note when some were dropped. */
  messages: ChatMessage[];
  kept: number;
  dropped: number;
  tokens: number;
}

const MARKS: Record<PromptLanguage, Record<Exclude<TurnStatus, 'complete'>, string>> = {
  fr: { stopped: '[Réponse interrompue par l’utilisateur.]', failed: '[Cette réponse a échoué.]' },
  en: { stopped: '[Answer stopped by the user.]', failed: '[This answer failed.]' },
};

const DROPPED: Record<PromptLanguage, (n: number) => string> = {
  fr: (n) => `[${n} échange${n > 1 ? 's' : ''} plus ancien${n > 1 ? 's' : ''} de cette conversation omis faute de place.]`,
  en: (n) => `[${n} earlier exchange${n > 1 ? 's' : ''} of this conversation left out for lack of room.]`,
};

export function buildHistory(turns: readonly HistoryTurn[], opts: HistoryOptions): BuiltHistory {
  const count = opts.countTokens ?? estimateTokens;
  const budget = Number.isFinite(opts.budgetTokens) ? Math.max(0, opts.budgetTokens) : 0;
  const usable = turns.filter((t) => t.question.trim());
  const pairs: ChatMessage[][] = [];
  let tokens = 0;
  // The note about dropped turns is reserved up front so adding it never breaks the budget.
  const noteRoom = count(DROPPED[opts.lang](usable.length));
  for (let i = usable.length - 1; i >= 0; i--) {
    const pair = turnMessages(usable[i], opts.lang);
    const cost = pair.reduce((n, m) => n + count(m.content), 0);
    const reserve = i > 0 ? noteRoom : 0;
    if (tokens + cost + reserve > budget) break;
    pairs.unshift(pair);
    tokens += cost;
  }
  const dropped = usable.length - pairs.length;
  const messages = pairs.flat();
  if (dropped > 0 && pairs.length > 0) {
    const note = DROPPED[opts.lang](dropped);
    messages.unshift({ role: 'user', content: note });
    tokens += count(note);
  }
  return { messages, kept: pairs.length, dropped, tokens };
}

function turnMessages(turn: HistoryTurn, lang: PromptLanguage): ChatMessage[] {
  const asked = turn.question.trim();
  const resolved = turn.resolved?.trim();
  // The resolved form says what the question meant; the model needs both to follow the thread.
  const question = resolved && resolved !== asked ? `${asked}\n(${lang === 'fr' ? 'compris' : 'understood'}: ${resolved})` : asked;
  const mark = turn.status && turn.status !== 'complete' ? MARKS[lang][turn.status] : '';
  const answer = [defuse(turn.answer.trim()), mark].filter(Boolean).join('\n') || MARKS[lang].failed;
  return [
    { role: 'user', content: question },
    { role: 'assistant', content: answer },
  ];
}

/**
 * The history inserted into built prompt messages, after the system message and before the turn's
 * own sources and question: the one place earlier turns enter a request.
 */
export function withHistory(messages: ChatMessage[], history: readonly ChatMessage[]): ChatMessage[] {
  if (history.length === 0) return messages;
  const at = messages.findIndex((m) => m.role !== 'system');
  const cut = at < 0 ? messages.length : at;
  return [...messages.slice(0, cut), ...history, ...messages.slice(cut)];
}
