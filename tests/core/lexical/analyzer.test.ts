import { describe, expect, it } from 'vitest';
import { analyze, analyzeToken, foldAccents, tokenize, DEFAULT_ANALYZER } from '../../../src/core/lexical/analyzer';
import { detectLanguage } from '../../../src/core/lexical/language';
import { LexicalIndex, DEFAULT_LEXICAL } from '../../../src/core/lexical/lexical-index';

describe('analyzer', () => {
  it.each([
    ["l'entraînement", ['entrain']],
    ['d’un modèle', ['model']],
    ["Qu'est-ce que le pré-entraînement ?", ['pre', 'entrain']],
    ['Les modèles de langage', ['model', 'langag']],
    ['modele', ['model']],
    ["aujourd'hui", ["aujourd'hui"]],
    ['RAG 2024', ['rag', '2024']],
  ])('%s → %j', (text, terms) => {
    expect(analyze(text)).toEqual(terms);
  });

  it('folds NFD and NFC accents to the same term', () => {
    const nfd = 'réponse'.normalize('NFD');
    expect(analyze(nfd)).toEqual(analyze('réponse'));
    expect(foldAccents('Éléphant')).toBe('Elephant');
  });

  it('keeps emoji and zero-width characters out of terms', () => {
    expect(tokenize('RAG 🚀 ok\u200b')).toEqual(['rag', 'ok']);
  });

  it('each step can be switched off', () => {
    expect(analyzeToken('les', { ...DEFAULT_ANALYZER, stopWords: false })).toBe('le');
    expect(analyzeToken("l'avion", { ...DEFAULT_ANALYZER, elision: false, stemming: 'none' })).toBe("l'avion");
    expect(analyzeToken('modèles', { ...DEFAULT_ANALYZER, stemming: 'none' })).toBe('modeles');
    expect(analyzeToken('modèles', { ...DEFAULT_ANALYZER, foldAccents: false })).toBe('model');
    expect(analyzeToken('été', { ...DEFAULT_ANALYZER, stopWords: false, foldAccents: false })).toBe('été');
  });

  it('detects the language of short questions', () => {
    expect(detectLanguage('À qui ai-je parlé du projet 20 ?')).toBe('fr');
    expect(detectLanguage('Qu’est-ce que le RAG ?')).toBe('fr');
    expect(detectLanguage('What did I write about the RAG project?')).toBe('en');
    expect(detectLanguage('How has my opinion on fine-tuning changed?')).toBe('en');
  });
});

describe('lexical index', () => {
  const docs = [
    { id: 'a#0', path: 'a.md', title: 'pre-training', aliases: ['pré-entraînement'], headingPath: [], text: 'Le pré-entraînement apprend la langue sur un grand corpus.' },
    { id: 'b#0', path: 'b.md', title: 'Cuisine', aliases: [], headingPath: ['Tarte'], text: 'Une tarte aux pommes, avec une pâte brisée.' },
    { id: 'c#0', path: 'c.md', title: 'RAG', aliases: [], headingPath: ['Principe'], text: "On récupère des passages puis on génère la réponse. L'entraînement n'est pas nécessaire." },
  ];

  it('ranks by fielded BM25 and supports removal', () => {
    const idx = new LexicalIndex(DEFAULT_LEXICAL);
    idx.addAll(docs);
    expect(idx.search('Qu’est-ce que le pré-entraînement ?', 3)[0]!.id).toBe('a#0');
    expect(idx.search('recette de tarte', 3).map((h) => h.id)).toEqual(['b#0']);
    idx.remove('b#0');
    expect(idx.search('recette de tarte', 3)).toEqual([]);
    expect(idx.size).toBe(2);
  });

  it('a title match outweighs the same word in a body', () => {
    const idx = new LexicalIndex(DEFAULT_LEXICAL);
    idx.add({ id: 'x', path: 'x.md', title: 'Notes', aliases: [], headingPath: [], text: 'rag rag et autre chose encore' });
    idx.add({ id: 'y', path: 'y.md', title: 'RAG', aliases: [], headingPath: [], text: 'autre chose encore et rag' });
    expect(idx.search('rag', 2)[0]!.id).toBe('y');
  });

  it('honours a filter', () => {
    const idx = new LexicalIndex(DEFAULT_LEXICAL);
    idx.addAll(docs);
    expect(idx.search('entraînement', 3, (id) => id !== 'a#0').map((h) => h.id)).toEqual(['c#0']);
  });
});
