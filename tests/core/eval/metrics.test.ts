import { describe, expect, it } from 'vitest';
import { MetricsAccumulator, firstHit, parseQuestions } from '../../../src/core/eval/metrics';

const q = { id: '1', question: 'q', gold: ['A.md'], answers: ['Paris'] };

describe('eval metrics', () => {
  it('note level counts distinct notes; passage level needs the span', () => {
    const results = [
      { path: 'B.md', text: 'Paris' },
      { path: 'B.md', text: 'x' },
      { path: 'A.md', text: 'nothing here' },
      { path: 'A.md', text: 'à PARIS' },
    ];
    expect(firstHit(results, q, 'note')).toBe(1);
    expect(firstHit(results, q, 'passage')).toBe(3);
    expect(firstHit([{ path: 'C.md', text: 'Paris' }], q, 'passage')).toBe(-1);
  });

  it('accumulates recall and MRR in percent', () => {
    const m = new MetricsAccumulator();
    [0, 1, 4, 9, 30, -1].forEach((r) => m.add(r));
    const pct = (x: number) => Math.round((1000 * x) / 6) / 10;
    expect(m.result()).toEqual({
      'recall@1': pct(1),
      'recall@5': pct(3),
      'recall@10': pct(4),
      'recall@50': pct(5),
      'mrr@10': pct(1 + 0.5 + 0.2 + 0.1),
    });
  });

  it('rejects a malformed questions file with its line number', () => {
    expect(() => parseQuestions('{"question":"a","gold":[],"answers":[]}\n{oops')).toThrow(/line 2/);
    expect(() => parseQuestions('{"question":"a"}')).toThrow(/line 1: needs/);
    expect(parseQuestions('\n{"question":"a","gold":["x"],"answers":["y"]}\n')[0]!.id).toBe('2');
  });
});
