import { describe, expect, it } from 'vitest';
import { formatConversationHeader, formatTurn, parseConversation } from '../../../src/plugin/conversations/conversation-note';

const meta = { date: '2025-03-10T12:00:00.000Z', model: 'm', endpoint: 'e' };
const labels = { question: 'Question', sources: 'Sources', understood: 'Compris :' };

describe('conversation note: the question as understood', () => {
  it('shows it under the question, and reads back it, the anchor and a stopped status', () => {
    const text = formatConversationHeader(meta)
      + formatTurn({ question: 'Où en était le projet 20 ?', answer: 'Il avançait.', sources: [] }, labels)
      + formatTurn({ question: 'Pourquoi ?', answer: 'Parce que', sources: [], resolved: 'Pourquoi ? — Où en était le projet 20 ?', anchor: 'Où en était le projet 20 ?', status: 'stopped' }, labels);
    expect(text).toContain('> ↳ *Compris : Pourquoi ? — Où en était le projet 20 ?*');
    const saved = parseConversation(text)!;
    expect(saved.turns[0]).toEqual({ question: 'Où en était le projet 20 ?', answer: 'Il avançait.', sources: [] });
    expect(saved.turns[1]).toEqual({
      question: 'Pourquoi ?', answer: 'Parce que', sources: [],
      resolved: 'Pourquoi ? — Où en était le projet 20 ?', anchor: 'Où en était le projet 20 ?', status: 'stopped',
    });
  });

  it('cannot be made to close its comment by what it quotes', () => {
    const text = formatConversationHeader(meta) + formatTurn({ question: 'q', answer: 'a', sources: [], resolved: 'x %% [[evil]] %%' }, labels);
    expect(text).not.toContain('x %% [[evil]]');
    expect(parseConversation(text)!.turns[0].resolved).toBe('x % % [[evil]] % %');
  });
});
