import { readFile } from 'node:fs/promises';
import type { Session } from '../setup';
import type { CliArgs } from '../args';
import { RuntimeError } from '../setup';
import { syncWithProgress } from './index-command';
import { isConversationFile, runConversationEval } from './eval-conversations';
import { titleQuestions } from './title-questions';
import { MetricsAccumulator, firstHit, parseQuestions, type EvalQuestion, type LevelMetrics } from '../../core/eval/metrics';
import { CoverageAccumulator, type CoverageRow } from '../../core/eval/coverage';
import { buildPrompt } from '../../core/answer/prompt';

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
  /** Gold coverage of the sources handed to the model (within its context budget), by kind. */
  coverage?: Record<string, CoverageRow>;
  /** How many questions of each kind were answered with each intent. */
  intents?: Record<string, Record<string, number>>;
  /** The vector index's model (`ollama:bge-m3`), null when lexical only. */
  model?: string | null;
  /** With --rerank-endpoint: the reranker, its mean time per query and how often it failed. */
  rerank?: { model: string; meanMs: number; failed: number };
}

async function readQuestionsText(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new RuntimeError(`cannot read questions file ${path}: ${(err as { code?: string }).code ?? String(err)}`);
  }
  return text;
}

/** Every indexed note with its title, the basename (Obsidian's convention, as NoteMeta.title). */
function* noteTitles(session: Session): IterableIterator<{ path: string; title: string }> {
  for (const c of session.engine.chunks()) yield { path: c.path, title: c.path.replace(/^.*\//, '').replace(/\.md$/i, '') };
}

export async function runEval(session: Session, args: CliArgs, signal: AbortSignal): Promise<void> {
  let questions: EvalQuestion[] = [];
  if (!args.flags.titles) {
    const text = await readQuestionsText(args.text!);
    if (isConversationFile(text)) return runConversationEval(session, args, text, signal);
    questions = parseQuestions(text);
  }
  await syncWithProgress(session, signal, args.flags.json);
  if (args.flags.titles) questions = titleQuestions(noteTitles(session));
  if (args.flags.limit) questions = questions.slice(0, args.flags.limit);
  const k = args.flags.k ?? 10;
  const mode = args.flags.mode ?? session.settings.retrieval.mode;
  const note = new MetricsAccumulator();
  const passage = new MetricsAccumulator();
  const kinds = new Map<string, { note: MetricsAccumulator; passage: MetricsAccumulator }>();
  let inRange = 0;
  let outOfRange = 0;
  let scoped = 0;
  let usedMode = mode;
  let rerankModel = '';
  let rerankMs = 0;
  let reranked = 0;
  let rerankFailed = 0;
  const extractive = new Map<string, { questions: number; quotesAnswer: number }>();
  const coverage = new CoverageAccumulator();
  const intents = new Map<string, Record<string, number>>();
  const intent = args.flags.intent;
  for (const q of questions) {
    if (signal.aborted) break;
    const res = await session.engine.search(q.question, { k, mode, signal, ...(intent ? { intent } : {}) });
    // What the model would be handed: the sources that fit the prompt's budget, in their order.
    const handed = buildPrompt(q.question, res.results, { maxContextTokens: session.settings.llm.maxContextTokens, nonce: 'eval' }).used;
    coverage.add(q.kind ?? 'all', q.gold, handed.map((r) => r.path));
    const byIntent = intents.get(q.kind ?? 'all') ?? {};
    byIntent[res.intent ?? 'fact'] = (byIntent[res.intent ?? 'fact'] ?? 0) + 1;
    intents.set(q.kind ?? 'all', byIntent);
    usedMode = res.mode;
    if (res.rerank) {
      rerankModel = res.rerank.model;
      rerankMs += res.rerank.ms;
      reranked++;
      if (!res.rerank.applied) rerankFailed++;
    }
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
      const ans = await session.engine.ask(q.question, { k, mode, signal, chat: null, ...(intent ? { intent } : {}) });
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
  report.coverage = coverage.result();
  report.intents = Object.fromEntries(intents);
  report.model = session.engine.status().model;
  if (reranked) report.rerank = { model: rerankModel, meanMs: Math.round((10 * rerankMs) / reranked) / 10, failed: rerankFailed };
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
  for (const [kind, c] of Object.entries(report.coverage)) lines.push(`coverage ${kind}: ${c.coverage.toFixed(1)}% of gold entries among the sources, ${c.complete.toFixed(1)}% of ${c.questions} questions complete`);
  if (report.timeScoped) lines.push(`time-scoped: ${report.timeScoped.resultsInRange} dated results in range, ${report.timeScoped.resultsOutOfRange} out of range`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
