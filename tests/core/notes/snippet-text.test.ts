import { describe, expect, it } from 'vitest';
import { snippetInline, snippetPlainText, snippetSpans } from '../../../src/core/notes/snippet-text';

describe('snippetSpans', () => {
  it('reads links as their display text and keeps emphasis as emphasis', () => {
    const spans = snippetSpans('Avec [[Camille Renaud|Camille]] et [[Projets/Projet 20#Objectifs]], voir [le site](https://example.org) : **Fraîcheur** et *vite*.');
    expect(snippetPlainText(spans)).toBe('Avec Camille et Projet 20 › Objectifs, voir le site : Fraîcheur et vite.');
    expect(spans.find((s) => s.strong)).toEqual({ text: 'Fraîcheur', strong: true });
    expect(spans.find((s) => s.em)).toEqual({ text: 'vite', em: true });
    expect(JSON.stringify(spans)).not.toContain('example.org');
  });

  it('drops list, quote and heading markers, and collapses lines into one', () => {
    const text = snippetPlainText(snippetSpans('## Étapes\n\n1. **Lire** les notes\n2. Indexer\n\n> Une citation\n> sur deux lignes'));
    expect(text).toBe('Étapes Lire les notes Indexer Une citation sur deux lignes');
  });

  it('keeps HTML and embeds as inert text, images as their alt text, code as code', () => {
    const spans = snippetSpans('<img src=x onerror=alert(1)> ![[photo.png]] ![un chat](https://cdn.example/chat.png) `npm test`');
    expect(snippetPlainText(spans)).toBe('<img src=x onerror=alert(1)> photo.png un chat npm test');
    expect(spans.at(-1)).toEqual({ text: 'npm test', code: true });
    expect(JSON.stringify(spans)).not.toContain('cdn.example');
  });

  it('drops the checkboxes of tasks', () => {
    expect(snippetPlainText(snippetSpans('- [x] Lire le coffre\n- [ ] Écrire le prompt'))).toBe('Lire le coffre Écrire le prompt');
  });

  it('cuts at the limit with an ellipsis', () => {
    const text = snippetPlainText(snippetSpans('mot '.repeat(200), 50));
    expect(text.length).toBeLessThanOrEqual(51);
    expect(text.endsWith('…')).toBe(true);
  });

  it('an alias or heading made of markdown syntax stays text', () => {
    expect(snippetPlainText(snippetSpans('[[note|**gras**]] [[a#*b*]]'))).toBe('**gras** a › *b*');
  });
});

describe('snippetInline', () => {
  it('gives the safe renderer nested nodes for each span, with the same text', () => {
    const spans = snippetSpans('Voir [[Camille Renaud|Camille]] : **Fraîcheur** et *`code` penché*, ![image](https://x.example/a.png)');
    const nodes = snippetInline(spans);
    expect(nodes).toEqual([
      { type: 'text', text: 'Voir Camille : ' },
      { type: 'strong', children: [{ type: 'text', text: 'Fraîcheur' }] },
      { type: 'text', text: ' et ' },
      { type: 'em', children: [{ type: 'code', text: 'code' }] },
      { type: 'em', children: [{ type: 'text', text: ' penché' }] },
      { type: 'text', text: ', image' },
    ]);
    const text = (n: (typeof nodes)[number]): string => ('children' in n ? n.children.map(text).join('') : 'text' in n ? n.text : '');
    expect(nodes.map(text).join('')).toBe(snippetPlainText(spans));
  });
});
