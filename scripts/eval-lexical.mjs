// The lexical branch's part of `npm run eval` (see eval.mjs): the English work vault
// (examples/work-vault), its cross-language set, title self-retrieval on every vault, and the
// ablation rows of analysis by language. `evaluate(vault, questions | null, index, extra)` runs
// `ask-vault eval` (questions null: `--titles`).
import { join } from 'node:path';

const pct = (x) => x.toFixed(1);
const cells = (m) => `${pct(m['recall@1'])} | ${pct(m['recall@5'])} | ${pct(m['recall@10'])} | ${pct(m['mrr@10'])}`;

/** Each switch of issue 15 off in turn; the first row is the analyser before it, every switch off. */
export const LANGUAGE_ABLATIONS = [
  [
    'analyser before analysis by language (every switch below off)',
    ['lexical.analyzer.languages=union', 'lexical.analyzer.stemming=french', 'lexical.analyzer.possessives=false', 'lexical.analyzer.acronyms=false', 'lexical.crossLanguage=0', 'lexical.ownName=false'],
  ],
  ['one analysis for every text (both stop lists, French elision and stemmer)', ['lexical.analyzer.languages=union']],
  ['French stemmer for every text', ['lexical.analyzer.stemming=french']],
  ['no English possessives and contractions', ['lexical.analyzer.possessives=false']],
  ['no acronym rule', ['lexical.analyzer.acronyms=false']],
  ["no names read in the question's other language", ['lexical.crossLanguage=0']],
  ['no own-name signal', ['lexical.ownName=false']],
  ['own name counts wherever the question holds it (share 0; default 0.5)', ['lexical.ownNameShare=0']],
];

const NOTE =
  `The first row is the analyser of the previous release (every switch off). Rows switch one step off with the others on, so steps that cover for each other show little alone: the own-name signal folds English possessives itself, so "What's Ritu's role?" finds Ritu without the possessive rule (before the own-name signal, the rule alone moved the possessive questions' note recall@5 from 75.0 to 91.7); English chunks without function words (lists of names) are read as French, so English questions need their names read in French too. Why each step is built the way it is: \`src/core/lexical/README.md\`.`;

export function lexicalSets(evaluate, { root, piaf, lexical }) {
  const work = join(root, 'examples/work-vault');
  const sets = {
    work: [work, join(root, 'examples/work-questions.jsonl'), 'work'],
    mixed: [work, join(root, 'examples/work-mixed-questions.jsonl'), 'work'],
    workTitles: [work, null, 'work'],
    journalTitles: [join(root, 'examples/vault'), null, 'journal'],
    journal: [join(root, 'examples/vault'), join(root, 'examples/journal-questions.jsonl'), 'journal'],
    ...(piaf ? { piafTitles: [join(piaf, 'vault'), null, 'piaf'], piaf: [join(piaf, 'vault'), join(piaf, 'questions.jsonl'), 'piaf'] } : {}),
  };
  // `known`: results eval.mjs already has for these settings (its PIAF and journal runs).
  const runAll = (extra, known = {}) =>
    Object.fromEntries(Object.entries(sets).map(([name, [vault, questions, index]]) => [name, known[name] ?? evaluate(vault, questions, index, [...lexical, ...extra])]));
  return { sets, runAll };
}

/** Console lines of the headline figures (also for --ci). */
export function lexicalSummary(r) {
  const out = [`English work set, lexical, ${r.work.questions} questions: note r@1/r@5/r@10/MRR@10 ${cells(r.work.note).replaceAll(' | ', ' / ')}`];
  out.push(`Cross-language set, lexical, ${r.mixed.questions} questions: note r@1/r@5/r@10/MRR@10 ${cells(r.mixed.note).replaceAll(' | ', ' / ')}`);
  for (const [name, key] of [['PIAF', 'piafTitles'], ['journal set', 'journalTitles'], ['English work set', 'workTitles']]) {
    if (r[key]) out.push(`Title self-retrieval, ${name}, ${r[key].questions} titles: r@1 ${pct(r[key].note['recall@1'])}, r@5 ${pct(r[key].note['recall@5'])}`);
  }
  return out;
}

/** EVAL.md's sections for the sets and the ablations (`rows`: [name, results of runAll] pairs). */
export function lexicalMarkdown(defaults, rows) {
  const lines = [];
  const kindTable = (r) => {
    lines.push('| kind | questions | note r@1 | note r@5 | note r@10 | note MRR | passage r@5 |', '|---|---|---|---|---|---|---|');
    for (const [kind, m] of Object.entries(r.byKind ?? {})) lines.push(`| ${kind} | ${m.questions} | ${cells(m.note)} | ${pct(m.passage['recall@5'])} |`);
    lines.push(`| all | ${r.questions} | ${cells(r.note)} | ${pct(r.passage['recall@5'])} |`, '');
  };
  lines.push('## English work set (examples/work-vault: 131 notes, people, projects, meetings, daily notes, 10 French notes; examples/work-questions.jsonl)', '');
  kindTable(defaults.work);
  lines.push('## Cross-language set (the same vault; examples/work-mixed-questions.jsonl)', '');
  lines.push('`fr-en`: French questions over English notes; `en-fr`: English questions over the French notes.', '');
  kindTable(defaults.mixed);
  lines.push('## Title self-retrieval', '');
  lines.push("Each note's exact title asked as the question, its note the gold; titles two notes share and date-named notes (a bare date is a period question) left out (`ask-vault eval <vault> --titles`).", '');
  lines.push('| vault | titles | r@1 | r@5 | r@10 | MRR@10 |', '|---|---|---|---|---|---|');
  for (const [name, key] of [['PIAF', 'piafTitles'], ['journal set (examples/vault)', 'journalTitles'], ['English work set', 'workTitles']]) {
    if (defaults[key]) lines.push(`| ${name} | ${defaults[key].questions} | ${cells(defaults[key].note)} |`);
  }
  lines.push('');
  lines.push('### Ablations of analysis by language (lexical): each row switches one step off', '');
  const hasPiaf = Boolean(defaults.piaf);
  const head = [
    ...(hasPiaf ? ['PIAF note r@5', 'PIAF passage r@5', 'PIAF passage MRR', 'PIAF titles r@1'] : []),
    'journal-fact r@5',
    'journal-fact MRR',
    'journal titles r@1',
    'English r@5',
    'English MRR',
    'cross-language r@5',
    'English titles r@1',
  ];
  lines.push(`| variant | ${head.join(' | ')} |`, `|---|${head.map(() => '---').join('|')}|`);
  const row = (name, r) => {
    const jf = r.journal.byKind?.['journal-fact'] ?? r.journal;
    const c = [
      ...(hasPiaf ? [r.piaf.note['recall@5'], r.piaf.passage['recall@5'], r.piaf.passage['mrr@10'], r.piafTitles.note['recall@1']] : []),
      jf.note['recall@5'],
      jf.note['mrr@10'],
      r.journalTitles.note['recall@1'],
      r.work.note['recall@5'],
      r.work.note['mrr@10'],
      r.mixed.note['recall@5'],
      r.workTitles.note['recall@1'],
    ];
    lines.push(`| ${name} | ${c.map(pct).join(' | ')} |`);
  };
  row('**defaults**', defaults);
  for (const [name, r] of rows) row(name, r);
  lines.push('', NOTE, '');
  return lines;
}
