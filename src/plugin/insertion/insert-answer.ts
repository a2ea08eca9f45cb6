// Puts an answer into the editor as one transaction, so a single undo takes all of it back: the
// text (with footnote references) after the cursor or after the selected question, and the
// footnote definitions at the end of the note.
import type { Editor, EditorChange, EditorPosition } from 'obsidian';
import type { AnswerSegment } from '../../core/engine-types';
import { answerWithFootnotes, nextFootnoteNumber, type LinktextFor } from './footnotes';

export type AnswerEditor = Pick<Editor, 'getValue' | 'getCursor' | 'somethingSelected' | 'lastLine' | 'getLine' | 'transaction'>;

export function insertAnswer(editor: AnswerEditor, segments: readonly AnswerSegment[], linktext: LinktextFor): void {
  const doc = editor.getValue();
  const { body, definitions } = answerWithFootnotes(segments, { firstNumber: nextFootnoteNumber(doc), linktext });
  if (!body && definitions.length === 0) return;

  // With a selection (the question), the answer goes after it and the question stays. Blank lines
  // set it apart from the text around, so it is a paragraph of its own.
  const at = editor.getCursor('to');
  const last = editor.lastLine();
  const line = editor.getLine(at.line);
  const filled = (n: number) => n >= 0 && n <= last && editor.getLine(n).trim() !== '';
  const lead = editor.somethingSelected() || line.slice(0, at.ch).trim() ? '\n\n' : filled(at.line - 1) ? '\n' : '';
  const trail = line.slice(at.ch).trim() ? '\n\n' : filled(at.line + 1) ? '\n' : '';
  const text = `${lead}${body}${trail}`;

  const end: EditorPosition = { line: last, ch: editor.getLine(last).length };
  const footnotes = definitions.join('\n');
  let changes: EditorChange[];
  if (!footnotes) changes = [{ from: at, text }];
  else if (samePosition(at, end)) changes = [{ from: at, text: `${text}\n\n${footnotes}\n` }];
  else changes = [{ from: at, text }, { from: end, text: `${doc.endsWith('\n') ? '\n' : '\n\n'}${footnotes}\n` }];
  editor.transaction({ changes });
}

function samePosition(a: EditorPosition, b: EditorPosition): boolean {
  return a.line === b.line && a.ch === b.ch;
}
