// The intent table's \b is rewritten as a one-sided look-around (cheap to compile on the first
// answer). This checks that each rewritten pattern accepts exactly what the two-sided boundary
// accepted, over every question of the tests and of the journal set, each also with letters,
// digits and marks glued to its words, so a boundary that the rewrite got wrong shows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INTENT_ROWS, intentTable, wordBoundaries } from '../../../src/core/question/intent-table';
import { normaliseQuestion } from '../../../src/core/question/intent';

const LETTER = String.raw`[\p{L}\p{N}]`;
const TWO_SIDED = `(?:(?<=${LETTER})(?!${LETTER})|(?<!${LETTER})(?=${LETTER}))`;
const twoSided = (r: RegExp) => new RegExp(r.source.replace(/\\b/g, TWO_SIDED), 'u');

function corpus(): string[] {
  const tests = readFileSync(new URL('./intent.test.ts', import.meta.url), 'utf8');
  const quoted = [...tests.matchAll(/\[\s*(['"`])((?:\\.|(?!\1).)*)\1\s*,\s*'(?:fact|period|evolution|first|last)'/g)].map((m) => m[2].replace(/\\'/g, "'"));
  const jsonl = readFileSync(new URL('../../../examples/journal-questions.jsonl', import.meta.url), 'utf8');
  const questions = jsonl.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { question: string }).question);
  const base = [...quoted, ...questions].map(normaliseQuestion);
  const out = new Set(base);
  for (const q of base) {
    for (const glue of ['x', 'é', '7', '_', '-', "'"]) {
      out.add(q.replace(/(\p{L}+)/gu, `${glue}$1`));
      out.add(q.replace(/(\p{L}+)/gu, `$1${glue}`));
      out.add(q.replace(/ /g, glue));
    }
  }
  return [...out];
}

describe('intent table word boundaries', () => {
  const questions = corpus();
  it('reads enough questions to mean something', () => {
    expect(questions.length).toBeGreaterThan(1_000);
  });
  it('every rewritten pattern matches exactly what the two-sided \\b matched', () => {
    const compiled = intentTable();
    const differences: string[] = [];
    INTENT_ROWS.forEach((row, i) => {
      const pairs: [RegExp, RegExp | undefined][] = [[twoSided(row.pattern), compiled[i].pattern]];
      if (row.unless) pairs.push([twoSided(row.unless), compiled[i].unless]);
      for (const [before, after] of pairs) {
        for (const q of questions) if (before.test(q) !== after?.test(q)) differences.push(`${row.note}: ${q}`);
      }
    });
    expect(differences).toEqual([]);
  });
  it('refuses a \\b that is neither before nor after a word', () => {
    expect(() => wordBoundaries(String.raw`a \b b`)).toThrow(/neither before nor after/);
    expect(wordBoundaries(String.raw`\bmot\b`)).toBe(String.raw`(?<![\p{L}\p{N}])mot(?![\p{L}\p{N}])`);
  });
});
