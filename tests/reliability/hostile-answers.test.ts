// Hostile answers, in process: every answer of the corpus (hand-written tricks + generated
// combinations) through the allow-list tree the panel renders from and through the neutraliser
// that writes notes. The same corpus runs in the real main.js in Chromium in
// tests/e2e/hostile-answers-browser.test.ts.
import { describe, expect, it } from 'vitest';
import { checkCitations } from '../../src/core/answer/citations';
import { citationSlots } from '../../src/core/render/citation-slots';
import { safeTree, type SafeBlock, type SafeInline } from '../../src/core/render/safe-tree';
import { answerAsNoteMarkdown } from '../../src/core/render/answer-note';
import type { SearchResult } from '../../src/core/types';
import { armed, hostileAnswers } from './support/hostile-answers';
import { liveConstructs } from './support/live-constructs';
import { recordTrials } from './support/trials';

const SOURCES: SearchResult[] = [
  { chunkId: 'p#0', path: 'Cuisine/Pain au levain.md', title: 'Pain au levain', headingPath: ['Recette'], heading: 'Recette', lines: [1, 4], text: 'levain', score: 1, source: 'lexical', why: '' },
];
const URL = 'http://127.0.0.1:9/leak';
const JS = 'window.__ran=(window.__ran||0)+1';
const ANSWERS = hostileAnswers(220).map((a) => ({ ...a, text: armed(a.text, URL, JS) }));

const INLINE_TYPES = new Set(['text', 'code', 'em', 'strong', 'del', 'br', 'citation']);
const BLOCK_TYPES = new Set(['paragraph', 'heading', 'quote', 'callout', 'list', 'code', 'rule', 'table']);

/** Every node of the tree, in order: visible text, code text, citation slots. */
function flatten(blocks: readonly SafeBlock[]) {
  const out = { text: '', code: '', slots: [] as number[], types: new Set<string>() };
  const inline = (nodes: readonly SafeInline[]) => {
    for (const n of nodes) {
      out.types.add(`inline:${n.type}`);
      if (!INLINE_TYPES.has(n.type)) throw new Error(`inline node outside the allow-list: ${n.type}`);
      if (n.type === 'text') out.text += n.text;
      else if (n.type === 'code') out.code += n.text;
      else if (n.type === 'citation') out.slots.push(n.index);
      else if ('children' in n) inline(n.children);
    }
  };
  const block = (nodes: readonly SafeBlock[]) => {
    for (const b of nodes) {
      out.types.add(`block:${b.type}`);
      if (!BLOCK_TYPES.has(b.type)) throw new Error(`block node outside the allow-list: ${b.type}`);
      if (b.type === 'paragraph' || b.type === 'heading') inline(b.children);
      else if (b.type === 'quote') block(b.children);
      else if (b.type === 'callout') {
        inline(b.title);
        block(b.children);
      } else if (b.type === 'list') b.items.forEach(block);
      else if (b.type === 'code') out.code += b.text;
      else if (b.type === 'table') [...b.head, ...b.rows.flat()].forEach(inline);
    }
  };
  block(blocks);
  return out;
}

describe('hostile answers (allow-list tree and neutralised notes)', () => {
  it(`renders ${ANSWERS.length} hostile answers to allow-listed nodes only, every citation resolved`, () => {
    let citations = 0;
    let inCode = 0;
    let placeholdersVisible = 0;
    const seen = new Set<string>();
    for (const answer of ANSWERS) {
      const { segments } = checkCitations(answer.text, SOURCES);
      const slots = citationSlots(segments, 'abcdef012345');
      const flat = flatten(safeTree(slots.markdown, slots));
      flat.types.forEach((t) => seen.add(t));
      if (/AVSLOT/.test(flat.text + flat.code)) placeholdersVisible++;
      // Each non-text segment is a citation node, or (inside code) the text the model wrote.
      segments.forEach((s, i) => {
        if (s.kind === 'text') return;
        citations++;
        if (flat.slots.includes(i)) return;
        inCode++;
        expect(flat.code, `${answer.name}: slot ${i} lost`).toContain(s.raw);
      });
    }
    expect(placeholdersVisible).toBe(0);
    expect(citations).toBeGreaterThan(ANSWERS.length / 2);
    // The corpus reaches every kind of node (so the allow-list is exercised, not just text).
    for (const t of ['block:table', 'block:callout', 'block:list', 'block:code', 'block:quote', 'block:heading', 'inline:code', 'inline:citation', 'inline:em']) {
      expect(seen, t).toContain(t);
    }
    recordTrials({
      guarantee: 'Hostile answers (allow-list tree)',
      trials: ANSWERS.length,
      faults: `${ANSWERS.length - 220} hand-written tricks + 220 generated combinations; ${citations} citations (${inCode} inside code as markdown-it reads it)`,
      lost: `nothing: 0 nodes outside the allow-list, 0 placeholders visible, 0 citations lost`,
      file: 'tests/reliability/hostile-answers.test.ts',
    });
  });

  it(`writes ${ANSWERS.length} hostile answers into notes with no live construct, verified citations still links`, () => {
    let live = 0;
    let links = 0;
    const examples: string[] = [];
    for (const answer of ANSWERS) {
      const { segments } = checkCitations(answer.text, SOURCES);
      const note = answerAsNoteMarkdown(segments);
      const found = liveConstructs(note, new Set(['Cuisine/Pain au levain', 'Cuisine/Pain au levain#Recette']));
      if (found.length && examples.length < 5) examples.push(`${answer.name}: ${JSON.stringify(found)}\n${note}`);
      live += found.length;
      const verified = segments.filter((s) => s.kind === 'citation').length;
      const written = (note.match(/\[\[Cuisine\/Pain au levain(#Recette)?\|/g) ?? []).length;
      // A verified citation that markdown-it reads as code is written as code, not as a link.
      expect(written, answer.name).toBeLessThanOrEqual(verified);
      links += written;
    }
    expect(examples).toEqual([]);
    expect(live).toBe(0);
    expect(links).toBeGreaterThan(ANSWERS.length / 2);
    recordTrials({
      guarantee: 'Hostile answers (neutralised note markdown)',
      trials: ANSWERS.length,
      faults: 'the same answers, written as a conversation note would hold them, read back by a permissive parser (raw HTML, bare URLs, wikilinks and embeds after escapes, Templater and Dataview triggers)',
      lost: `nothing: 0 live constructs (images, HTML, links, embeds, non-inert fences, inline queries, <%); ${links} verified citations kept as links`,
      file: 'tests/reliability/hostile-answers.test.ts',
    });
  });
});
