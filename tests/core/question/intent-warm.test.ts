// The warm-up runs every row of the intent table once, one row per pause, and classifying
// afterwards gives the same intents as before it.
import { describe, expect, it } from 'vitest';
import { warmIntentTable } from '../../../src/core/question/intent-warm';
import { intentTable } from '../../../src/core/question/intent-table';
import { classifyIntent } from '../../../src/core/question/intent';

describe('intent table warm-up', () => {
  it('pauses once per row, only on its first call, and leaves the intents as they were', async () => {
    const questions = ["Qu'ai-je fait en mars 2016 ?", 'Comment mon avis sur le RAG a-t-il évolué ?', 'Quand ai-je parlé de LoRA pour la première fois ?', 'Qui est Kosta ?'];
    const before = questions.map((q) => classifyIntent(q, q.includes('2016')).intent);
    let pauses = 0;
    await warmIntentTable(async () => {
      pauses++;
    });
    expect(pauses).toBe(intentTable().length);
    await warmIntentTable(async () => {
      pauses++;
    });
    expect(pauses).toBe(intentTable().length);
    expect(questions.map((q) => classifyIntent(q, q.includes('2016')).intent)).toEqual(before);
    expect(before).toEqual(['period', 'evolution', 'first', 'fact']);
  });
});
