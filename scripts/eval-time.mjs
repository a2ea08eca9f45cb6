// The EVAL.md section on questions about time: the gold coverage of the sources handed to the
// model, by kind, with main's retrieval (every question through the passage search: --intent
// fact) and with the question's intent; recall beside it.
const START = '<!-- time: start (written by npm run eval) -->';
const END = '<!-- time: end -->';
const KINDS = ['period', 'evolution', 'first-last', 'time-scoped', 'journal-fact', 'note'];
const pct = (x) => x.toFixed(1);

export function timeSection(evaluate, vault, questions) {
  const lexical = ['--offline', '--mode', 'lexical', '--embedding-model', 'none'];
  const before = evaluate(vault, questions, 'journal-time', [...lexical, '--intent', 'fact']);
  const after = evaluate(vault, questions, 'journal-time', lexical);
  const lines = [START, '## Questions about time (examples/journal-questions.jsonl)', ''];
  lines.push(
    'Gold coverage of the sources: the share of a question\'s gold entries among the sources handed to the model (those that fit the default context budget of 3,000 tokens, as the prompt builds it), averaged over questions; "complete" is the share of questions that got every gold entry. ' +
      '"Before" is main\'s retrieval, every question through the ranked passage search (`--intent fact`); "after" reads the intent from the question. Lexical, no embedding model.',
    '',
  );
  lines.push('| kind | questions | coverage before | complete before | coverage after | complete after | note r@5 before | note r@5 after | intents read (after) |', '|---|---|---|---|---|---|---|---|---|');
  for (const kind of KINDS) {
    const b = before.coverage?.[kind];
    const a = after.coverage?.[kind];
    if (!a || !b) continue;
    const intents = Object.entries(after.intents?.[kind] ?? {}).map(([i, n]) => `${i} ${n}`).join(', ');
    lines.push(`| ${kind} | ${a.questions} | ${pct(b.coverage)} | ${pct(b.complete)} | **${pct(a.coverage)}** | **${pct(a.complete)}** | ${pct(before.byKind[kind].note['recall@5'])} | ${pct(after.byKind[kind].note['recall@5'])} | ${intents} |`);
  }
  lines.push('');
  lines.push(
    'Targets: period coverage ≥ 95% and ≥ 85% complete; evolution ≥ 90%; topic-and-time (time-scoped) 100%; journal-fact recall@5 not lower. ' +
      'One period question, « Résume mon journal de 2025 », has 37 entries, more than the budget holds: it is shown a spread of them with the count left out, so it cannot be complete; it is in the set to keep the spread and the count honest. ' +
      'A period\'s sources come in date order, not by relevance: recall@k says little there, and coverage is the measure. ' +
      'The gold of the 41 questions `t01`–`t41` was generated from the vault by one rule per kind (see examples/README.md), not picked by hand.',
    '',
    END,
  );
  return lines;
}

export function spliceTimeSection(text, section) {
  const block = section.join('\n');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a >= 0 && b > a) return `${text.slice(0, a)}${block}${text.slice(b + END.length)}`;
  return `${text.trimEnd()}\n\n${block}\n`;
}
