import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../../../src/core/retrieval/fusion';

describe('reciprocal rank fusion', () => {
  it('rewards agreement between rankers', () => {
    const fused = reciprocalRankFusion([
      { ids: ['a', 'b', 'c'], weight: 1, source: 'lexical' },
      { ids: ['c', 'b', 'd'], weight: 1, source: 'vector' },
    ]);
    expect(fused.map((f) => f.id).slice(0, 2).sort()).toEqual(['b', 'c']);
    expect(fused.find((f) => f.id === 'b')!.sources).toEqual(['lexical', 'vector']);
    expect(fused.find((f) => f.id === 'd')!.sources).toEqual(['vector']);
  });

  it('weights change the order and a zero weight removes a ranker', () => {
    const lists = (wl: number, wv: number) =>
      reciprocalRankFusion([
        { ids: ['a', 'b'], weight: wl, source: 'lexical' },
        { ids: ['b', 'a'], weight: wv, source: 'vector' },
      ]).map((f) => f.id);
    expect(lists(2, 1)[0]).toBe('a');
    expect(lists(1, 2)[0]).toBe('b');
    expect(lists(1, 0)).toEqual(['a', 'b']);
  });
});
