// A note's text as a bounded query: its top terms by tf·idf, with their counts as weights, and
// document frequencies read the same from a bulk-loaded index as from one built by add().
import { describe, expect, it } from 'vitest';
import { LexicalIndex, DEFAULT_LEXICAL, type LexicalDoc } from '../../../src/core/lexical/lexical-index';
import { analyzeIn, DEFAULT_ANALYZER } from '../../../src/core/lexical/analyzer';
import { likeThisTerms } from '../../../src/core/lexical/more-like-this';

const doc = (id: string, text: string): LexicalDoc => ({ id, path: `${id}.md`, title: id, aliases: [], headingPath: [], text });
const term = (w: string) => analyzeIn(w, 'fr', DEFAULT_ANALYZER)[0]!;

const docs = [
  doc('a', 'Le reranking reclasse les passages du RAG avec un cross-encoder.'),
  doc('b', 'Le RAG retrouve des passages puis le modèle répond.'),
  doc('c', 'Un cross-encoder note chaque passage avec la question.'),
  doc('d', 'La recette du pain au levain demande du temps.'),
  doc('e', 'Le modèle répond en français.'),
];

describe('more like this', () => {
  it('counts the documents holding a term alike after add() and after a bulk load', async () => {
    const added = new LexicalIndex();
    added.addAll(docs);
    const loaded = new LexicalIndex(DEFAULT_LEXICAL, added.dictionary);
    await loaded.load(docs, async () => {});
    for (const w of ['passages', 'RAG', 'levain', 'modèle', 'absentissime']) {
      expect(loaded.documentFrequency(term(w))).toBe(added.documentFrequency(term(w)));
    }
    expect(added.documentFrequency(term('passages'))).toBe(3);
    expect(added.documentFrequency(term('absentissime'))).toBe(0);
  });

  it('keeps the telling terms of a text, at most maxTerms, weighted by their count', () => {
    // (maxDocShare 0.5 here: « passages », in 3 of the 5 documents, is left out.)
    const index = new LexicalIndex();
    index.addAll(docs);
    const stats = { documents: index.size, documentFrequency: (t: string) => index.documentFrequency(t) };
    const text = 'Le RAG et le cross-encoder : le cross-encoder reclasse les passages. Un mot unique : zorglub.';
    const got = likeThisTerms(text, DEFAULT_ANALYZER, stats, { maxTerms: 3, minDocFreq: 2, maxDocShare: 0.5 });
    // zorglub is in no document (nothing to find); « passages » is in 3 of 5 (over half).
    expect(got.terms).not.toContain(term('zorglub'));
    expect(got.terms).not.toContain(term('passages'));
    expect(got.terms.length).toBeLessThanOrEqual(3);
    expect(got.terms).toContain(term('cross'));
    expect(got.other.get(term('encoder'))).toBe(2);
    expect(got.own).toEqual([]);
    const hits = index.search(got.terms, 3, undefined, (t) => got.other.get(t) ?? 1);
    expect(hits.map((h) => h.id)).not.toContain('d');
  });

  it('by default keeps the words a note shares with every other one: in a small vault they are all there is', () => {
    const index = new LexicalIndex();
    index.addAll([doc('p1', 'Le projet 20 crée un POC de RAG.'), doc('p2', 'Les objectifs du projet 20 : citer les notes.'), doc('j', "Camille m'a parlé du projet 20 aujourd'hui.")]);
    const stats = { documents: index.size, documentFrequency: (t: string) => index.documentFrequency(t) };
    const got = likeThisTerms('Projet 20\nLe projet 20 crée un POC de RAG.', DEFAULT_ANALYZER, stats);
    expect(got.terms).toEqual([term('projet'), '20']);
    expect(index.search(got.terms, 3, undefined, (t) => got.other.get(t) ?? 1).map((h) => h.id)).toContain('j');
  });
});
