// @vitest-environment happy-dom
// What the status bar says (locale-formatted counts, time left from the measured rate), and that
// a click on it opens the index status view.
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../../src/plugin/i18n';
import { EtaEstimator } from '../../../src/plugin/indexer/eta';
import type { IndexController, IndexerState } from '../../../src/plugin/indexer/index-controller';
import { IndexStatusBar } from '../../../src/plugin/indexer/status-bar';
import { statusText, statusTooltip } from '../../../src/plugin/indexer/status-text';

afterEach(() => setLanguage(null));

const progress = (notesDone: number, notesTotal: number, etaMs?: number) => ({
  phase: 'embed' as const, notesDone, notesTotal, chunksDone: 0, chunksTotal: 0, ...(etaMs !== undefined ? { etaMs } : {}),
});

describe('status text', () => {
  it('shows progress with locale-formatted counts and the time left', () => {
    setLanguage('fr');
    expect(statusText({ kind: 'indexing', progress: progress(120, 5000), etaMs: 180_000, full: true })).toBe('Indexation 120/5\u202f000 · 3 min');
    setLanguage('en');
    expect(statusText({ kind: 'indexing', progress: progress(120, 5000), etaMs: 180_000, full: true })).toBe('Indexing 120/5,000 · 3 min');
    expect(statusText({ kind: 'indexing', progress: progress(3, 10), full: false })).toBe('Indexing 3/10');
    expect(statusText({ kind: 'idle', notes: 1234 })).toBe('1,234 notes indexed');
    expect(statusText({ kind: 'loading-model', fraction: 0.456 })).toBe('Downloading the embedding model 45%');
    expect(statusTooltip({ kind: 'failed', message: 'disk full' })).toBe('Indexing failed: disk full');
  });
});

describe('EtaEstimator', () => {
  it('measures the rate once there is enough of it, and smooths the estimate', () => {
    let now = 0;
    const eta = new EtaEstimator(() => now);
    expect(eta.update(progress(0, 100))).toBeUndefined();
    now = 1_000;
    expect(eta.update(progress(10, 100))).toBeUndefined();
    now = 4_000;
    // 40 notes in 4 s: 60 left at 10 per second.
    expect(eta.update(progress(40, 100))).toBe(6_000);
    now = 5_000;
    // Raw 50 notes in 5 s → 5 s left; smoothed towards it.
    expect(eta.update(progress(50, 100))).toBeCloseTo(6_000 + 0.3 * (5_000 - 6_000));
    // The engine's own estimate is used when it has one.
    eta.reset();
    now = 10_000;
    expect(eta.update(progress(1, 100, 42_000))).toBe(42_000);
  });
});

describe('status bar item', () => {
  it('follows the indexer and opens the status view when clicked', () => {
    setLanguage('en');
    let listener: ((s: IndexerState) => void) | null = null;
    const fake = {
      state: { kind: 'idle', notes: 3 } as IndexerState,
      onChange(l: (s: IndexerState) => void) {
        listener = l;
        return () => (listener = null);
      },
    };
    const el = document.createElement('div');
    let clicks = 0;
    let visible = true;
    const bar = new IndexStatusBar(el, fake as unknown as IndexController, () => clicks++, () => visible);
    bar.load();
    expect(el.textContent).toBe('3 notes indexed');
    fake.state = { kind: 'indexing', progress: progress(2, 8), etaMs: 45_000, full: true };
    listener!(fake.state);
    expect(el.textContent).toBe('Indexing 2/8 · 45 s');
    expect(el.classList.contains('is-busy')).toBe(true);
    el.click();
    expect(clicks).toBe(1);
    visible = false;
    listener!(fake.state);
    expect(el.classList.contains('is-hidden')).toBe(true);
    bar.unload();
    expect(listener).toBeNull();
  });
});
