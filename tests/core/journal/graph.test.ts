import { beforeEach, describe, expect, it } from 'vitest';
import { JournalGraph, type GraphEntry } from '../../../src/core/journal/graph';
import type { LinkRef } from '../../../src/core/types';

const at = (y: number, m1: number, d: number, h = 0, min = 0) => new Date(y, m1 - 1, d, h, min).getTime();

/**
 * A small stand-in for the notes module's LinkResolver, following Obsidian's rule:
 * an exact path first, else the shortest path whose basename matches.
 */
class Vault {
  readonly paths = new Set<string>();
  calls = 0;
  constructor(paths: string[]) {
    paths.forEach((p) => this.paths.add(p));
  }
  resolve = (target: string, _from: string): string | null => {
    this.calls++;
    const t = target.replace(/\.md$/, '');
    if (this.paths.has(`${t}.md`)) return `${t}.md`;
    const hits = [...this.paths].filter((p) => p.slice(p.lastIndexOf('/') + 1) === `${t}.md`).sort((a, b) => a.length - b.length);
    return hits[0] ?? null;
  };
}

const link = (target: string, line: number, excerpt?: string, excerptLines?: [number, number]): LinkRef => ({ target, line, excerpt, excerptLines });

const J1 = 'Journal/Journal du jeudi 26 décembre 2024 à 15h03.md';
const J2 = 'Journal/Journal du lundi 23 décembre 2024 à 10h15.md';
const J3 = 'Journal/2024-11-05.md';
const PRE = 'pre-training.md';
const P20 = "Projets/Projet 20 - Créer un POC d'un RAG.md";
const RAG = 'RAG.md';

const PARA = "Montré [[Projet 20 - Créer un POC d'un RAG]] à Mehdi. Réponse écrite dans [[pre-training]], puis retour sur [[Projet 20 - Créer un POC d'un RAG|le projet 20]].";

function entries(): GraphEntry[] {
  return [
    {
      path: J1,
      journalDate: at(2024, 12, 26, 15, 3),
      links: [
        link("Projet 20 - Créer un POC d'un RAG", 3, PARA, [3, 3]),
        link('pre-training', 3, PARA, [3, 3]),
        link("Projet 20 - Créer un POC d'un RAG", 3, PARA, [3, 3]),
      ],
    },
    { path: J2, journalDate: at(2024, 12, 23, 10, 15), links: [link('pre-training', 5, 'Lu un article sur le [[pre-training]].', [4, 6])] },
    { path: J3, journalDate: at(2024, 11, 5), links: [link('Note absente', 2, 'Une idée : [[Note absente]].', [2, 2])] },
    { path: RAG, links: [link('pre-training', 10), link('RAG', 12)] },
    { path: PRE, links: [link('RAG', 1)] },
    { path: P20, links: [] },
  ];
}

describe('JournalGraph', () => {
  let vault: Vault;
  let graph: JournalGraph;

  beforeEach(() => {
    vault = new Vault([J1, J2, J3, PRE, P20, RAG]);
    graph = new JournalGraph(entries(), vault.resolve);
  });

  it('lists journal mentions of a note, newest first, with their paragraph', () => {
    expect(graph.mentionsOf(PRE)).toEqual([
      { journal: J1, date: at(2024, 12, 26, 15, 3), target: PRE, excerpt: PARA, lines: [3, 3] },
      { journal: J2, date: at(2024, 12, 23, 10, 15), target: PRE, excerpt: 'Lu un article sur le [[pre-training]].', lines: [4, 6] },
    ]);
  });

  it('gives one mention per paragraph even with several links to the note in it', () => {
    expect(graph.mentionsOf(P20)).toHaveLength(1);
    expect(graph.mentionsOf(P20)[0]?.journal).toBe(J1);
  });

  it('sorts same-day entries by time', () => {
    graph.upsert({ path: 'Journal/matin.md', journalDate: at(2024, 12, 26, 9, 15), links: [link('pre-training', 1, 'matin', [1, 1])] });
    vault.paths.add('Journal/matin.md');
    expect(graph.mentionsOf(PRE).map((m) => m.journal)).toEqual([J1, 'Journal/matin.md', J2]);
  });

  it('knows journals and their dates', () => {
    expect(graph.isJournal(J1)).toBe(true);
    expect(graph.isJournal(RAG)).toBe(false);
    expect(graph.isJournal('inconnu.md')).toBe(false);
    expect(graph.dateOf(J2)).toBe(at(2024, 12, 23, 10, 15));
    expect(graph.dateOf(RAG)).toBeUndefined();
    expect(graph.journalsBetween(at(2024, 12, 1), at(2025, 1, 1))).toEqual([
      { path: J1, date: at(2024, 12, 26, 15, 3) },
      { path: J2, date: at(2024, 12, 23, 10, 15) },
    ]);
  });

  it('lists resolved outgoing links once each, leaving unresolved ones out', () => {
    expect(graph.linkedFrom(J1)).toEqual([P20, PRE]);
    expect(graph.linkedFrom(J3)).toEqual([]);
    expect(graph.linkedFrom('inconnu.md')).toEqual([]);
  });

  it('lists all backlinks, journals or not, without self-links', () => {
    expect(graph.backlinks(PRE)).toEqual([J2, J1, RAG].sort((a, b) => a.localeCompare(b)));
    expect(graph.backlinks(RAG)).toEqual([PRE]);
    expect(graph.mentionsOf(RAG)).toEqual([]);
  });

  it('resolves a dangling link once its note appears', () => {
    expect(graph.backlinks('Idées/Note absente.md')).toEqual([]);
    vault.paths.add('Idées/Note absente.md');
    graph.upsert({ path: 'Idées/Note absente.md', links: [] });
    expect(graph.linkedFrom(J3)).toEqual(['Idées/Note absente.md']);
    expect(graph.mentionsOf('Idées/Note absente.md')).toEqual([
      { journal: J3, date: at(2024, 11, 5), target: 'Idées/Note absente.md', excerpt: 'Une idée : [[Note absente]].', lines: [2, 2] },
    ]);
  });

  it('hands links over to another note of the same name when their target is removed', () => {
    vault.paths.add('Archives/pre-training.md');
    graph.upsert({ path: 'Archives/pre-training.md', links: [] });
    // The exact path still wins while it exists.
    expect(graph.backlinks(PRE)).toHaveLength(3);
    vault.paths.delete(PRE);
    graph.remove(PRE);
    expect(graph.backlinks(PRE)).toEqual([]);
    expect(graph.mentionsOf('Archives/pre-training.md').map((m) => m.journal)).toEqual([J1, J2]);
  });

  it('forgets a removed journal and a removed target', () => {
    vault.paths.delete(J2);
    graph.remove(J2);
    expect(graph.mentionsOf(PRE).map((m) => m.journal)).toEqual([J1]);
    expect(graph.isJournal(J2)).toBe(false);
    vault.paths.delete(PRE);
    graph.remove(PRE);
    expect(graph.mentionsOf(PRE)).toEqual([]);
    expect(graph.linkedFrom(J1)).toEqual([P20]);
    graph.remove('jamais vu.md');
  });

  it('follows a renamed journal and a renamed target', () => {
    const J1b = 'Journal/2024/Journal du jeudi 26 décembre 2024 à 15h03.md';
    vault.paths.delete(J1);
    vault.paths.add(J1b);
    graph.rename(J1, J1b);
    expect(graph.mentionsOf(PRE).map((m) => m.journal)).toEqual([J1b, J2]);
    expect(graph.dateOf(J1b)).toBe(at(2024, 12, 26, 15, 3));
    expect(graph.has(J1)).toBe(false);

    vault.paths.delete(PRE);
    vault.paths.add('Concepts/pre-training.md');
    graph.rename(PRE, 'Concepts/pre-training.md');
    expect(graph.mentionsOf('Concepts/pre-training.md').map((m) => m.journal)).toEqual([J1b, J2]);
    expect(graph.mentionsOf(PRE)).toEqual([]);
    expect(graph.linkedFrom('Concepts/pre-training.md')).toEqual([RAG]);
    graph.rename('jamais vu.md', 'ailleurs.md');
    expect(graph.has('ailleurs.md')).toBe(false);
  });

  it('re-resolves only the edited note on an edit', () => {
    graph.mentionsOf(PRE);
    vault.calls = 0;
    graph.upsert({ path: J2, journalDate: at(2024, 12, 23, 10, 15), links: [link('RAG', 2, 'Sur le [[RAG]].', [2, 2])] });
    expect(graph.mentionsOf(PRE).map((m) => m.journal)).toEqual([J1]);
    expect(graph.mentionsOf(RAG)).toEqual([{ journal: J2, date: at(2024, 12, 23, 10, 15), target: RAG, excerpt: 'Sur le [[RAG]].', lines: [2, 2] }]);
    expect(vault.calls).toBe(1);
  });

  it('turns a note into a journal when an edit gives it a date', () => {
    graph.upsert({ path: RAG, journalDate: at(2025, 1, 2), links: [link('pre-training', 10, 'x', [10, 10])] });
    expect(graph.mentionsOf(PRE)[0]).toMatchObject({ journal: RAG, date: at(2025, 1, 2) });
  });

  it('does not keep references to the entries it was given', () => {
    const list = entries();
    const g = new JournalGraph(list, vault.resolve);
    list[1]!.links.length = 0;
    expect(g.mentionsOf(PRE)).toHaveLength(2);
  });

  it('treats a link its resolver cannot handle as unresolved', () => {
    const g = new JournalGraph(entries(), (t, f) => {
      if (t === 'pre-training') throw new Error('boom');
      return vault.resolve(t, f);
    });
    expect(g.mentionsOf(PRE)).toEqual([]);
    expect(g.linkedFrom(J1)).toEqual([P20]);
  });

  it('falls back to the link line when an entry has no excerpt', () => {
    const g = new JournalGraph([{ path: 'j.md', journalDate: 1, links: [link('RAG', 7)] }, { path: RAG, links: [] }], vault.resolve);
    expect(g.mentionsOf(RAG)).toEqual([{ journal: 'j.md', date: 1, target: RAG, excerpt: '', lines: [7, 7] }]);
  });
});
