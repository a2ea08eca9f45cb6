import { describe, expect, it } from 'vitest';
import { planSegments, type Segment } from '../../../src/core/index/segment-plan';

/** A toy store of unit-weight keys, committed through the planner as the index store does. */
class Simulation {
  segments: Segment[] = [];
  live = new Set<string>();
  written = 0;
  private next = 0;

  constructor(private readonly target: number) {}

  commit(changed: Set<string>): void {
    const segmentOf = new Map(this.segments.flatMap((s) => s.keys.map((k) => [k, s.file] as const)));
    const plan = planSegments(this.segments, changed, {
      live: (k) => this.live.has(k),
      weight: () => 1,
      segmentOf: (k) => segmentOf.get(k),
      target: this.target,
    });
    const added = plan.write.map((keys) => ({ file: `s${this.next++}`, keys, weight: keys.length }));
    this.written += added.reduce((n, s) => n + s.weight, 0);
    this.segments = [...plan.keep, ...added];
  }

  keys(): string[] {
    return this.segments.flatMap((s) => s.keys).sort();
  }
}

describe('planSegments', () => {
  it('keeps everything when nothing changed', () => {
    const segs: Segment[] = [{ file: 'a', keys: ['1'], weight: 1 }];
    const plan = planSegments(segs, new Set(), { live: () => true, weight: () => 1, segmentOf: () => 'a', target: 100 });
    expect(plan).toEqual({ keep: segs, drop: [], write: [] });
  });

  it('rewrites the segment that lost a key, and folds small segments into the rewrite', () => {
    const segs: Segment[] = [
      { file: 'full1', keys: ['a', 'b', 'c', 'd'], weight: 4 },
      { file: 'full2', keys: ['e', 'f', 'g', 'h'], weight: 4 },
      { file: 'small', keys: ['i'], weight: 1 },
    ];
    const owner = (k: string) => segs.find((s) => s.keys.includes(k))?.file;
    const plan = planSegments(segs, new Set(['b', 'z']), { live: (k) => k !== 'b', weight: () => 1, segmentOf: owner, target: 4 });
    expect(plan.keep.map((s) => s.file)).toEqual(['full2']);
    expect(plan.drop.map((s) => s.file)).toEqual(['full1', 'small']);
    expect(plan.write).toEqual([['a', 'c', 'd', 'i'], ['z']]);
  });

  it('does not rewrite anything for a key that was added and removed between commits', () => {
    const segs: Segment[] = [{ file: 'small', keys: ['a'], weight: 1 }];
    const plan = planSegments(segs, new Set(['ghost']), { live: () => false, weight: () => 1, segmentOf: () => undefined, target: 10 });
    expect(plan.write).toEqual([]);
    expect(plan.drop).toEqual([]);
  });

  it('gives a key heavier than the target a segment of its own', () => {
    const plan = planSegments([], new Set(['big', 'x']), { live: () => true, weight: (k) => (k === 'big' ? 50 : 1), segmentOf: () => undefined, target: 10 });
    expect(plan.write).toEqual([['big'], ['x']]);
  });

  it('keeps a long build linear: each checkpoint writes its new keys plus at most one small segment', () => {
    const target = 100;
    const sim = new Simulation(target);
    let total = 0;
    for (let checkpoint = 0; checkpoint < 200; checkpoint++) {
      const changed = new Set<string>();
      for (let i = 0; i < 37; i++) {
        const k = `k${total++}`;
        sim.live.add(k);
        changed.add(k);
      }
      sim.commit(changed);
      expect(sim.segments.filter((s) => s.weight < target / 2).length).toBeLessThanOrEqual(1);
    }
    expect(sim.keys()).toEqual([...sim.live].sort());
    // Each key is written about once, plus up to target/2 per checkpoint for the small segment.
    expect(sim.written).toBeLessThanOrEqual(total + 200 * (target / 2));
    expect(sim.segments.length).toBeLessThanOrEqual(Math.ceil(total / (target / 2)) + 1);
  });

  it('rewrites only what scattered edits touch, and keeps every live key exactly once', () => {
    const sim = new Simulation(50);
    const all = new Set(Array.from({ length: 1000 }, (_, i) => `k${i}`));
    sim.live = new Set(all);
    sim.commit(all);
    for (let round = 0; round < 50; round++) {
      const changed = new Set<string>();
      for (let j = 0; j < 5; j++) {
        const k = `k${(round * 131 + j * 977) % 1000}`;
        changed.add(k);
        if (round % 2 === 0) sim.live.delete(k);
        else sim.live.add(k);
      }
      const before = sim.written;
      sim.commit(changed);
      // At most five touched segments, the small one, and the changed keys.
      expect(sim.written - before).toBeLessThanOrEqual(5 * 50 + 25 + 5);
      expect(sim.keys()).toEqual([...sim.live].sort());
    }
  });
});
