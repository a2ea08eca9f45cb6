import { describe, expect, it } from 'vitest';
import { paragraphAround } from '../../../src/core/journal/excerpt';

const doc = (s: string) => s.split('\n');

describe('paragraphAround', () => {
  it('returns the blank-line delimited paragraph, with 1-based lines', () => {
    const lines = doc("# Journal du jeudi 26 décembre 2024 à 15:03\n\nMontré [[Projet 20 - Créer un POC d'un RAG]] à Mehdi,\nqui me demande « et un modèle entraîné sur tes notes ? ».\nJ'écris ma réponse dans [[pre-training]].\n\nRien d'autre à signaler aujourd'hui.");
    expect(paragraphAround(lines, 4)).toEqual({
      text: "Montré [[Projet 20 - Créer un POC d'un RAG]] à Mehdi,\nqui me demande « et un modèle entraîné sur tes notes ? ».\nJ'écris ma réponse dans [[pre-training]].",
      lines: [3, 5],
    });
    expect(paragraphAround(lines, 2).lines).toEqual([3, 5]);
  });

  it('takes the list item holding the link, with its children only', () => {
    const lines = doc('- Projets\n  - avancé sur [[RAG]]\n    - chunks de 512 tokens\n    - trop longs\n  - lu un article\n- Cuisine');
    expect(paragraphAround(lines, 1)).toEqual({ text: '  - avancé sur [[RAG]]\n    - chunks de 512 tokens\n    - trop longs', lines: [2, 4] });
    expect(paragraphAround(lines, 0).lines).toEqual([1, 5]);
    expect(paragraphAround(lines, 5)).toEqual({ text: '- Cuisine', lines: [6, 6] });
  });

  it('keeps a list item’s continuation lines with it', () => {
    const lines = doc('- premier point\n- un point long qui continue\n  sur la ligne suivante avec [[RAG]]\n- dernier point');
    expect(paragraphAround(lines, 2)).toEqual({ text: '- un point long qui continue\n  sur la ligne suivante avec [[RAG]]', lines: [2, 3] });
  });

  it('gives a heading with the first paragraph of its section', () => {
    const lines = doc('## Lecture de [[Science4All]]\n\nUn épisode sur le RAG.\nTrès clair.\n\nAutre paragraphe.');
    expect(paragraphAround(lines, 0)).toEqual({ text: '## Lecture de [[Science4All]]\n\nUn épisode sur le RAG.\nTrès clair.', lines: [1, 4] });
    expect(paragraphAround(doc('## Seul [[X]]\n## Suivant'), 0)).toEqual({ text: '## Seul [[X]]', lines: [1, 1] });
  });

  it('does not cross headings, code fences, thematic breaks or the frontmatter', () => {
    expect(paragraphAround(doc('# A\ntexte [[X]]\n# B'), 1)).toEqual({ text: 'texte [[X]]', lines: [2, 2] });
    expect(paragraphAround(doc('```\ncode\n```\npara [[X]]\nsuite'), 3)).toEqual({ text: 'para [[X]]\nsuite', lines: [4, 5] });
    expect(paragraphAround(doc('avant\n---\naprès [[X]]'), 2)).toEqual({ text: 'après [[X]]', lines: [3, 3] });
    expect(paragraphAround(doc('---\nrelated: "[[X]]"\ntags: [a]\n---\nCorps du texte'), 1)).toEqual({ text: 'related: "[[X]]"\ntags: [a]', lines: [2, 3] });
    expect(paragraphAround(doc('---\nrelated: "[[X]]"\n---\nCorps [[Y]]'), 3)).toEqual({ text: 'Corps [[Y]]', lines: [4, 4] });
  });

  it('treats blank lines inside a code fence as part of it', () => {
    const lines = doc('```python\na = 1\n\nb = "[[X]]"\n```');
    expect(paragraphAround(lines, 3)).toEqual({ text: 'b = "[[X]]"', lines: [4, 4] });
  });

  it('bounds a long block around the link line', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `${String(i).padStart(2, '0')} ${'x'.repeat(96)}`);
    lines[15] = `15 voir [[RAG]] ${'y'.repeat(84)}`;
    const ex = paragraphAround(lines, 15);
    expect(ex.text.length).toBeLessThanOrEqual(1200);
    expect(ex.text).toContain('[[RAG]]');
    const [a, b] = ex.lines;
    expect(a).toBeLessThanOrEqual(16);
    expect(b).toBeGreaterThanOrEqual(16);
    expect(ex.text.split('\n')).toEqual(lines.slice(a - 1, b));
    expect(b - a + 1).toBeGreaterThanOrEqual(10);
    expect(paragraphAround(lines, 15, { maxChars: 300 }).text.length).toBeLessThanOrEqual(300);
  });

  it('cuts a single overlong line around the needle, at word boundaries', () => {
    const words = Array.from({ length: 900 }, (_, i) => `mot${i}`);
    words[600] = '[[pre-training]]';
    const line = words.join(' ');
    const ex = paragraphAround([line], 0, { maxChars: 200, needle: 'pre-training' });
    expect(ex.lines).toEqual([1, 1]);
    expect(ex.text.length).toBeLessThanOrEqual(200);
    expect(ex.text).toContain('[[pre-training]]');
    expect(ex.text.startsWith('…')).toBe(true);
    expect(ex.text.endsWith('…')).toBe(true);
    expect(ex.text.slice(1, -1).split(' ').every((w) => w === '[[pre-training]]' || /^mot\d+$/.test(w))).toBe(true);
  });

  it('returns an empty excerpt for a line out of range', () => {
    expect(paragraphAround(['a'], 5)).toEqual({ text: '', lines: [1, 1] });
    expect(paragraphAround([], 0)).toEqual({ text: '', lines: [1, 1] });
    expect(paragraphAround(['a'], -1)).toEqual({ text: '', lines: [1, 1] });
  });
});
