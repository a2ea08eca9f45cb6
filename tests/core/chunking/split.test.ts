import { describe, expect, test } from 'vitest';
import { sentenceRanges, wordPieces } from '../../../src/core/chunking/split';
import { CHARS_PER_TOKEN, estimateTokens } from '../../../src/core/chunking';

const pieces = (text: string, ranges: [number, number][]) => ranges.map(([a, b]) => text.slice(a, b));

describe('sentenceRanges', () => {
  test('French punctuation', () => {
    const text = 'Bonjour. Comment ça va ? Très bien ! Fin.';
    expect(pieces(text, sentenceRanges(text, 0, text.length, 'fr'))).toEqual(['Bonjour. ', 'Comment ça va ? ', 'Très bien ! ', 'Fin.']);
  });

  test('a line break inside a sentence is not a boundary', () => {
    const text = 'Une phrase qui\ncontinue. Une autre.';
    expect(pieces(text, sentenceRanges(text, 0, text.length, 'fr'))).toEqual(['Une phrase qui\ncontinue. ', 'Une autre.']);
  });

  test('respects the from/to bounds', () => {
    const text = 'Avant. Dedans un. Dedans deux. Après.';
    const from = text.indexOf('Dedans');
    const to = text.indexOf('Après');
    expect(pieces(text, sentenceRanges(text, from, to, 'fr'))).toEqual(['Dedans un. ', 'Dedans deux. ']);
  });

  test('windowed segmentation of long text equals segmenting it whole', () => {
    const sentences = Array.from({ length: 2000 }, (_, i) => `Phrase ${i} ${'mot '.repeat(i % 23)}fin.`);
    const text = sentences.join(' ');
    const ranges = sentenceRanges(text, 0, text.length, 'fr');
    expect(pieces(text, ranges).map((s) => s.trim())).toEqual(sentences);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1]);
    expect(ranges[0][0]).toBe(0);
    expect(ranges[ranges.length - 1][1]).toBe(text.length);
  });

  test('stays linear on a long paragraph (ICU alone is quadratic on long strings)', () => {
    const text = 'Une phrase assez longue pour tester la vitesse. '.repeat(40_000);
    const started = performance.now();
    const ranges = sentenceRanges(text, 0, text.length, 'fr');
    // Hang guard, not a benchmark: only catches pathological (minutes-long) behaviour on a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(18_000);
    expect(ranges).toHaveLength(40_000);
  });

  test('a window never splits a surrogate pair', () => {
    // The leading 'a' puts low surrogates at even offsets, where window edges fall.
    const text = `a${'🚀'.repeat(10_000)}`;
    const ranges = sentenceRanges(text, 0, text.length, 'fr');
    expect(pieces(text, ranges).join('')).toBe(text);
    const isLow = (i: number) => i < text.length && text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff;
    for (const [a, b] of ranges) expect(isLow(a) || isLow(b)).toBe(false);
  });
});

describe('wordPieces', () => {
  const count = (t: string) => t.split(/\s+/).filter(Boolean).length;

  test('packs whole words up to the budget and covers the range', () => {
    const text = 'un deux trois quatre cinq six sept';
    const out = wordPieces(text, 0, text.length, 3, count);
    expect(out.map((u) => text.slice(u.from, u.to))).toEqual(['un deux trois ', 'quatre cinq six ', 'sept']);
    expect(out.map((u) => u.tokens)).toEqual([3, 3, 1]);
  });

  test('a word over the budget is cut by characters', () => {
    const text = `a ${'x'.repeat(100)} b`;
    const out = wordPieces(text, 0, text.length, 10, estimateTokens);
    expect(out.map((u) => text.slice(u.from, u.to)).join('')).toBe(text);
    for (const u of out) expect(u.tokens).toBeLessThanOrEqual(10);
  });
});

describe('estimateTokens', () => {
  test.each([
    ['', 0],
    ['a', 1],
    ['abc', 1],
    ['abcd', 2],
    ['pré-entraînement', Math.ceil(16 / CHARS_PER_TOKEN)],
  ])('%j → %i', (text, expected) => {
    expect(estimateTokens(text)).toBe(expected);
  });

  test('never undercounts when text is split into parts', () => {
    const text = "Une collègue a lu le projet, puis m'a lancé : « Et si tu entraînais plutôt ton propre modèle ? ».";
    for (let cut = 0; cut <= text.length; cut += 7) {
      expect(estimateTokens(text.slice(0, cut)) + estimateTokens(text.slice(cut))).toBeGreaterThanOrEqual(estimateTokens(text));
    }
  });

  test('lands near 1.3–1.5 tokens per word on French prose', () => {
    const prose =
      "Tout bien pesé, entraîner soi-même un modèle me semble nettement moins rentable que d'interroger ses propres notes avec un RAG, du moins pour un premier prototype.";
    const ratio = estimateTokens(prose) / prose.split(/\s+/).length;
    expect(ratio).toBeGreaterThan(1.3);
    expect(ratio).toBeLessThan(2);
  });
});
