import { describe, expect, test } from 'vitest';
import { parseFrontmatter, parseNote, splitFrontmatter } from '../../../src/core/notes';

const note = (text: string) => parseNote('Notes/Test.md', text, 'hash');

describe('splitFrontmatter', () => {
  test.each([
    ['fenced block', ['---', 'a: 1', '---', 'body'], { yaml: 'a: 1', bodyStart: 3 }],
    ['empty block', ['---', '---', 'body'], { yaml: '', bodyStart: 2 }],
    ['trailing spaces on fences', ['--- ', 'a: 1', '---  ', 'body'], { yaml: 'a: 1', bodyStart: 3 }],
    ['no frontmatter', ['# Titre', '---', 'x'], { yaml: null, bodyStart: 0 }],
    ['unclosed fence is body', ['---', 'a: 1', 'body'], { yaml: null, bodyStart: 0 }],
    ['fence not on first line', ['', '---', 'a: 1', '---'], { yaml: null, bodyStart: 0 }],
    ['lone fence', ['---'], { yaml: null, bodyStart: 0 }],
  ])('%s', (_name, lines, expected) => {
    expect(splitFrontmatter(lines)).toEqual(expected);
  });
});

describe('aliases and tags', () => {
  test.each([
    ['aliases as list', 'aliases:\n  - P20\n  - Projet vingt', ['P20', 'Projet vingt'], []],
    ['aliases as flow list', 'aliases: [P20, "Dupont, Jean"]', ['P20', 'Dupont, Jean'], []],
    ['aliases as string (legacy, comma-separated)', 'aliases: P20, Projet vingt', ['P20', 'Projet vingt'], []],
    ['singular alias key', 'alias: P20', ['P20'], []],
    ['Aliases key in another case', 'Aliases: [P20]', ['P20'], []],
    ['duplicate aliases are merged', 'aliases: [P20, p20]', ['P20'], []],
    ['empty aliases', 'aliases:', [], []],
    ['tags as list with #', 'tags: ["#rag", ia]', [], ['rag', 'ia']],
    ['tags as string "a, b"', 'tags: "#rag, ia"', [], ['rag', 'ia']],
    ['tags as space-separated string', 'tags: rag ia/llm', [], ['rag', 'ia/llm']],
    ['singular tag key', 'tag: journal', [], ['journal']],
    ['numeric tag', 'tags: [2024, bilan]', [], ['2024', 'bilan']],
    ['objects in lists are ignored', 'tags: [{a: 1}, ok]', [], ['ok']],
  ])('%s', (_name, yaml, aliases, tags) => {
    const fm = parseFrontmatter(yaml);
    expect(fm.error).toBeUndefined();
    expect(fm.aliases).toEqual(aliases);
    expect(fm.tags).toEqual(tags);
  });

  test('dates stay as written (strings), other data is kept whole', () => {
    const fm = parseFrontmatter('date: 2024-12-26\ncreated: 2024-12-26T15:03:00\nnote: 3\ndraft: true\nnested: {a: [1, 2]}');
    expect(fm.data).toEqual({ date: '2024-12-26', created: '2024-12-26T15:03:00', note: 3, draft: true, nested: { a: [1, 2] } });
    expect(JSON.parse(JSON.stringify(fm.data))).toEqual(fm.data);
  });
});

describe('broken and hostile YAML', () => {
  test.each([
    ['unclosed flow list', 'tags: [a, b\ntitle: x', /^Invalid YAML frontmatter at line 3: /],
    ['bad indentation', 'a:\n  b: 1\n c: 2', /^Invalid YAML frontmatter at line \d+: /],
    ['tab indentation', 'a:\n\t- b', /^Invalid YAML frontmatter/],
    ['scalar instead of properties', 'just a sentence', /^Frontmatter is not a list of properties/],
    ['list instead of properties', '- a\n- b', /^Frontmatter is not a list of properties/],
    ['deeply nested flow', `a: ${'['.repeat(20000)}`, /^Invalid YAML frontmatter/],
  ])('%s → data {}, one-line error', (_name, yaml, message) => {
    const fm = parseFrontmatter(yaml);
    expect(fm.data).toEqual({});
    expect(fm.error).toMatch(message);
    expect(fm.error).not.toContain('\n');
  });

  test('billion laughs is refused quickly', () => {
    const lol = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
    ].join('\n');
    const started = performance.now();
    const fm = parseFrontmatter(lol);
    // Hang guard, not a benchmark: only catches pathological (minutes-long) behaviour on a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(6000);
    expect(fm.data).toEqual({});
    expect(fm.error).toMatch(/too many YAML aliases/);
  });

  test('a few aliases are fine', () => {
    const fm = parseFrontmatter('base: &b {x: 1}\nother: *b');
    expect(fm.data).toEqual({ base: { x: 1 }, other: { x: 1 } });
  });

  test('__proto__ keys do not pollute prototypes', () => {
    const fm = parseFrontmatter('__proto__: {polluted: yes}\ntags: [a]');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(fm.data)).toBe(Object.prototype);
    expect(fm.tags).toEqual(['a']);
  });

  test('unknown tags such as !!js/function are plain data, never code', () => {
    const fm = parseFrontmatter('x: !!js/function "function () { globalThis.pwned = 1 }"');
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
    expect(typeof fm.data.x).toBe('string');
  });

  test('duplicate keys keep the last value instead of dropping the block', () => {
    expect(parseFrontmatter('a: 1\na: 2\ntags: [x]')).toEqual({ data: { a: 2, tags: ['x'] }, aliases: [], tags: ['x'] });
  });

  test('a note with broken frontmatter still has its body parsed', () => {
    const n = note('---\ntags: [a, b\n---\n# Titre\nVoir [[Autre note]] #inline');
    expect(n.frontmatter).toEqual({});
    expect(n.frontmatterError).toMatch(/^Invalid YAML frontmatter at line 2/);
    expect(n.bodyStart).toBe(3);
    expect(n.headings).toEqual([{ level: 1, text: 'Titre', line: 3 }]);
    expect(n.links.map((l) => l.target)).toEqual(['Autre note']);
    expect(n.tags).toEqual(['inline']);
  });
});

describe('frontmatter in parsed notes', () => {
  test('aliases, tags and data reach the note; line numbers count the frontmatter', () => {
    const n = note('---\naliases: [P20]\ntags: [rag]\ndate: 2024-12-26\n---\n# Projet\nTexte #ia');
    expect(n.aliases).toEqual(['P20']);
    expect(n.tags).toEqual(['rag', 'ia']);
    expect(n.frontmatter).toEqual({ aliases: ['P20'], tags: ['rag'], date: '2024-12-26' });
    expect(n.frontmatterError).toBeUndefined();
    expect(n.bodyStart).toBe(5);
    expect(n.headings[0].line).toBe(5);
    expect(n.lines[0]).toBe('---');
  });

  test('tags in frontmatter and body are merged case-insensitively, frontmatter spelling first', () => {
    expect(note('---\ntags: [RAG]\n---\n#rag #Autre #autre').tags).toEqual(['RAG', 'Autre']);
  });

  test('wikilinks in properties are links, on their frontmatter line', () => {
    const n = note('---\nrelated: "[[Projet 20]]"\nsee:\n  - "[[Autre#Partie|alias]]"\n---\nbody');
    expect(n.links).toEqual([
      { kind: 'wikilink', target: 'Projet 20', line: 1 },
      { kind: 'wikilink', target: 'Autre', heading: 'Partie', alias: 'alias', line: 3 },
    ]);
  });

  test('frontmatter text is not searched for inline tags or headings', () => {
    const n = note('---\ntitle: "# pas un titre #pasuntag"\n---\nbody');
    expect(n.headings).toEqual([]);
    expect(n.tags).toEqual([]);
  });
});
