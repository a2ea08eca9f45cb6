import { describe, expect, it } from 'vitest';
import { parseQuestions } from '../../../src/core/eval/metrics';

describe('questions without "answers" (note-level gold only)', () => {
  it('are read with no answer spans; a malformed "answers" is still refused with its line', () => {
    const qs = parseQuestions('{"question":"Qui est Camille ?","gold":["Personnes/Camille.md"]}\n{"question":"b","gold":["x"],"answers":["y"]}\n');
    expect(qs.map((q) => q.answers)).toEqual([[], ['y']]);
    expect(() => parseQuestions('{"question":"a","gold":["x"],"answers":"y"}')).toThrow(/line 1: "answers" must be a list of strings/);
    expect(() => parseQuestions('{"question":"a","answers":["y"]}')).toThrow(/line 1: needs "question" and "gold" \("answers" is optional\)/);
  });
});
