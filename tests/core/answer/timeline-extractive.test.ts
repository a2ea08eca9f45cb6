// Over the whole journal question set: every dated line of an extractive timeline is inside the
// question's range and in date order, and cites a source it was given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/core/engine';
import { defaultSettings } from '../../../src/core/settings';
import { FsNoteSource } from '../../../src/cli/fs-note-source';
import { MemoryBlobStore } from '../index/memory-blob-store';
import { parseQuestions } from '../../../src/core/eval/metrics';
import { dayInWords, periodInWords, timelineSummary, intentHeader } from '../../../src/core/answer/timeline-text';

const ROOT = join(__dirname, '../../..');
const NOW = new Date(2026, 11, 7);
let engine: Engine;

beforeAll(async () => {
  const settings = defaultSettings();
  settings.retrieval.embeddingModel = '';
  engine = await Engine.open({ source: new FsNoteSource(join(ROOT, 'examples/vault')), store: new MemoryBlobStore(), embedder: null, settings });
  await engine.sync();
});
afterAll(async () => engine.close());

/** "3 mars 2025" → its local midnight, for every day the vault could name. */
const DAYS = new Map<string, number>();
for (let d = new Date(2020, 0, 1); d.getFullYear() < 2028; d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1)) for (const lang of ['fr', 'en'] as const) DAYS.set(dayInWords(d.getTime(), lang), d.getTime());

describe('extractive timelines over the whole question set', () => {
  const questions = parseQuestions(readFileSync(join(ROOT, 'examples/journal-questions.jsonl'), 'utf8'));

  it('every dated line is inside the range and in date order, and cites a source', async () => {
    let timelines = 0;
    let lines = 0;
    for (const q of questions) {
      const res = await engine.ask(q.question, { now: NOW, chat: null });
      if (!res.timeline) continue;
      timelines++;
      const dated = res.raw.split('\n').filter((l) => l.startsWith('- **'));
      const dates = dated.map((l) => {
        const m = /^- \*\*(.+?)\*\* — .* (\[\[[^\]]+\]\])$/.exec(l);
        expect(m, `${q.id}: ${l}`).not.toBeNull();
        const day = DAYS.get(m![1]!);
        expect(day, `${q.id}: ${m![1]}`).toBeDefined();
        expect(res.segments.some((s) => s.kind === 'citation' && s.raw === m![2])).toBe(true);
        return day!;
      });
      expect(dates, q.id).toEqual([...dates].sort((a, b) => a - b));
      const t = res.timeline;
      if (t.start !== undefined && t.end !== undefined) {
        const firstDay = new Date(t.start);
        const startDay = new Date(firstDay.getFullYear(), firstDay.getMonth(), firstDay.getDate()).getTime();
        for (const d of dates) expect(d >= startDay && d < t.end, `${q.id}: ${new Date(d).toDateString()} outside ${t.text}`).toBe(true);
      }
      if (q.range) {
        const start = new Date(`${q.range.start}T00:00:00`).getTime();
        const end = new Date(`${q.range.end}T00:00:00`).getTime();
        for (const d of dates) expect(d >= start && d < end, `${q.id} outside its gold range`).toBe(true);
      }
      expect(res.segments.filter((s) => s.kind === 'bad-citation'), q.id).toHaveLength(0);
      lines += dated.length;
    }
    // The set's period, evolution and first/last questions, and the time-scoped ones read as periods.
    expect(timelines).toBeGreaterThanOrEqual(45);
    expect(lines).toBeGreaterThan(200);
  });
});

describe('timeline words', () => {
  it('writes dates the French way, with « 1er »', () => {
    expect(dayInWords(new Date(2025, 2, 3).getTime(), 'fr')).toBe('3 mars 2025');
    expect(dayInWords(new Date(2025, 2, 1).getTime(), 'fr')).toBe('1er mars 2025');
    expect(dayInWords(new Date(2025, 2, 1).getTime(), 'en')).toBe('1 March 2025');
    expect(periodInWords(new Date(2025, 2, 1).getTime(), new Date(2025, 3, 1).getTime(), 'fr')).toBe('entre le 1er et le 31 mars 2025');
    expect(periodInWords(new Date(2024, 11, 23).getTime(), new Date(2025, 0, 6).getTime(), 'en')).toBe('between 23 December 2024 and 5 January 2025');
    expect(periodInWords(new Date(2025, 2, 12).getTime(), new Date(2025, 2, 13).getTime(), 'fr')).toBe('le 12 mars 2025');
  });

  it('says how many entries the period had and how many are shown', () => {
    expect(timelineSummary({ intent: 'period', total: 42, shown: 12 }, 'fr')).toBe('42 entrées dans la période, 12 montrées');
    expect(timelineSummary({ intent: 'evolution', total: 1, shown: 1 }, 'en')).toBe('1 entry about this topic, 1 shown');
    expect(intentHeader('period', { intent: 'period', total: 42, shown: 12 }, 'en')).toBe('Intent: period (42 entries in the period, 12 shown)');
    expect(intentHeader(undefined, undefined, 'fr')).toBe('Intention : fait');
  });
});
