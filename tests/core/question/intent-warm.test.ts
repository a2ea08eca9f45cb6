// The intent table prepared ahead in slices (after an indexing pass, issue 16) is the table the
// first question would have compiled, and classifies the same.
import { describe, expect, it } from 'vitest';
import { INTENT_ROWS, intentTable, wordBoundaries } from '../../../src/core/question/intent-table';
import { classifyIntent, warmIntents } from '../../../src/core/question/intent';

describe('warmIntents', () => {
  it('builds the table row by row, pausing, and the questions read as before', async () => {
    let pauses = 0;
    await warmIntents(async () => void pauses++);
    expect(pauses).toBe(INTENT_ROWS.length);
    const table = intentTable();
    expect(table.map((r) => [r.intent, r.pattern.source, r.unless?.source])).toEqual(
      INTENT_ROWS.map((r) => [r.intent, wordBoundaries(r.pattern.source), r.unless ? wordBoundaries(r.unless.source) : undefined]),
    );
    expect(classifyIntent("Qu'ai-je fait en mars 2025 ?", true).intent).toBe('period');
    expect(classifyIntent('Comment mon avis sur le fine-tuning a-t-il évolué ?', false).intent).toBe('evolution');
    expect(classifyIntent("Qu'ai-je noté sur le projet et les modèles ?", false).intent).toBe('fact');
    // A second warm-up finds the table built and does nothing.
    await warmIntents(async () => void pauses++);
    expect(pauses).toBe(INTENT_ROWS.length);
  });
});
