// Optional (settings.chat.condense, off by default): the chat model rewrites a follow-up into a
// standalone question before retrieval. It costs a round trip, so it is bounded by a timeout, and
// anything but one plausible question (an error, an empty or rambling reply, a timeout) falls back
// to the rule-based resolution. The reply is model text: it only becomes a search query and a line
// shown as plain text, never markup or instructions.
import type { ChatMessage, ChatModel } from '../ports';
import type { HistoryTurn } from '../answer/history';
import type { ResolvedQuestion } from './follow-up';

export interface CondenseOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Earlier turns considered (the newest); default 3. */
  turns?: number;
}

const MAX_CHARS = 400;

const SYSTEM = [
  'You rewrite the last question of a conversation so that it can be understood alone, for a search over the user\'s notes.',
  'Keep its language, its period and its meaning; add only what the earlier questions make certain.',
  'If it is already a complete question, repeat it unchanged.',
  'Reply with the question only, on one line, without quotes or explanation.',
].join('\n');

export async function condenseFollowUp(
  chat: ChatModel,
  history: readonly HistoryTurn[],
  fallback: ResolvedQuestion,
  opts: CondenseOptions,
): Promise<ResolvedQuestion> {
  const earlier = history.slice(-(opts.turns ?? 3)).filter((t) => t.question.trim());
  if (earlier.length === 0) return fallback;
  const lines = earlier.map((t, i) => `${i + 1}. ${(t.resolved ?? t.question).replace(/\s+/g, ' ').trim()}`);
  const messages: ChatMessage[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `Earlier questions:\n${lines.join('\n')}\n\nLast question: ${fallback.asked}` },
  ];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  const onAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await chat.chat({ messages, temperature: 0, maxTokens: 120, signal: controller.signal });
    const text = cleanReply(res.text);
    if (!res.complete || !text) return fallback;
    return { ...fallback, text, query: text, anchor: text, rule: 'model', sameSources: false, changed: text !== fallback.asked };
  } catch {
    return fallback;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** One line, unquoted, of a sensible length; '' when the reply is not a question-sized line. */
function cleanReply(raw: string): string {
  const line = raw.trim().split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  const text = line.replace(/^(?:question\s*:\s*)/i, '').replace(/^["'«“]\s*|\s*["'»”]$/g, '').trim();
  if (!text || text.length > MAX_CHARS || raw.trim().split('\n').filter((l) => l.trim()).length > 2) return '';
  return text;
}
