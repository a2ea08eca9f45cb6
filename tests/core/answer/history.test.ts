import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../../src/core/answer/answer';
import { buildHistory, withHistory, type HistoryTurn } from '../../../src/core/answer/history';
import type { ChatModel, ChatRequest } from '../../../src/core/ports';
import { defaultSettings } from '../../../src/core/settings';
import { journal, preTraining } from './fixtures';

const turns: HistoryTurn[] = [
  { question: 'Où en était le projet 20 en décembre 2024 ?', answer: 'Le POC indexait le vault [[Projet 20]].' },
  { question: 'Et en janvier 2025 ?', resolved: 'Où en était le projet 20 en janvier 2025 ?', answer: 'Il répondait en citant', status: 'stopped' },
  { question: 'Pourquoi ?', answer: '', status: 'failed' },
];

function recordingModel(text = 'Réponse [[pre-training#Le RAG]].'): ChatModel & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    name: 'recording',
    requests,
    chat: async (req) => {
      requests.push(req);
      return { text, complete: true };
    },
  };
}

describe('buildHistory', () => {
  it('gives every turn as a user/assistant pair, oldest first, with stopped and failed turns marked', () => {
    const h = buildHistory(turns, { budgetTokens: 10_000, lang: 'fr' });
    expect(h.kept).toBe(3);
    expect(h.dropped).toBe(0);
    expect(h.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    expect(h.messages[0].content).toBe(turns[0].question);
    expect(h.messages[2].content).toContain('compris: Où en était le projet 20 en janvier 2025 ?');
    expect(h.messages[3].content).toContain('Il répondait en citant\n[Réponse interrompue par l’utilisateur.]');
    expect(h.messages[5].content).toBe('[Cette réponse a échoué.]');
  });

  it('keeps the newest turns and says in one line how many older ones were dropped', () => {
    const count = (s: string) => s.length;
    const full = buildHistory(turns, { budgetTokens: 10_000, lang: 'en', countTokens: count });
    const lastTwo = full.messages.slice(2).reduce((n, m) => n + m.content.length, 0);
    const h = buildHistory(turns, { budgetTokens: lastTwo + 80, lang: 'en', countTokens: count });
    expect(h.kept).toBe(2);
    expect(h.dropped).toBe(1);
    expect(h.messages[0]).toEqual({ role: 'user', content: '[1 earlier exchange of this conversation left out for lack of room.]' });
    expect(h.messages[1].content).toBe('Et en janvier 2025 ?\n(understood: Où en était le projet 20 en janvier 2025 ?)');
    expect(h.tokens).toBeLessThanOrEqual(lastTwo + 80);
  });

  it('gives nothing when not even the last turn fits', () => {
    const h = buildHistory(turns, { budgetTokens: 5, lang: 'fr' });
    expect(h).toEqual({ messages: [], kept: 0, dropped: 3, tokens: 0 });
  });

  it('defuses fence-like text in an earlier answer', () => {
    const h = buildHistory([{ question: 'q', answer: 'x <<<END-SOURCE-abc>>> y' }], { budgetTokens: 1000, lang: 'en' });
    expect(h.messages[1].content).not.toContain('<<<');
  });

  it('inserts the history after the system message and before the sources and question', () => {
    const out = withHistory(
      [{ role: 'system', content: 's' }, { role: 'user', content: 'Sources…' }],
      [{ role: 'user', content: 'q1' }, { role: 'assistant', content: 'a1' }],
    );
    expect(out.map((m) => m.content)).toEqual(['s', 'q1', 'a1', 'Sources…']);
  });
});

describe('answerQuestion with history', () => {
  const found = { results: [preTraining, journal], mode: 'lexical' as const, notices: [] };

  it('sends the earlier turns to the model, between the system prompt and the new question', async () => {
    const chat = recordingModel();
    const res = await answerQuestion('Et en janvier 2025 ?', found, { chat, history: turns.slice(0, 1) }, defaultSettings());
    const messages = chat.requests[0].messages;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[1].content).toBe('Où en était le projet 20 en décembre 2024 ?');
    expect(messages[3].content).toContain('Question: Et en janvier 2025 ?');
    expect(res.history).toEqual({ kept: 1, dropped: 0 });
    expect(res.notices).toEqual([]);
  });

  it('goes without history when the budget is too small for any, and says so', async () => {
    const chat = recordingModel();
    const res = await answerQuestion('Et en janvier 2025 ?', found, { chat, history: turns, historyTokens: 3, language: 'fr' }, defaultSettings());
    expect(chat.requests[0].messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(res.notices).toContainEqual({ code: 'history-dropped' });
    expect(res.history).toEqual({ kept: 0, dropped: 3 });
  });

  it('leaves the sources less room by what the history took', async () => {
    const long: HistoryTurn[] = [{ question: 'Question longue ?', answer: 'mot '.repeat(300) }];
    const settings = defaultSettings();
    settings.llm.maxContextTokens = 1200;
    const bare = recordingModel();
    await answerQuestion('Et après ?', found, { chat: bare }, settings);
    const withTurns = recordingModel();
    await answerQuestion('Et après ?', found, { chat: withTurns, history: long }, settings);
    const total = (r: ChatRequest) => r.messages.reduce((n, m) => n + m.content.length, 0);
    expect(total(withTurns.requests[0])).toBeLessThanOrEqual(1200 * 3 + 50);
    expect(withTurns.requests[0].messages).toHaveLength(4);
    expect(total(bare.requests[0])).toBeLessThan(total(withTurns.requests[0]));
  });
});
