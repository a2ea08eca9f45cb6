import { describe, expect, it } from 'vitest';
import { citedPassage, groupSourcesByNote } from '../../../src/core/answer/source-groups';
import type { SearchResult } from '../../../src/core/types';

function result(path: string, heading: string | undefined, score: number, extra: Partial<SearchResult> = {}): SearchResult {
  return {
    chunkId: `${path}#${heading ?? ''}#${score}`, path, title: path.replace(/\.md$/, '').split('/').pop()!,
    headingPath: heading ? [heading] : [], ...(heading ? { heading } : {}), lines: [1, 2], text: '', score,
    source: 'lexical', why: '', ...extra,
  };
}

const SOURCES = [
  result('Projet 20.md', 'Objectifs', 0.9),
  result('Journal/2025-05-06.md', undefined, 0.5, { source: 'journal', via: 'Projet 20.md', date: new Date(2025, 4, 6).getTime() }),
  result('Projet 20.md', 'Calendrier', 0.95),
  result('Cuisine.md', undefined, 0.2),
  result('Projet 20.md', 'Objectifs', 0.3),
];

describe('groupSourcesByNote', () => {
  it('lists each note once, in the order of its first passage, its best passage first, numbers kept', () => {
    const groups = groupSourcesByNote(SOURCES);
    expect(groups.map((g) => g.path)).toEqual(['Projet 20.md', 'Journal/2025-05-06.md', 'Cuisine.md']);
    expect(groups[0].best.number).toBe(3);
    expect(groups[0].others.map((p) => p.number)).toEqual([1, 5]);
    expect(groups[1]).toMatchObject({ source: 'journal', via: 'Projet 20.md', date: new Date(2025, 4, 6).getTime() });
    const numbers = groups.flatMap((g) => [g.best, ...g.others]).map((p) => p.number).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5]);
    for (const g of groups) for (const p of [g.best, ...g.others]) expect(SOURCES[p.number - 1]).toBe(p.result);
  });
});

describe('citedPassage', () => {
  it('keeps a numbered citation on its own passage', () => {
    expect(citedPassage({ path: 'Projet 20.md', heading: 'Objectifs', source: 5 }, SOURCES)).toBe(5);
  });
  it('finds the passage under the cited heading when the number is the note\'s first', () => {
    expect(citedPassage({ path: 'Projet 20.md', heading: 'Calendrier', source: 1 }, SOURCES)).toBe(3);
  });
  it('falls back to the note\'s first passage, and to 0 outside the sources', () => {
    expect(citedPassage({ path: 'Projet 20.md' }, SOURCES)).toBe(1);
    expect(citedPassage({ path: 'Projet 20.md', heading: 'Ailleurs' }, SOURCES)).toBe(1);
    expect(citedPassage({ path: 'Autre.md' }, SOURCES)).toBe(0);
  });
});
