import { describe, expect, it } from 'vitest';
import { resolveFollowUp } from '../../../src/core/question/follow-up';
import { FOLLOW_UPS } from './follow-up-table';

const NOW = new Date(2025, 2, 10, 12, 0);

describe('follow-up resolution', () => {
  it('has a table of at least 40 pairs, in French and English, with questions that must not inherit', () => {
    expect(FOLLOW_UPS.length).toBeGreaterThanOrEqual(40);
    expect(FOLLOW_UPS.filter((c) => c.expected === null).length).toBeGreaterThanOrEqual(10);
  });

  it.each(FOLLOW_UPS)('$asked  (after: $before)', ({ before, asked, expected, rule }) => {
    const r = resolveFollowUp(asked, { anchor: before }, NOW);
    expect(r.text).toBe(expected ?? asked);
    expect(r.rule).toBe(rule);
    expect(r.changed).toBe(expected !== null);
  });

  it('leaves the first question of a conversation alone, even an elliptic one', () => {
    expect(resolveFollowUp('Et en janvier 2025 ?', null, NOW)).toMatchObject({ text: 'Et en janvier 2025 ?', rule: 'first', changed: false });
  });

  it('chains: a follow-up of a follow-up resolves against the resolved question', () => {
    const first = resolveFollowUp('Et en janvier 2025 ?', { anchor: 'Où en était le projet 20 en décembre 2024 ?' }, NOW);
    const second = resolveFollowUp('Et en février ?', first, NOW);
    expect(second.text).toBe('Où en était le projet 20 en février ?');
  });

  it('a "why?" asks retrieval the earlier question again, and keeps it as the anchor', () => {
    const r = resolveFollowUp('Pourquoi ?', { anchor: 'Où en était le projet 20 ?' }, NOW);
    expect(r).toMatchObject({ query: 'Où en était le projet 20 ?', anchor: 'Où en était le projet 20 ?', sameSources: true });
    expect(resolveFollowUp('Et le projet 12 ?', r, NOW).text).toBe('Où en était le projet 12 ?');
  });

  it('the retrieval query of a pronoun follow-up names the earlier topic and period', () => {
    const r = resolveFollowUp('Est-ce que ça marchait ?', { anchor: 'Que disais-je de LoRA en 2024 ?' }, NOW);
    expect(r.query).toContain('LoRA');
    expect(r.query).toContain('en 2024');
    expect(r.anchor).toBe('Que disais-je de LoRA en 2024 ?');
  });
});
