import { describe, expect, it } from 'vitest';
import { parseTimeRange } from '../../../src/core/journal';
import { classifyIntent } from '../../../src/core/question/intent';

const NOW = new Date(2026, 11, 7);
const day = (y: number, m: number, d = 1) => new Date(y, m - 1, d).getTime();

describe('seasons in questions', () => {
  it.each([
    ["Qu'ai-je fait l'été 2025 ?", day(2025, 6), day(2025, 9), 'ai-je fait ?'],
    ['Bilan de l’automne 2024', day(2024, 9), day(2024, 12), 'Bilan'],
    ["Qu'ai-je écrit au printemps 2025 ?", day(2025, 3), day(2025, 6), 'ai-je écrit ?'],
    ["Résume l'hiver 2025", day(2024, 12), day(2025, 3), 'Résume'],
    ['What did I write in summer 2024?', day(2024, 6), day(2024, 9), 'What did I write?'],
    ['Summarise the winter of 2025', day(2024, 12), day(2025, 3), 'Summarise'],
  ])('%s', (q, start, end, rest) => {
    const r = parseTimeRange(q, NOW);
    expect(r, q).not.toBeNull();
    expect([r!.start, r!.end]).toEqual([start, end]);
    expect(r!.rest).toContain(rest.split(' ')[0]!.replace("'", ''));
    expect(classifyIntent(q, true).intent).toBe('period');
  });

  it('a season without a year is the latest one that has begun', () => {
    const r = parseTimeRange("Qu'ai-je fait cet été ?", new Date(2026, 3, 10));
    expect([r!.start, r!.end]).toEqual([day(2025, 6), day(2025, 9)]);
  });

  it('« été » the participle is not a season', () => {
    expect(parseTimeRange('Combien de notes ont été écrites ?', NOW)).toBeNull();
    expect(parseTimeRange('Le modèle a été fine-tuné sur mes notes', NOW)).toBeNull();
    expect(parseTimeRange("Qu'ai-je fait en été 2024 ?", NOW)?.start).toBe(day(2024, 6));
  });
});
