import { describe, expect, it } from 'vitest';
import { extractiveAnswer, linksAsText, pickQuotes, sentencesOf } from '../../../src/core/answer/extractive';
import { checkCitations } from '../../../src/core/answer/citations';
import type { SearchResult } from '../../../src/core/types';

function source(path: string, text: string, extra: Partial<SearchResult> = {}): SearchResult {
  const title = path.replace(/\.md$/, '').split('/').pop()!;
  return { chunkId: `${path}#0`, path, title, headingPath: [], lines: [1, 3], text, score: 1, source: 'lexical', why: 'lexical match', ...extra };
}

const journal = source(
  'Journal/Journal du jeudi 26 décembre 2024 à 15h03.md',
  "J'ai partagé la note [[Projet 20 - Créer un POC d'un RAG|projet 20]] avec Mehdi, un ami d'école. Sa question : « Pourquoi ne pas entraîner un modèle ? »\n\nJ'ai répondu dans [[pre-training]].",
  { date: new Date(2024, 11, 26, 15, 3).getTime() },
);
const rag = source('RAG.md', 'Le RAG récupère des passages puis génère une réponse.\n\n- Il cite ses sources.\n- Il ne demande aucun entraînement.', {
  headingPath: ['Principe'],
  heading: 'Principe',
});
const cuisine = source('Cuisine.md', 'Une tarte aux pommes se fait avec une pâte brisée.');

describe('extractive answers', () => {
  it('quotes the best sentence with the one that follows it, and cites its source with the journal date', () => {
    const md = extractiveAnswer("Qu'est-ce que mon ami Mehdi m'a demandé ?", [rag, journal, cuisine]);
    expect(md).toContain('> J\'ai partagé la note projet 20 avec Mehdi, un ami d\'école. Sa question : « Pourquoi ne pas entraîner un modèle ?');
    expect(md).toContain('— [[Journal du jeudi 26 décembre 2024 à 15h03]] (26 décembre 2024)');
    expect(md).toContain('(26 décembre 2024)');
    expect(md).not.toContain('tarte');
  });

  it('every citation it writes verifies against the sources, and links inside quotes are plain text', () => {
    const md = extractiveAnswer('Que fait le RAG et que m’a demandé Mehdi ?', [rag, journal]);
    const checked = checkCitations(md, [rag, journal]);
    expect(checked.invalid).toBe(0);
    expect(checked.valid).toBeGreaterThanOrEqual(2);
    const cited = new Set(checked.segments.filter((s) => s.kind === 'citation').map((s) => (s as { path: string }).path));
    expect([...cited].sort()).toEqual([journal.path, rag.path].sort());
  });

  it('quotes sentences, not whole chunks, and never the same sentence twice', () => {
    const quotes = pickQuotes('RAG sources entraînement', [rag]);
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) expect(q.sentence.length).toBeLessThan(rag.text.length);
    const all = quotes.map((q) => q.sentence).join(' ');
    expect(all.split('Il cite ses sources.').length - 1).toBeLessThanOrEqual(1);
  });

  it('answers in English for an English question, and says when nothing was found', () => {
    expect(extractiveAnswer('What did Mehdi ask me?', [journal])).toMatch(/^The passages of your notes/);
    expect(extractiveAnswer('Qui est Mehdi ?', [])).toBe("Je n'ai rien trouvé dans vos notes à ce sujet.");
  });

  it('still quotes the retrieved passages when no sentence shares a word with the question', () => {
    const quotes = pickQuotes('zzz yyy', [rag, journal]);
    expect(quotes.map((q) => q.source.path)).toEqual([rag.path, journal.path]);
  });

  it('strips markdown scaffolding and renders links as their text', () => {
    expect(sentencesOf('# Titre\n- [ ] Une tâche.\n> Une citation.', 'fr').map((s) => s.text)).toEqual(['Une tâche.', 'Une citation.']);
    expect(linksAsText('Voir [[RAG#Principe|le principe]] et ![[schéma.png]] et [[pre-training]].')).toBe('Voir le principe et schéma.png et pre-training.');
  });
});
