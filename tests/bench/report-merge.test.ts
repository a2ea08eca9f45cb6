import { describe, expect, it } from 'vitest';
import { mergeReport, regionText } from '../../bench/report-merge';
import { renderReport } from '../../bench/report';

const file = [
  regionText('summary', '# Benchmarks\n\nold summary'),
  '',
  regionText('embed', '## 1. Embedding\n\nold embed'),
  '',
  regionText('howto', '## How to run\n\nold howto'),
  '',
  '## Start-up, before and after (hand-written, 2026-12-08)',
  '',
  'figures no run reproduces',
  '<!-- time-bench: start -->',
  'time section',
  '<!-- time-bench: end -->',
  '',
].join('\n');

describe('mergeReport', () => {
  it('replaces the regions it has bodies for and keeps every other line', () => {
    const merged = mergeReport(file, [
      { name: 'summary', body: null },
      { name: 'embed', body: '## 1. Embedding\n\nnew embed' },
      { name: 'howto', body: '## How to run\n\nnew howto' },
    ]);
    expect(merged).toContain('old summary');
    expect(merged).toContain('new embed');
    expect(merged).not.toContain('old embed');
    expect(merged).toContain('new howto');
    expect(merged).toContain('figures no run reproduces');
    expect(merged).toContain('<!-- time-bench: start -->\ntime section\n<!-- time-bench: end -->');
  });

  it('places a region the file lacks after the one before it, in report order', () => {
    const merged = mergeReport(file, [
      { name: 'summary', body: null },
      { name: 'embed', body: null },
      { name: 'startup', body: '## 1c. Loading main.js' },
      { name: 'howto', body: null },
    ]);
    const order = ['old summary', 'old embed', '## 1c. Loading main.js', 'old howto', 'figures no run reproduces'].map((x) => merged.indexOf(x));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('is stable: merging the same regions twice gives the same file', () => {
    const regions = [{ name: 'embed', body: '## 1. Embedding\n\nnew' }, { name: 'startup', body: '## 1c' }];
    const once = mergeReport(file, regions);
    expect(mergeReport(once, regions)).toBe(once);
  });
});

describe('renderReport regions', () => {
  it('a partial run on a fresh checkout has bodies only for what it ran, and keeps the committed sections', () => {
    const { regions } = renderReport({ sections: {} });
    const withBody = regions.filter((r) => r.body !== null).map((r) => r.name);
    expect(withBody).toEqual(['howto']);
    expect(regions.map((r) => r.name)).toEqual(['summary', 'embed', 'browser', 'startup', 'index', 'incremental', 'query', 'cold', 'howto']);
  });
});

describe('the committed BENCHMARKS.md', () => {
  it('loses nothing but its how-to-run region to a partial run with no results', async () => {
    const { readFile } = await import('node:fs/promises');
    const committed = await readFile(new URL('../../BENCHMARKS.md', import.meta.url), 'utf8');
    const merged = mergeReport(committed, renderReport({ sections: {} }).regions);
    const strip = (text: string) => text.replace(/<!-- bench:howto -->[\s\S]*?<!-- \/bench:howto -->/, '');
    expect(strip(merged)).toBe(strip(committed));
    for (const heading of committed.split('\n').filter((l) => l.startsWith('## '))) expect(merged).toContain(heading);
  });
});
