// Hostile and huge inputs: the parser must finish without pathological slowdown and stay correct.
import { describe, expect, test } from 'vitest';
import { decodeNote, parseNote } from '../../../src/core/notes';

function timed<T>(f: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = f();
  return { value, ms: performance.now() - started };
}

const paragraph =
  "Une collègue a lu [[Projet 20 - Créer un POC d'un RAG]] et m'a lancé : « Et si tu entraînais plutôt ton propre modèle ? ». #rag\n";

describe('size', () => {
  test('a 5 MB note parses without a pathological slowdown', () => {
    const section = `## Section\n\n${paragraph.repeat(20)}\n`;
    const text = section.repeat(Math.ceil((5 * 1024 * 1024) / section.length));
    const decoded = decodeNote(new TextEncoder().encode(text));
    expect(decoded.ok).toBe(true);
    const { value: note, ms } = timed(() => parseNote('big.md', decoded.ok ? decoded.text : '', 'h'));
    // Hang guard, not a benchmark: only catches pathological (minutes-long) behaviour on a loaded CI machine.
    expect(ms).toBeLessThan(30_000);
    const sections = Math.ceil((5 * 1024 * 1024) / section.length);
    expect(note.headings).toHaveLength(sections);
    expect(note.links).toHaveLength(sections * 20);
    expect(note.tags).toEqual(['rag']);
    const last = note.links[note.links.length - 1];
    expect(note.lines[last.line]).toContain('[[Projet 20');
  });

  test('a 5 MB single line parses', () => {
    const { value: note, ms } = timed(() => parseNote('line.md', 'mot [[x]] '.repeat(500_000), 'h'));
    // Hang guard, not a benchmark: only catches pathological (minutes-long) behaviour on a loaded CI machine.
    expect(ms).toBeLessThan(30_000);
    expect(note.links).toHaveLength(500_000);
    expect(note.lines).toHaveLength(1);
  });

  test('10,000 links in one paragraph, with exact lines', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `Voir [[Note ${i}|n${i}]] et [m${i}](Note%20${i}.md)`).join('\n');
    const { value: note, ms } = timed(() => parseNote('links.md', text, 'h'));
    // Hang guard, not a benchmark: only catches pathological (minutes-long) behaviour on a loaded CI machine.
    expect(ms).toBeLessThan(18_000);
    expect(note.links).toHaveLength(20_000);
    expect(note.links[19_998]).toEqual({ kind: 'wikilink', target: 'Note 9999', alias: 'n9999', line: 9999 });
    expect(note.links[19_999]).toEqual({ kind: 'markdown', target: 'Note 9999.md', alias: 'm9999', line: 9999 });
  });
});

describe('nesting', () => {
  test.each([
    ['100,000 nested quotes', `${'>'.repeat(100_000)} [[profond]]\n\n# Après\n[[après]]`],
    ['1,000 nested list levels', `${Array.from({ length: 1_000 }, (_, i) => `${'  '.repeat(i)}- [[niveau ${i}]]`).join('\n')}\n\n# Après\n[[après]]`],
    ['50,000 list markers on a line', `${'- '.repeat(50_000)}x\n\n# Après\n[[après]]`],
    ['quotes and lists interleaved', `${'> - '.repeat(20_000)}x\n\n# Après\n[[après]]`],
  ])('%s: finishes and still sees what follows', (_name, text) => {
    const { value: note, ms } = timed(() => parseNote('deep.md', text, 'h'));
    // Hang guard, not a benchmark: only catches pathological (minutes-long) behaviour on a loaded CI machine.
    expect(ms).toBeLessThan(30_000);
    expect(note.headings.map((h) => h.text)).toEqual(['Après']);
    expect(note.links.map((l) => l.target)).toContain('après');
  });
});

describe('pathological inline syntax stays linear', () => {
  test.each([
    ['unclosed wikilink openers', '[['.repeat(100_000)],
    ['nested brackets', `${'['.repeat(100_000)}a${']'.repeat(100_000)}`],
    ['unclosed embeds', '![['.repeat(50_000)],
    ['many backtick runs of growing length', Array.from({ length: 2000 }, (_, i) => '`'.repeat(i % 300)).join(' x ')],
    ['tag-dense text', ' #a'.repeat(200_000)],
    ['hash runs', '#'.repeat(300_000)],
    ['carets', ' ^'.repeat(300_000)],
    ['emphasis soup', '*a **b _c '.repeat(30_000)],
    ['link destinations never closed', '[a](b '.repeat(100_000)],
  ])('%s', (_name, text) => {
    const { ms } = timed(() => parseNote('p.md', text, 'h'));
    // Hang guard, not a benchmark: only catches pathological (minutes-long) behaviour on a loaded CI machine.
    expect(ms).toBeLessThan(30_000);
  });

  test('tag-dense text lists each tag once', () => {
    expect(parseNote('t.md', ' #a #b'.repeat(100_000), 'h').tags).toEqual(['a', 'b']);
  });
});

describe('odd characters', () => {
  test('emoji, zero-width, RTL and combining marks', () => {
    const text = '# 🚀 Décollage \u200d👩‍💻\n\u202eטקסט [[🚀 Fusée]] #fusée🚀 ^id-1\nZ\u0351\u0352\u0353algo [[a\u200bb]]';
    const note = parseNote('e.md', text, 'h');
    expect(note.headings[0].text).toBe('🚀 Décollage \u200d👩‍💻');
    expect(note.links.map((l) => l.target)).toEqual(['🚀 Fusée', 'a\u200bb']);
    expect(note.tags).toEqual(['fusée']);
    expect(note.blockIds).toEqual([{ id: 'id-1', line: 1 }]);
  });

  test('NUL and other controls in text do not break parsing', () => {
    const note = parseNote('c.md', 'a\u0000b [[x\u0001y]] \u0007 #t', 'h');
    expect(note.links).toHaveLength(1);
    expect(note.tags).toEqual(['t']);
  });

  test('lone surrogates', () => {
    const note = parseNote('s.md', '\ud800 [[a\udc00]] #b\ud83d', 'h');
    expect(note.links).toHaveLength(1);
    expect(note.tags).toEqual(['b']);
  });
});
