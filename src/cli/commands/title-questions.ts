// Title self-retrieval: each note's exact title asked as the question, the note itself its gold.
// Left out: titles two notes share (no single right answer) and titles that are only a date (a
// bare date is a period question, answered by that period's entries, not by one note's name).
import { dateInTitle, parseTimeRange } from '../../core/journal';
import { foldAccents } from '../../core/lexical/analyzer';
import type { EvalQuestion } from '../../core/eval/metrics';

const key = (title: string) => foldAccents(title.normalize('NFC').toLowerCase()).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * A journal entry's name as the engine reads one ("Journal du jeudi 26 décembre 2024 à 15:03",
 * "November 20, 2025"), or a title with nothing left once the period it names is taken out.
 */
export function isDateTitle(title: string, now = new Date()): boolean {
  if (dateInTitle(title) !== null) return true;
  const range = parseTimeRange(title, now);
  return range !== null && key(range.rest) === '';
}

export function titleQuestions(notes: Iterable<{ path: string; title: string }>): EvalQuestion[] {
  const byKey = new Map<string, { path: string; title: string }[]>();
  for (const n of notes) {
    const k = key(n.title);
    if (!k) continue;
    const list = byKey.get(k) ?? [];
    if (!list.some((x) => x.path === n.path)) list.push(n);
    byKey.set(k, list);
  }
  const out: EvalQuestion[] = [];
  for (const list of byKey.values()) {
    if (list.length !== 1 || isDateTitle(list[0].title)) continue;
    out.push({ id: `title:${list[0].path}`, kind: 'title', question: list[0].title, gold: [list[0].path], answers: [] });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
