import { describe, expect, it } from 'vitest';
import { safeFileWords } from '../../../src/plugin/conversations/file-name';
import { formatTurn, parseConversation, formatConversationHeader } from '../../../src/plugin/conversations/conversation-note';
import { liveConstructs } from '../../reliability/support/live-constructs';

describe('conversation file names', () => {
  it('never split a surrogate pair, and drop control, format and bidi characters', () => {
    const emoji = '😀'.repeat(70);
    const cut = safeFileWords(emoji, 60);
    expect(Array.from(cut)).toHaveLength(60);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(cut)).toBe(false);
    expect(safeFileWords('Quel\u202Efdp.exe\u200B budget\u0007 ?\u2066x\u2069', 60)).toBe('Quel fdp.exe budget x');
    expect(safeFileWords('../../etc/passwd [[a|b]] #tag ^id %%', 60)).toBe('etc passwd a b tag id');
    expect(safeFileWords('fin... ', 60)).toBe('fin');
  });
});

describe('source paths written into conversation notes', () => {
  it('a path with ]] or | stays inside its link and reads back as the same path', () => {
    const sources = [
      { path: 'Dossier/a]]b|c.md', title: 'a]]b|c', heading: 'H', line: 3 },
      { path: 'Notes/ordinaire.md', title: 'ordinaire', line: 0 },
      { path: 'x#y^z.md', title: 'x#y^z' },
    ];
    const text = formatConversationHeader({ date: '2025-01-01T00:00:00Z', model: 'm', endpoint: 'e' }) + formatTurn({ question: 'q', answer: 'a', sources }, { question: 'Question', sources: 'Sources' });
    const body = text.replace(/^---[\s\S]*?---\n/, '');
    expect(liveConstructs(body, new Set(['Notes/ordinaire']))).toEqual([
      { kind: 'link', detail: 'Dossier/a%5D%5Db%7Cc.md#H' },
      { kind: 'link', detail: 'x%23y%5Ez.md' },
    ]);
    const back = parseConversation(text)!;
    expect(back.turns[0]!.sources.map((s) => [s.path, s.heading ?? null, s.line ?? null])).toEqual([
      ['Dossier/a]]b|c.md', 'H', 3],
      ['Notes/ordinaire.md', null, 0],
      ['x#y^z.md', null, null],
    ]);
  });
});
