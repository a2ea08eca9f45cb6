import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerAsNoteMarkdown, wikilinkTo } from '../../../src/core/render/answer-note';
import { neutraliseMarkdown } from '../../../src/core/render/note-markdown';
import { safeTree, type SafeBlock, type SafeInline } from '../../../src/core/render/safe-tree';
import { liveConstructs } from '../../reliability/support/live-constructs';

function visible(nodes: readonly (SafeBlock | SafeInline)[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'text' || n.type === 'code') return n.text;
      if (n.type === 'list') return n.items.map(visible).join(' ');
      if (n.type === 'table') return [...n.head, ...n.rows.flat()].map(visible).join(' ');
      if (n.type === 'callout') return `${n.kind} ${visible(n.title)} ${visible(n.children)}`;
      return 'children' in n ? visible(n.children) : '';
    })
    .join(' ');
}
// The word joiner that breaks Templater's `<%` inside code is invisible.
const squash = (s: string) => s.replace(/[\s\u2060]+/g, '');

describe('neutraliseMarkdown', () => {
  it('escapes images, HTML, links, autolinks, embeds and Templater', () => {
    const out = neutraliseMarkdown('![a](http://h/p) <img src=x> [l](obsidian://x) <http://h> ![[e.png]] <% tp %> https://h/x');
    expect(liveConstructs(out, new Set())).toEqual([]);
    expect(out).not.toContain('<%');
    expect(squash(visible(safeTree(out)))).toBe(squash('![a](http://h/p) <img src=x> [l](obsidian://x) <http://h> ![[e.png]] <% tp %> https://h/x'));
  });

  it('gives code fences an inert language, the original name in a comment', () => {
    const out = neutraliseMarkdown('```dataviewjs\ndv.x()\n```\n\n```python\nprint(1)\n```');
    expect(out).toBe('%% code language: dataviewjs %%\n```text\ndv.x()\n```\n\n```python\nprint(1)\n```');
  });

  it('escapes inline queries (`= …`, `$= …`) and keeps other code spans', () => {
    const out = neutraliseMarkdown('a `$= dv.x()` b `= this.file` c `ok`');
    expect(liveConstructs(out, new Set())).toEqual([]);
    expect(out).toContain('`ok`');
    expect(squash(visible(safeTree(out)))).toBe(squash('a $= dv.x() b = this.file c ok'));
  });

  it('keeps lists, quotes, callouts, tables and headings as structure', () => {
    const md = '# T\n\n- a\n- b\n  1. c\n\n> [!note] Titre\n> corps\n\n| x | y |\n|---|--:|\n| 1 | `|` |';
    const out = neutraliseMarkdown(md);
    expect(safeTree(out).map((b) => b.type)).toEqual(safeTree(md).map((b) => b.type));
    expect(out).toContain('> [!note] Titre');
    expect(squash(visible(safeTree(out)))).toBe(squash(visible(safeTree(md))));
  });

  it('shows the same text as the original, and nothing live (property)', () => {
    const piece = fc.constantFrom('mot', ' ', '\n', '\n\n', '`', '``', '```', '~~~', '*', '**', '_', '[', ']', '(', ')', '![', '<', '>', '|', '- ', '1. ', '> ', '# ', '&lt;', '&amp;', '\\', '    ', '<%', '$=', '= ', 'http://h', '[[x]]', '%%', '==', '^', ':', '.', '~~', '{{');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const md = pieces.join('');
        const out = neutraliseMarkdown(md);
        expect(liveConstructs(out, new Set())).toEqual([]);
        // Obsidian hides the comment that names a fence's original language.
        const shown = out.replace(/%% code language: [\p{L}\p{N}_+#.?-]+ %%/gu, '');
        expect(squash(visible(safeTree(shown)))).toBe(squash(visible(safeTree(md))));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('answerAsNoteMarkdown', () => {
  it('verified citations stay links, unverified ones are code', () => {
    const out = answerAsNoteMarkdown([
      { kind: 'text', text: 'Voir ' },
      { kind: 'citation', raw: '[[A]]', path: 'F/A.md', heading: 'H', display: 'A › H' },
      { kind: 'text', text: ' et ' },
      { kind: 'bad-citation', raw: '[[= dv.x]]' },
    ]);
    expect(out).toBe('Voir [[F/A#H|A › H]] et ⚠︎ \\= dv.x (unverified)');
  });

  it('a path a wikilink cannot hold becomes an encoded markdown link', () => {
    expect(wikilinkTo('a]]b|c.md', undefined, 'x')).toBe('[x](a%5D%5Db%7Cc.md)');
    expect(liveConstructs(wikilinkTo('a]]b|c.md', undefined, '![x](y)'), new Set())).toEqual([{ kind: 'link', detail: 'a%5D%5Db%7Cc.md' }]);
  });
});
