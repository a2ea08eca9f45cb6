import { describe, expect, it } from 'vitest';
import { isDateTitle, titleQuestions } from '../../src/cli/commands/title-questions';

describe('title self-retrieval questions', () => {
  it('asks each note title once, its note the gold', () => {
    const qs = titleQuestions([
      { path: 'People/Ritu Goel.md', title: 'Ritu Goel' },
      { path: 'People/Ritu Goel.md', title: 'Ritu Goel' },
      { path: 'Projects/Intent AI Home.md', title: 'Intent AI Home' },
    ]);
    expect(qs.map((q) => [q.question, q.gold])).toEqual([
      ['Ritu Goel', ['People/Ritu Goel.md']],
      ['Intent AI Home', ['Projects/Intent AI Home.md']],
    ]);
    expect(qs.every((q) => q.kind === 'title')).toBe(true);
  });

  it('leaves out titles two notes share, after folding case and accents', () => {
    const qs = titleQuestions([
      { path: 'Meetings/Atlas/Retro.md', title: 'Retro' },
      { path: 'Meetings/Lighthouse/Retro.md', title: 'Retro' },
      { path: 'a/Éte.md', title: 'Éte' },
      { path: 'b/ete.md', title: 'ete' },
      { path: 'Glossary.md', title: 'Glossary' },
    ]);
    expect(qs.map((q) => q.question)).toEqual(['Glossary']);
  });

  it('leaves out date-named notes, in both languages', () => {
    for (const t of ['November 20, 2025', '2025-03-14', 'Journal du jeudi 26 décembre 2024 à 15h03', 'décembre 2024']) expect(isDateTitle(t), t).toBe(true);
    for (const t of ['Hiring Plan 2026', 'Q4 OKRs', 'Atlas go-no-go', 'Projet 20 - Créer un POC d\'un RAG']) expect(isDateTitle(t), t).toBe(false);
  });
});
