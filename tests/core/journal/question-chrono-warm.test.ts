// chrono's parsers warmed ahead (after an indexing pass, issue 16) read every question as before.
import { describe, expect, it } from 'vitest';
import { parseTimeRange } from '../../../src/core/journal';
import { warmQuestionParsers } from '../../../src/core/journal/question-chrono';

const NOW = new Date(2026, 11, 7, 12, 0);
const QUESTIONS = [
  "Qu'ai-je fait en mars 2025 ?", 'Résume ma semaine dernière', "Qu'ai-je noté entre octobre et décembre 2024 ?", 'Bilan de l’été 2025',
  'What did I write last week?', 'What happened in January 2025?', 'Quelle carte graphique a mon ordinateur portable ?', 'le projet 20 la semaine du 23 décembre',
];

describe('warmQuestionParsers', () => {
  it('parses each language twice, a pause after each, and changes no reading', async () => {
    const cold = QUESTIONS.map((q) => parseTimeRange(q, NOW));
    let pauses = 0;
    await warmQuestionParsers(async () => void pauses++);
    expect(pauses).toBe(4);
    expect(QUESTIONS.map((q) => parseTimeRange(q, NOW))).toEqual(cold);
    expect(cold.filter(Boolean).length).toBeGreaterThan(5);
  });
});
