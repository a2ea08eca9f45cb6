// `ask --history FILE`: the earlier turns of a conversation as a JSON list, oldest first:
// [{ "question": "…", "answer": "…", "resolved"?: "…", "anchor"?: "…", "status"?: "complete" | "stopped" | "failed" }].
// A file that does not have that shape is a usage error naming the first thing wrong, not a turn
// asked without its context.
import { readFile } from 'node:fs/promises';
import type { HistoryTurn, TurnStatus } from '../core/answer/history';
import { UsageError } from './args';

export type CliTurn = HistoryTurn & { anchor?: string };

const STATUSES: readonly TurnStatus[] = ['complete', 'stopped', 'failed'];

export async function readHistoryFile(path: string): Promise<CliTurn[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--history: cannot read ${path} (${(err as { code?: string }).code ?? (err as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--history: ${path} is not JSON (${(err as Error).message.split('\n')[0]})`);
  }
  return parseHistory(data, path);
}

export function parseHistory(data: unknown, where = 'history'): CliTurn[] {
  if (!Array.isArray(data)) throw new UsageError(`--history: ${where} must hold a JSON list of turns`);
  return data.map((item: unknown, i) => {
    const at = `${where}: turn ${i + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new UsageError(`--history: ${at} is not an object`);
    const t = item as Record<string, unknown>;
    if (typeof t.question !== 'string' || !t.question.trim()) throw new UsageError(`--history: ${at} has no "question" text`);
    if (t.answer !== undefined && typeof t.answer !== 'string') throw new UsageError(`--history: ${at}: "answer" must be text`);
    for (const key of ['resolved', 'anchor'] as const) {
      if (t[key] !== undefined && typeof t[key] !== 'string') throw new UsageError(`--history: ${at}: "${key}" must be text`);
    }
    if (t.status !== undefined && !STATUSES.includes(t.status as TurnStatus)) {
      throw new UsageError(`--history: ${at}: "status" must be one of ${STATUSES.join(', ')}`);
    }
    return {
      question: t.question,
      answer: typeof t.answer === 'string' ? t.answer : '',
      ...(typeof t.resolved === 'string' && t.resolved.trim() ? { resolved: t.resolved } : {}),
      ...(typeof t.anchor === 'string' && t.anchor.trim() ? { anchor: t.anchor } : {}),
      ...(t.status ? { status: t.status as TurnStatus } : {}),
    };
  });
}
