// Which kind of answer a question wants: a fact (the default), what happened in a period, how a
// topic evolved, or when it first or last came up. Decided by the table in intent-table.ts, so
// a new phrasing is a new row, never a new branch here. No model is involved: the same question
// always gets the same intent, and the answer says which one it used.
import { intentTable, INTENT_WORDS, warmIntentTable, type IntentRow, type QuestionIntent } from './intent-table';
import type { Yielder } from '../util/yield';

export type { QuestionIntent } from './intent-table';
export const INTENTS: readonly QuestionIntent[] = ['fact', 'period', 'evolution', 'first', 'last'];

/** 'auto' lets the table decide; anything else forces that intent (a setting, `--intent`). */
export type IntentSetting = 'auto' | QuestionIntent;

export interface IntentDecision {
  intent: QuestionIntent;
  /** True when a setting or an option chose it rather than the question. */
  forced: boolean;
  /** The table row that matched, for explanations and tests; absent for fact and forced. */
  rule?: string;
}

export function isIntent(v: unknown): v is QuestionIntent {
  return typeof v === 'string' && (INTENTS as readonly string[]).includes(v);
}

/** The question as the table reads it: lower case, NFC, plain apostrophes and hyphens, one space. */
export function normaliseQuestion(q: string): string {
  return q
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[‐‑–]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * @param hasRange whether the question names a period (from parseTimeRange): period rows that
 *   need one stay silent without it.
 */
export function classifyIntent(question: string, hasRange: boolean, setting: IntentSetting = 'auto'): IntentDecision {
  if (setting !== 'auto' && isIntent(setting)) return { intent: setting, forced: true };
  const q = normaliseQuestion(question);
  const row = matchRow(q, hasRange);
  return row ? { intent: row.intent, forced: false, rule: row.note } : { intent: 'fact', forced: false };
}

/** Prepares the table in slices, so the first question does not compile it in one task. */
export function warmIntents(pause: Yielder): Promise<void> {
  return warmIntentTable(pause, normaliseQuestion("Qu'ai-je noté sur le projet ?"));
}

function matchRow(q: string, hasRange: boolean): IntentRow | undefined {
  for (const row of intentTable()) {
    if (row.needsRange && !hasRange) continue;
    if (!row.pattern.test(q)) continue;
    if (row.unless?.test(q)) continue;
    return row;
  }
  return undefined;
}

/**
 * What the question is about once the words that only say what kind of question it is are
 * gone: « Comment mon avis sur le fine-tuning a-t-il évolué ? » → « Comment mon sur le
 * fine-tuning ? ». The analyser drops the remaining function words.
 */
export function topicOf(question: string): string {
  const words = new RegExp(`(?<![\\p{L}\\p{N}])(?:${INTENT_WORDS.source})(?![\\p{L}\\p{N}])`, 'giu');
  return question.normalize('NFC').replace(/[’]/g, "'").replace(words, ' ').replace(/\s+/g, ' ').trim();
}
