import { describe, expect, it } from 'vitest';
import type { AnswerSegment } from '../../../src/core/engine-types';
import { answerWithFootnotes, nextFootnoteNumber } from '../../../src/plugin/insertion/footnotes';
import { insertAnswer } from '../../../src/plugin/insertion/insert-answer';
import { TextEditor } from '../fakes/text-editor';

const cite = (path: string, heading?: string): AnswerSegment => ({ kind: 'citation', raw: `[[${path}]]`, path, ...(heading ? { heading } : {}), display: path });
const text = (t: string): AnswerSegment => ({ kind: 'text', text: t });
const linktext = (path: string) => path.replace(/\.md$/, '').split('/').pop()!;

const SEGMENTS: AnswerSegment[] = [
  text('Le POC cite ses sources '), cite('Projets/Projet 20.md', 'Objectifs'),
  text(' et sera montré en janvier '), cite('Projets/Projet 20.md', 'Calendrier'), cite('Projets/Projet 20.md', 'Calendrier'),
  text('. Camille l\'a demandé '), cite('Journal/2024-12-26.md'),
  text(' '), { kind: 'bad-citation', raw: '[[Note inventée]]', reason: 'no such note', code: 'no-such-note' } as AnswerSegment,
  text(' ; voir aussi '), cite('Projets/Projet 20.md', 'Objectifs'), text('.'),
];

describe('answerWithFootnotes', () => {
  it('numbers each cited passage once, in order of first citation, continuing after the note\'s own footnotes', () => {
    const out = answerWithFootnotes(SEGMENTS, { firstNumber: 3, linktext });
    expect(out.body).toBe('Le POC cite ses sources [^3] et sera montré en janvier [^4]. Camille l\'a demandé [^5] ⚠︎ `Note inventée` (unverified) ; voir aussi [^3].');
    expect(out.definitions).toEqual(['[^3]: [[Projet 20#Objectifs]]', '[^4]: [[Projet 20#Calendrier]]', '[^5]: [[2024-12-26]]']);
  });

  it('finds the next free footnote number', () => {
    expect(nextFootnoteNumber('Pas de notes.')).toBe(1);
    expect(nextFootnoteNumber('a[^1] b[^7]\n\n[^1]: x\n[^note]: y')).toBe(8);
  });
});

describe('insertAnswer', () => {
  it('puts the answer at the cursor and the footnotes at the end, in one transaction', () => {
    const editor = new TextEditor('# Titre\n\nIci : \n\nSuite.[^1]\n\n[^1]: Ancienne.\n', { from: '# Titre\n\nIci : '.length });
    insertAnswer(editor, SEGMENTS.slice(0, 2), linktext);
    expect(editor.transactions).toBe(1);
    expect(editor.getValue()).toBe('# Titre\n\nIci : \n\nLe POC cite ses sources [^2]\n\nSuite.[^1]\n\n[^1]: Ancienne.\n\n[^2]: [[Projet 20#Objectifs]]\n');
    editor.undo();
    expect(editor.getValue()).toBe('# Titre\n\nIci : \n\nSuite.[^1]\n\n[^1]: Ancienne.\n');
  });

  it('keeps the selected question and answers after it', () => {
    const doc = 'Où en est le projet ?';
    const editor = new TextEditor(doc, { from: 0, to: doc.length });
    insertAnswer(editor, SEGMENTS.slice(0, 2), linktext);
    expect(editor.transactions).toBe(1);
    expect(editor.getValue()).toBe('Où en est le projet ?\n\nLe POC cite ses sources [^1]\n\n[^1]: [[Projet 20#Objectifs]]\n');
  });

  it('inserts nothing for an empty answer', () => {
    const editor = new TextEditor('x');
    insertAnswer(editor, [], linktext);
    expect(editor.transactions).toBe(0);
  });
});
