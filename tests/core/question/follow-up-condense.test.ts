import { describe, expect, it } from 'vitest';
import type { ChatModel, ChatRequest } from '../../../src/core/ports';
import { resolveQuestion } from '../../../src/core/question/follow-up-turn';
import { defaultSettings } from '../../../src/core/settings';

const NOW = new Date(2025, 2, 10);
const history = [{ question: 'Où en était le projet 20 en décembre 2024 ?', answer: 'Il indexait le vault.' }];
const previous = { anchor: history[0].question };

function model(reply: (req: ChatRequest) => Promise<{ text: string; complete: boolean }>): ChatModel & { calls: ChatRequest[] } {
  const calls: ChatRequest[] = [];
  return { name: 'm', calls, chat: (req) => (calls.push(req), reply(req)) };
}

const on = () => ({ ...defaultSettings().chat, condense: true, condenseTimeoutMs: 200 });

describe('follow-up condensation by the model', () => {
  it('is off by default: the rules answer and the model is not asked', async () => {
    const chat = model(async () => ({ text: 'x', complete: true }));
    const r = await resolveQuestion('Et en janvier 2025 ?', { previous, history, settings: defaultSettings().chat, chat, now: NOW });
    expect(r).toMatchObject({ rule: 'new-period', text: 'Où en était le projet 20 en janvier 2025 ?' });
    expect(chat.calls).toHaveLength(0);
  });

  it('uses the model\'s one-line rewrite when on, giving it the earlier questions', async () => {
    const chat = model(async () => ({ text: '« Quel était l’état du projet 20 en janvier 2025 ? »', complete: true }));
    const r = await resolveQuestion('Et en janvier 2025 ?', { previous, history, settings: on(), chat, now: NOW });
    expect(r).toMatchObject({ rule: 'model', text: 'Quel était l’état du projet 20 en janvier 2025 ?', changed: true });
    expect(chat.calls[0].messages[1].content).toContain('1. Où en était le projet 20 en décembre 2024 ?');
    expect(chat.calls[0].messages[1].content).toContain('Last question: Et en janvier 2025 ?');
  });

  it('falls back to the rules when the model fails, rambles or times out', async () => {
    const failing = model(async () => {
      throw new Error('boom');
    });
    const rambling = model(async () => ({ text: 'Sure! Here is a rewrite:\nline two\nline three', complete: true }));
    const slow = model((req) => new Promise((resolve, reject) => {
      req.signal?.addEventListener('abort', () => reject(new Error('aborted')));
    }));
    for (const chat of [failing, rambling, slow]) {
      const started = Date.now();
      const r = await resolveQuestion('Et en janvier 2025 ?', { previous, history, settings: on(), chat, now: NOW });
      expect(r).toMatchObject({ rule: 'new-period', text: 'Où en était le projet 20 en janvier 2025 ?' });
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('is not asked for the first question, nor when the user undid the resolution', async () => {
    const chat = model(async () => ({ text: 'x ?', complete: true }));
    expect(await resolveQuestion('Et en janvier 2025 ?', { previous: null, history: [], settings: on(), chat })).toMatchObject({ rule: 'first', changed: false });
    expect(await resolveQuestion('Et en janvier 2025 ?', { previous, history, settings: on(), chat, resolve: false })).toMatchObject({ changed: false, text: 'Et en janvier 2025 ?' });
    expect(chat.calls).toHaveLength(0);
  });
});
