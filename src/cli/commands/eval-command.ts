import { readFile } from 'node:fs/promises';
import type { Session } from '../setup';
import type { CliArgs } from '../args';
import { RuntimeError } from '../setup';
import { syncWithProgress } from './index-command';
import { MetricsAccumulator, firstHit, parseQuestions, type EvalQuestion, type LevelMetrics } from '../../core/eval/metrics';

export interface EvalReport {
  questions: number;
  mode: string;
  k: number;
  note: LevelMetrics;
  /** Over the questions that list "answers"; null when none does (reported as "n/a", not 0). */
  passage: LevelMetrics | null;
  /** Questions with answer spans, the passage level's denominator. */
  passageQuestions: number;
  chunks: { count: number; avgTokens: number };
  byKind?: Record<string, { questions: number; note: LevelMetrics; passage: LevelMetrics | null }>;
  /** For questions with a range: share of dated results inside it. */
  timeScoped?: { questions: number; resultsInRange: number; resultsOutOfRange: number };
  /** With --extractive: questions whose extractive answer quotes a gold answer span, by kind. */
  extractive?: Record<string, { questions: number; quotesAnswer: number }>;
}

export async function runEval(session: Session, args: CliArgs, signal: AbortSignal): Promise<void> {
  let text: string;
  try {
    text = await readFile(args.text!, 'utf8');
  } catch (err) {
    throw new RuntimeError(`cannot read questions file ${args.text}: ${(err as { code?: string }).code ?? String(err)}`);
  }
  let questions: EvalQuestion[] = parseQuestions(text);
  if (args.flags.limit) questions = questions.slice(0, args.flags.limit);
  await syncWithProgress(session, signal, args.flags.json);
  const k = args.flags.k ?? 10;
  const mode = args.flags.mode ?? session.settings.retrieval.mode;
  const note = new MetricsAccumulator();
  const passage = new MetricsAccumulator();
  const kinds = new Map<string, { note: MetricsAccumulator; passage: MetricsAccumulator }>();
  let inRange = 0;
  let outOfRange = 0;
  let scoped = 0;
  let usedMode = mode;
  const extractive = new Map<string, { questions: number; quotesAnswer: number }>();
  for (const q of questions) {
    if (signal.aborted) break;
    const res = await session.engine.search(q.question, { k, mode, signal });
    usedMode = res.mode;
    const top = res.results.slice(0, k);
    const nr = firstHit(top, q, 'note');
    const pr = firstHit(top, q, 'passage');
    // A question without answer spans has note-level gold only: it has no passage-level rank.
    const spans = q.answers.length > 0;
    note.add(nr);
    if (spans) passage.add(pr);
    if (q.kind) {
      let acc = kinds.get(q.kind);
      if (!acc) kinds.set(q.kind, (acc = { note: new MetricsAccumulator(), passage: new MetricsAccumulator() }));
      acc.note.add(nr);
      if (spans) acc.passage.add(pr);
    }
    if (args.flags.extractive && spans) {
      const ans = await session.engine.ask(q.question, { k, mode, signal, chat: null });
      const quoted = ans.raw.toLowerCase();
      const e = extractive.get(q.kind ?? 'all') ?? { questions: 0, quotesAnswer: 0 };
      e.questions++;
      if (q.answers.some((a) => quoted.includes(a.toLowerCase()))) e.quotesAnswer++;
      extractive.set(q.kind ?? 'all', e);
    }
    if (q.range) {
      scoped++;
      const start = new Date(`${q.range.start}T00:00:00`).getTime();
      const end = new Date(`${q.range.end}T00:00:00`).getTime();
      for (const r of top) {
        if (r.date === undefined) continue;
        if (r.date >= start && r.date < end) inRange++;
        else outOfRange++;
      }
    }
  }
  let tokens = 0;
  let count = 0;
  for (const c of session.engine.chunks()) {
    tokens += c.tokens;
    count++;
  }
  const report: EvalReport = {
    questions: note.count,
    mode: usedMode,
    k,
    note: note.result(),
    passage: passage.count ? passage.result() : null,
    passageQuestions: passage.count,
    chunks: { count, avgTokens: count ? Math.round((10 * tokens) / count) / 10 : 0 },
  };
  if (kinds.size) {
    report.byKind = {};
    for (const [kind, acc] of kinds) report.byKind[kind] = { questions: acc.note.count, note: acc.note.result(), passage: acc.passage.count ? acc.passage.result() : null };
  }
  if (scoped) report.timeScoped = { questions: scoped, resultsInRange: inRange, resultsOutOfRange: outOfRange };
  if (extractive.size) report.extractive = Object.fromEntries(extractive);
  if (args.flags.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const row = (name: string, m: LevelMetrics) =>
    `${name.padEnd(8)} ${['recall@1', 'recall@5', 'recall@10', ...(k > 10 ? ['recall@50'] : []), 'mrr@10'].map((key) => `${key} ${m[key as keyof LevelMetrics].toFixed(1)}`).join('  ')}`;
  const passageRow = !report.passage
    ? `${'passage'.padEnd(8)} n/a (no question lists "answers": note-level gold only)`
    : `${row('passage', report.passage)}${report.passageQuestions < report.questions ? `  (${report.passageQuestions} questions with "answers")` : ''}`;
  const lines = [`${report.questions} questions, mode ${report.mode}, ${count} chunks of ${report.chunks.avgTokens} tokens on average`, row('note', report.note), passageRow];
  if (report.byKind) for (const [kind, m] of Object.entries(report.byKind)) lines.push(row(`${kind}`, m.note) + `  (${m.questions} questions, note level)`);
  if (report.extractive) for (const [kind, e] of Object.entries(report.extractive)) lines.push(`extractive ${kind}: ${e.quotesAnswer}/${e.questions} answers quote a gold span`);
  if (report.timeScoped) lines.push(`time-scoped: ${report.timeScoped.resultsInRange} dated results in range, ${report.timeScoped.resultsOutOfRange} out of range`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
