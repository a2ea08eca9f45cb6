import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { citationSlots } from '../../../src/core/render/citation-slots';
import { safeTree, type SafeBlock, type SafeInline } from '../../../src/core/render/safe-tree';

function text(nodes: readonly (SafeBlock | SafeInline)[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'text' || n.type === 'code') return n.text;
      if (n.type === 'citation') return `{${n.index}}`;
      if (n.type === 'list') return n.items.map(text).join('|');
      if (n.type === 'table') return [...n.head, ...n.rows.flat()].map(text).join('|');
      if (n.type === 'callout') return `${n.kind}:${text(n.title)}/${text(n.children)}`;
      return 'children' in n ? text(n.children) : '';
    })
    .join('');
}

describe('safeTree', () => {
  it('keeps structure: paragraphs, emphasis, headings, lists, quotes, tables, code', () => {
    const tree = safeTree('# T\n\n**b** *i* ~~s~~ `c`\n\n- a\n- b\n\n> q\n\n| h |\n|:-:|\n| d |\n\n```js\nx\n```');
    expect(tree.map((b) => b.type)).toEqual(['heading', 'paragraph', 'list', 'quote', 'table', 'code']);
    expect(tree[1]).toMatchObject({ children: [{ type: 'strong' }, { type: 'text' }, { type: 'em' }, { type: 'text' }, { type: 'del' }, { type: 'text' }, { type: 'code', text: 'c' }] });
    expect(tree[2]).toMatchObject({ type: 'list', ordered: false, items: [[{ type: 'paragraph', tight: true }], [{ type: 'paragraph', tight: true }]] });
    expect(tree[4]).toMatchObject({ type: 'table', align: ['center'] });
    expect(tree[5]).toEqual({ type: 'code', text: 'x\n', language: 'js' });
  });

  it('shows images, links, autolinks, raw HTML and entities as the text the model wrote', () => {
    const md = '![a](http://h/p.png "t") [l](javascript:x) <http://h/a> <img src=x onerror=y> &lt;b&gt; ![[http://h/e.png]]';
    const tree = safeTree(md);
    expect(tree).toHaveLength(1);
    expect(text(tree)).toBe('![a](http://h/p.png "t") [l](javascript:x) <http://h/a> <img src=x onerror=y> <b> ![[http://h/e.png]]');
    expect(JSON.stringify(tree)).not.toMatch(/"type":"(image|link|html)/);
  });

  it('reads callouts: type, fold, title and body', () => {
    const [callout] = safeTree('> [!Warning]- Attention *ici*\n> corps\n>\n> suite');
    expect(callout).toMatchObject({ type: 'callout', kind: 'warning', fold: '-' });
    expect(text([callout!])).toBe('warning:Attention ici/corpssuite');
  });

  it('a callout type that is not a plain name is text', () => {
    expect(safeTree('> [!x" onclick="y] t')[0]).toMatchObject({ type: 'quote' });
  });

  it('resolves citation slots wherever they land; in code they are the raw text', () => {
    const segments = [
      { kind: 'text' as const, text: '| a |\n|---|\n| ' },
      { kind: 'citation' as const, raw: '[[A]]' },
      { kind: 'text' as const, text: ' |\n\n`' },
      { kind: 'citation' as const, raw: '[[B]]' },
      { kind: 'text' as const, text: '` [x](' },
      { kind: 'bad-citation' as const, raw: '[[C]]' },
      { kind: 'text' as const, text: ')' },
    ];
    const slots = citationSlots(segments);
    expect(text(safeTree(slots.markdown, slots))).toBe('a|{1}[[B]] [x]({5})');
  });

  it('never shows a placeholder and never loses a citation (property)', () => {
    const piece = fc.constantFrom('a', ' ', '\n', '\n\n', '`', '```', '~~~', '*', '_', '[', ']', '(', ')', '!', '<', '>', '|', '-', '1.', '> ', '#', '&lt;', '\\', '    ');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.array(piece, { maxLength: 12 }).map((p) => ({ kind: 'text' as const, text: p.join('') })), fc.constant({ kind: 'citation' as const, raw: '[[N]]' })), { maxLength: 10 }), (segments) => {
        const slots = citationSlots(segments, '0123456789ab');
        const shown = text(safeTree(slots.markdown, slots));
        expect(shown).not.toContain('AVSLOT');
        const expected = segments.filter((s) => s.kind === 'citation').length;
        const found = (shown.match(/\{\d+\}/g) ?? []).length + (shown.match(/\[\[N\]\]/g) ?? []).length;
        expect(found).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('bounds nesting: 10,000 nested quotes parse, deep markers become text', () => {
    const tree = safeTree(`${'> '.repeat(10_000)}fond`);
    let depth = 0;
    let node: SafeBlock | undefined = tree[0];
    while (node?.type === 'quote') {
      depth++;
      node = node.children[0];
    }
    expect(depth).toBeLessThanOrEqual(24);
    expect(text(tree)).toContain('fond');
  });
});
