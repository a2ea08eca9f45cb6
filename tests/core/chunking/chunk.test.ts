import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { chunkNote, DEFAULT_CHUNK_TOKENS, estimateTokens, type TokenCounter } from '../../../src/core/chunking';
import { parseNote } from '../../../src/core/notes';
import type { Chunk, Note } from '../../../src/core/types';

const note = (text: string, path = 'Dossier/Note.md'): Note => parseNote(path, text, 'h');
const fixture = (name: string) => readFileSync(new URL(`../notes/fixtures/${name}`, import.meta.url), 'utf8');
// The user's real note is not copied into the repo; it lives in ../shared beside the clone (here and in CI).
const SEED = resolve(__dirname, '../../../../shared/seed/pre-training.txt');
/** A counter that is easy to reason about: one token per word. */
const words: TokenCounter = (t) => t.split(/\s+/).filter(Boolean).length;

function sentence(i: number): string {
  return `Phrase numéro ${i} qui parle du projet et de ses objectifs précis.`;
}

/** Every chunk's text is found, as written, on the lines it claims. */
function expectLinesMatch(n: Note, chunks: Chunk[]): void {
  for (const c of chunks) {
    const [a, b] = c.lines;
    expect(a).toBeGreaterThanOrEqual(1);
    expect(b).toBeGreaterThanOrEqual(a);
    expect(b).toBeLessThanOrEqual(n.lines.length);
    const written = n.lines.slice(a - 1, b).join('\n');
    expect(written).toContain(c.text);
    const textLines = c.text.split('\n');
    expect(n.lines[a - 1]).toContain(textLines[0]);
    expect(n.lines[b - 1]).toContain(textLines[textLines.length - 1]);
  }
}

describe('sections and heading paths', () => {
  const text = [
    '---',
    'tags: [a]',
    '---',
    'Intro avant tout titre.',
    '# A',
    'Texte A.',
    '## B',
    'Texte B.',
    '### C',
    'Texte C.',
    '## D',
    '## Vide',
    '# E',
    '',
    'Texte E.',
    '',
  ].join('\n');
  const n = note(text);
  const chunks = chunkNote(n, { targetTokens: 256 });

  test('one chunk per non-empty section, with the stack of enclosing headings', () => {
    expect(chunks.map((c) => [c.headingPath, c.text])).toEqual([
      [[], 'Intro avant tout titre.'],
      [['A'], 'Texte A.'],
      [['A', 'B'], 'Texte B.'],
      [['A', 'B', 'C'], 'Texte C.'],
      [['E'], 'Texte E.'],
    ]);
  });

  test('line ranges are 1-based, inclusive, and count the frontmatter', () => {
    expect(chunks.map((c) => c.lines)).toEqual([[4, 4], [6, 6], [8, 8], [10, 10], [15, 15]]);
    expectLinesMatch(n, chunks);
  });

  test('ids, paths and titles', () => {
    expect(chunks.map((c) => c.id)).toEqual([0, 1, 2, 3, 4].map((i) => `Dossier/Note.md#${i}`));
    expect(new Set(chunks.map((c) => c.title))).toEqual(new Set(['Note']));
    expect(new Set(chunks.map((c) => c.path))).toEqual(new Set(['Dossier/Note.md']));
  });

  test('embedText is title, heading path, blank line, text', () => {
    expect(chunks[0].embedText).toBe('Note\n\nIntro avant tout titre.');
    expect(chunks[3].embedText).toBe('Note\nA > B > C\n\nTexte C.');
  });

  test('tokens count the embedText', () => {
    for (const c of chunks) expect(c.tokens).toBe(estimateTokens(c.embedText));
    const byWords = chunkNote(n, { targetTokens: 256, countTokens: words });
    expect(byWords[3].tokens).toBe(words('Note\nA > B > C\n\nTexte C.'));
  });

  test('frontmatter is never chunk text', () => {
    expect(chunks.some((c) => c.text.includes('tags:'))).toBe(false);
    expect(chunkNote(note('---\naliases: [x]\n---\n'), { targetTokens: 256 })).toEqual([]);
  });

  test('a heading closes deeper and equal headings only', () => {
    const c = chunkNote(note('### Profond\nx\n# Haut\ny\n### Bas\nz\n## Milieu\nw'), { targetTokens: 256 });
    expect(c.map((k) => k.headingPath)).toEqual([['Profond'], ['Haut'], ['Haut', 'Bas'], ['Haut', 'Milieu']]);
  });
});

describe('sizes and boundaries', () => {
  test('a long paragraph is cut between sentences, never inside one', () => {
    const para = Array.from({ length: 60 }, (_, i) => sentence(i)).join(' ');
    const n = note(`# Titre\n${para}`);
    const chunks = chunkNote(n, { targetTokens: 64, countTokens: words });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.text).toMatch(/^Phrase numéro \d+ .*précis\.$/s);
      expect(c.tokens).toBeLessThanOrEqual(64);
    }
    expect(chunks.map((c) => c.text).join(' ')).toBe(para);
    expectLinesMatch(n, chunks);
  });

  test('sentences may span soft line breaks', () => {
    const n = note('Une phrase qui\ncontinue sur la ligne suivante. Puis une autre\nphrase ici.');
    const chunks = chunkNote(n, { targetTokens: 9, maxTokens: 18, countTokens: words });
    expect(chunks.map((c) => [c.text, c.lines])).toEqual([
      ['Une phrase qui\ncontinue sur la ligne suivante.', [1, 2]],
      ['Puis une autre\nphrase ici.', [2, 3]],
    ]);
  });

  test('only a sentence longer than maxTokens is cut, at word boundaries', () => {
    // Capitalised so ICU sees a sentence start after the previous full stop.
    const long = `${Array.from({ length: 300 }, (_, i) => `Mot${i}`).join(' ')}.`;
    const text = `${sentence(1)} ${long} ${sentence(2)}`;
    const chunks = chunkNote(note(text), { targetTokens: 50, maxTokens: 100, countTokens: words });
    expect(chunks[0].text).toBe(sentence(1));
    expect(chunks.length).toBeGreaterThanOrEqual(7);
    const allWords = new Set(text.split(' '));
    for (const c of chunks) {
      expect(c.tokens).toBeLessThanOrEqual(50);
      for (const w of c.text.split(' ')) expect(allWords.has(w)).toBe(true);
    }
    expect(chunks.map((c) => c.text).join(' ')).toBe(text);
    // The next sentence is whole; it may share a chunk with the tail of the cut one.
    expect(chunks[chunks.length - 1].text.endsWith(sentence(2))).toBe(true);
  });

  test('a sentence between target and maxTokens stays whole', () => {
    const long = `${Array.from({ length: 70 }, (_, i) => `Mot${i}`).join(' ')}.`;
    const chunks = chunkNote(note(`${sentence(1)} ${long} ${sentence(2)}`), { targetTokens: 50, countTokens: words });
    expect(chunks.map((c) => c.text)).toEqual([sentence(1), long, sentence(2)]);
  });

  test('a word longer than the budget is cut by characters without splitting emoji', () => {
    const blob = '🚀'.repeat(3000);
    const chunks = chunkNote(note(blob), { targetTokens: 100 });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.text).join('')).toBe(blob);
    for (const c of chunks) {
      expect(c.text).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
      expect(c.tokens).toBeLessThanOrEqual(200);
    }
  });

  test('blocks are packed up to the target and split between paragraphs', () => {
    const paras = Array.from({ length: 12 }, (_, i) => `${sentence(i)} ${sentence(i + 100)}`);
    const n = note(`# Section\n\n${paras.join('\n\n')}\n`);
    const chunks = chunkNote(n, { targetTokens: 60, countTokens: words });
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.tokens).toBeLessThanOrEqual(60);
      expect(c.text.startsWith('Phrase numéro')).toBe(true);
      expect(c.text.split('\n\n').every((p) => paras.includes(p))).toBe(true);
    }
    expect(chunks.flatMap((c) => c.text.split('\n\n'))).toEqual(paras);
    expectLinesMatch(n, chunks);
  });

  test('a long list is split between items', () => {
    const items = Array.from({ length: 40 }, (_, i) => `- élément ${i} de la liste avec du texte`);
    const n = note(`# Liste\n${items.join('\n')}`);
    const chunks = chunkNote(n, { targetTokens: 60, countTokens: words });
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.flatMap((c) => c.text.split('\n'))).toEqual(items);
    expectLinesMatch(n, chunks);
  });

  test('a quote of several paragraphs is split between them', () => {
    const parts = Array.from({ length: 8 }, (_, i) => `> ${sentence(i)} ${sentence(i + 50)}`);
    const n = note(parts.join('\n>\n'));
    const chunks = chunkNote(n, { targetTokens: 40, countTokens: words });
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.text.startsWith('> Phrase')).toBe(true);
    expectLinesMatch(n, chunks);
  });

  test('a code block above the target but within maxTokens stays whole', () => {
    const code = ['```python', ...Array.from({ length: 30 }, (_, i) => `x${i} = compute(${i})  # étape ${i}`), '```'].join('\n');
    const n = note(`# Code\nAvant.\n\n${code}\n\nAprès.`);
    const chunks = chunkNote(n, { targetTokens: 100, maxTokens: 400, countTokens: words });
    expect(chunks.map((c) => c.text)).toEqual(['Avant.', code, 'Après.']);
    expect(chunks[1].lines).toEqual([4, 35]);
  });

  test('a code block above maxTokens is split between lines', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `ligne_${i} = ${i}`);
    const n = note(['```', ...lines, '```'].join('\n'));
    const chunks = chunkNote(n, { targetTokens: 50, maxTokens: 100, countTokens: words });
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.map((c) => c.text).join('\n')).toBe(['```', ...lines, '```'].join('\n'));
    for (const c of chunks) expect(c.tokens).toBeLessThanOrEqual(50);
    expectLinesMatch(n, chunks);
  });

  test('a table above the target stays whole', () => {
    const table = ['| Approche | Coût | Efficacité |', '|---|---|---|', ...Array.from({ length: 15 }, (_, i) => `| m${i} | élevé |`)].join('\n');
    const chunks = chunkNote(note(`Intro.\n\n${table}\n\nFin.`), { targetTokens: 60, countTokens: words });
    expect(chunks.map((c) => c.text)).toEqual(['Intro.', table, 'Fin.']);
  });

  test('maxTokens defaults to twice the target', () => {
    const block = (n: number) => ['```', ...Array.from({ length: n }, (_, i) => `l${i}`), '```'].join('\n');
    expect(chunkNote(note(block(180)), { targetTokens: 100, countTokens: words })).toHaveLength(1);
    expect(chunkNote(note(block(260)), { targetTokens: 100, countTokens: words }).length).toBeGreaterThan(1);
  });

  test('a long heading path leaves at least half the target for text', () => {
    const heading = `# ${'très '.repeat(200)}long`;
    const n = note(`${heading}\n${Array.from({ length: 20 }, (_, i) => sentence(i)).join(' ')}`);
    const chunks = chunkNote(n, { targetTokens: 100, countTokens: words });
    for (const c of chunks) expect(words(c.text)).toBeLessThanOrEqual(50);
    expect(chunks.length).toBeGreaterThan(1);
  });

  test('the default target is 256 and is respected by the estimate', () => {
    expect(DEFAULT_CHUNK_TOKENS).toBe(256);
    const text = Array.from({ length: 30 }, (_, p) => Array.from({ length: 8 }, (_, i) => sentence(p * 10 + i)).join(' ')).join('\n\n');
    const chunks = chunkNote(note(text), { targetTokens: DEFAULT_CHUNK_TOKENS });
    for (const c of chunks) expect(c.tokens).toBeLessThanOrEqual(DEFAULT_CHUNK_TOKENS + 2);
  });

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects targetTokens %s', (target) => {
    expect(() => chunkNote(note('x'), { targetTokens: target })).toThrow(RangeError);
  });
});

describe('edge cases', () => {
  test.each([
    ['empty note', ''],
    ['only blank lines', '\n\n   \n\t\n'],
    ['only headings', '# A\n## B\n### C'],
    ['only a thematic break', '---\n\n***'],
  ])('%s gives no chunk', (_name, text) => {
    expect(chunkNote(note(text), { targetTokens: 256 })).toEqual([]);
  });

  test('CRLF and NFD input chunk like LF and NFC input', () => {
    const a = chunkNote(note('# Été\r\nUn texte\r\nsur deux lignes.\r\n'), { targetTokens: 256 });
    const b = chunkNote(note('# E\u0301te\u0301\nUn texte\nsur deux lignes.\n'), { targetTokens: 256 });
    expect(a).toEqual(b);
    expect(a[0].headingPath).toEqual(['Été']);
  });

  test('indentation of the first line is kept as written', () => {
    const chunks = chunkNote(note('    code indenté\n    suite'), { targetTokens: 256 });
    expect(chunks[0].text).toBe('    code indenté\n    suite');
  });

  test('a note parsed elsewhere (plain data, e.g. after a worker round trip) chunks the same', () => {
    const n = note(fixture('pre-training.md'), 'pre-training.md');
    const copy = structuredClone(n);
    expect(chunkNote(copy, { targetTokens: 64 })).toEqual(chunkNote(n, { targetTokens: 64 }));
  });

  test('deterministic: same note, same chunks and embedText hashes', () => {
    const text = fixture('pre-training.md');
    const run = () => chunkNote(note(text, 'pre-training.md'), { targetTokens: 64 }).map((c) => createHash('sha256').update(c.embedText).digest('hex'));
    expect(run()).toEqual(run());
  });
});

describe('journal-style French notes', () => {
  test('the markdown seed note: sections, ranges and links kept in text', () => {
    const n = note(fixture('pre-training.md'), 'pre-training.md');
    const chunks = chunkNote(n, { targetTokens: DEFAULT_CHUNK_TOKENS });
    expect(chunks.map((c) => c.headingPath)).toEqual([
      [],
      ['Les quatre approches'],
      ['Les quatre approches', 'Pré-entraînement'],
      ['Les quatre approches', 'Peaufinage'],
      ['Conclusion'],
    ]);
    expect(chunks[0].text.startsWith('Journaux liées à cette note :\n- [[Journal du jeudi 26 décembre 2024 à 15h03')).toBe(true);
    expect(chunks[0].lines).toEqual([6, 11]);
    expect(chunks[0].embedText.startsWith('pre-training\n\nJournaux liées')).toBe(true);
    expect(chunks[4].embedText.startsWith('pre-training\nConclusion\n\nAprès lecture')).toBe(true);
    expectLinesMatch(n, chunks);
  });

  test.skipIf(!existsSync(SEED))('the real exported seed note (no blank lines) is cut between sentences (skipped unless ../shared/seed/pre-training.txt is beside the repo)', () => {
    const n = note(readFileSync(SEED, 'utf8'), 'pre-training.md');
    const chunks = chunkNote(n, { targetTokens: 96 });
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks[0].text.startsWith('pre-training\nJournaux liées à cette note :')).toBe(true);
    for (const c of chunks) {
      expect(c.headingPath).toEqual([]);
      // A chunk ends where a line (block) ends, or else after a sentence.
      const lastLine = c.text.split('\n').pop()!;
      const atLineEnd = n.lines[c.lines[1] - 1].trimEnd().endsWith(lastLine);
      expect(atLineEnd || /[.!?…»"]$/u.test(c.text)).toBe(true);
    }
    expect(chunks.some((c) => !n.lines[c.lines[1] - 1].trimEnd().endsWith(c.text.split('\n').pop()!))).toBe(true);
    expectLinesMatch(n, chunks);
    const all = chunks.map((c) => c.text).join(' ').replace(/\s+/g, ' ');
    expect(all).toBe(n.lines.join(' ').replace(/\s+/g, ' ').trim());
  });
});

describe('performance', () => {
  test('a 5 MB note chunks without a pathological slowdown', () => {
    const para = Array.from({ length: 12 }, (_, i) => sentence(i)).join(' ');
    const section = `## Section\n\n${para}\n\n- point un [[Lien]]\n- point deux\n\n`;
    const n = note(section.repeat(Math.ceil((5 * 1024 * 1024) / section.length)), 'big.md');
    const started = performance.now();
    const chunks = chunkNote(n, { targetTokens: DEFAULT_CHUNK_TOKENS });
    // Hang guard, not a benchmark: only catches pathological (minutes-long) behaviour on a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(24_000);
    expect(chunks.length).toBeGreaterThan(5000);
  });

  test.each([
    ['one 5 MB line of words', 'mot '.repeat(1_300_000)],
    ['one 5 MB paragraph of sentences', `${sentence(1)} `.repeat(75_000)],
    ['one 5 MB word', 'x'.repeat(5_000_000)],
  ])('%s', (_name, text) => {
    const n = note(text, 'big.md');
    const started = performance.now();
    const chunks = chunkNote(n, { targetTokens: DEFAULT_CHUNK_TOKENS });
    // Hang guard, not a benchmark: only catches pathological (minutes-long) behaviour on a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(24_000);
    expect(chunks.length).toBeGreaterThan(1000);
    for (const c of chunks) expect(c.tokens).toBeLessThanOrEqual(2 * DEFAULT_CHUNK_TOKENS);
  });
});
