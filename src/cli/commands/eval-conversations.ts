// `ask-vault eval <vault> conversations.jsonl`: two-turn conversations, one JSON object a line,
// {"id", "turns": [first, follow-up], "gold": [paths of the follow-up's answer], "rule"?}. For
// each, the follow-up is searched three ways: resolved against the first turn (what the panel and
// `ask-vault chat` do), alone (what every turn got before), and glued to the first question (the
// naive way to carry context). A hit is a gold note among the sources the user would be shown.
import type { Session } from '../setup';
import type { CliArgs } from '../args';
import { RuntimeError } from '../setup';
import { syncWithProgress } from './index-command';
import { resolveFollowUp, type FollowUpRule } from '../../core/question/follow-up';

export interface ConversationCase {
  id: string;
  turns: [string, string];
  gold: string[];
  rule?: string;
}

interface Way {
  hits: number;
  rate: number;
}

export interface ConversationReport {
  conversations: number;
  k: number;
  mode: string;
  resolved: Way;
  alone: Way;
  concatenated: Way;
  /** Resolution rule the rules chose, against the one the case expects. */
  rules: { id: string; expected?: string; got: FollowUpRule; resolved: string; hit: boolean; aloneHit: boolean }[];
}

/** True when the file holds conversations rather than single questions. */
export function isConversationFile(text: string): boolean {
  const first = text.split('\n').find((l) => l.trim());
  if (!first) return false;
  try {
    return Array.isArray((JSON.parse(first) as { turns?: unknown }).turns);
  } catch {
    return false;
  }
}

export function parseConversationCases(text: string): ConversationCase[] {
  const out: ConversationCase[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let c: Partial<ConversationCase>;
    try {
      c = JSON.parse(line) as Partial<ConversationCase>;
    } catch (err) {
      throw new RuntimeError(`conversations file line ${i + 1}: not JSON (${(err as Error).message})`);
    }
    const turns = c.turns;
    if (!Array.isArray(turns) || turns.length !== 2 || !turns.every((t) => typeof t === 'string' && t.trim())) {
      throw new RuntimeError(`conversations file line ${i + 1}: "turns" must be two questions`);
    }
    if (!Array.isArray(c.gold) || c.gold.length === 0) throw new RuntimeError(`conversations file line ${i + 1}: "gold" must list the follow-up's notes`);
    out.push({ id: String(c.id ?? i + 1), turns: [turns[0], turns[1]], gold: c.gold, ...(c.rule ? { rule: c.rule } : {}) });
  });
  return out;
}

export async function runConversationEval(session: Session, args: CliArgs, text: string, signal: AbortSignal): Promise<void> {
  let cases = parseConversationCases(text);
  if (args.flags.limit) cases = cases.slice(0, args.flags.limit);
  await syncWithProgress(session, signal, args.flags.json);
  const k = args.flags.k ?? session.settings.retrieval.topK;
  const mode = args.flags.mode ?? session.settings.retrieval.mode;
  const now = new Date();
  let usedMode: string = mode;
  const hitOf = async (query: string, gold: string[]) => {
    const res = await session.engine.search(query, { k, mode, signal, now });
    usedMode = res.mode;
    return res.results.slice(0, k).some((r) => gold.includes(r.path));
  };
  const counts = { resolved: 0, alone: 0, concatenated: 0 };
  const rules: ConversationReport['rules'] = [];
  for (const c of cases) {
    if (signal.aborted) break;
    const [first, followUp] = c.turns;
    const resolved = resolveFollowUp(followUp, { anchor: first }, now);
    const hit = await hitOf(resolved.query, c.gold);
    const aloneHit = await hitOf(followUp, c.gold);
    const glued = await hitOf(`${first} ${followUp}`, c.gold);
    counts.resolved += Number(hit);
    counts.alone += Number(aloneHit);
    counts.concatenated += Number(glued);
    rules.push({ id: c.id, ...(c.rule ? { expected: c.rule } : {}), got: resolved.rule, resolved: resolved.text, hit, aloneHit });
  }
  const n = rules.length;
  const way = (hits: number): Way => ({ hits, rate: n ? Math.round((1000 * hits) / n) / 10 : 0 });
  const report: ConversationReport = {
    conversations: n,
    k,
    mode: usedMode,
    resolved: way(counts.resolved),
    alone: way(counts.alone),
    concatenated: way(counts.concatenated),
    rules,
  };
  if (args.flags.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const lines = [
    `${n} two-turn conversations, mode ${report.mode}, gold note among the ${k} sources of the follow-up:`,
    `  resolved     ${report.resolved.hits}/${n} (${report.resolved.rate}%)`,
    `  alone        ${report.alone.hits}/${n} (${report.alone.rate}%)`,
    `  concatenated ${report.concatenated.hits}/${n} (${report.concatenated.rate}%)`,
    ...rules.map((r) => `  ${r.id} ${r.hit ? 'hit ' : 'MISS'} ${r.got}${r.expected && r.expected !== r.got ? ` (expected ${r.expected})` : ''}: ${r.resolved}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
