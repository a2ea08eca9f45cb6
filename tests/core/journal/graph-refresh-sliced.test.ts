// The journal graph's links resolved ahead, in slices (after an indexing pass, issue 16): the
// same answers as resolving on the first query, and nothing half-built kept when the graph
// changes between two slices.
import { describe, expect, it } from 'vitest';
import { JournalGraph, type GraphEntry } from '../../../src/core/journal/graph';

const day = (d: number) => new Date(2025, 0, d).getTime();
const topics = Array.from({ length: 20 }, (_, i) => `Sujets/Sujet ${i}.md`);

function entries(): GraphEntry[] {
  const journals = Array.from({ length: 100 }, (_, i): GraphEntry => ({
    path: `Journal/2025-01-${String((i % 28) + 1).padStart(2, '0')}-${i}.md`,
    journalDate: day((i % 28) + 1),
    links: [i % 20, (i * 7) % 20, (i * 3) % 20].map((t, k) => ({ target: `Sujet ${t}`, line: k + 1, excerpt: `paragraphe ${i}.${k}` })),
  }));
  return [...topics.map((path, i): GraphEntry => ({ path, links: [{ target: `Sujet ${(i + 1) % 20}`, line: 1 }] })), ...journals];
}

const resolveIn = (paths: Set<string>) => (target: string) => {
  const hit = [...paths].find((p) => p.endsWith(`/${target}.md`));
  return hit ?? null;
};

function answers(g: JournalGraph) {
  return topics.map((t) => ({ mentions: g.mentionsOf(t), backlinks: g.backlinks(t), linked: g.linkedFrom(t) }));
}

describe('JournalGraph.refreshSliced', () => {
  it('gives the same mentions, backlinks and links as resolving on the first query, yielding as it goes', async () => {
    const paths = new Set(entries().map((e) => e.path));
    const lazy = new JournalGraph(entries(), resolveIn(paths));
    let resolves = 0;
    const ahead = new JournalGraph(entries(), (t) => (resolves++, resolveIn(paths)(t)));
    let pauses = 0;
    await ahead.refreshSliced(async () => void pauses++);
    const resolvedAhead = resolves;
    expect(pauses).toBeGreaterThan(2);
    expect(answers(ahead)).toEqual(answers(lazy));
    // Nothing left to resolve when the question comes.
    expect(resolves).toBe(resolvedAhead);
  });

  it('drops what it built when the graph changes between slices, and the next query resolves the new state', async () => {
    const paths = new Set(entries().map((e) => e.path));
    const g = new JournalGraph(entries(), resolveIn(paths));
    const extra: GraphEntry = { path: 'Journal/2025-02-01.md', journalDate: day(32), links: [{ target: 'Sujet 3', line: 1, excerpt: 'nouveau' }] };
    let first = true;
    await g.refreshSliced(async () => {
      if (!first) return;
      first = false;
      paths.add(extra.path);
      g.upsert(extra);
    });
    const reference = new JournalGraph([...entries(), extra], resolveIn(paths));
    expect(answers(g)).toEqual(answers(reference));
    expect(g.mentionsOf('Sujets/Sujet 3.md').some((m) => m.journal === extra.path)).toBe(true);
  });
});
