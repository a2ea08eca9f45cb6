import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCitations, renderCitationsAsMarkdown, type CitationSegment } from '../../../src/core/answer/citations';
import type { SearchResult } from '../../../src/core/types';
import { journal, preTraining, projet20, SOURCES } from './fixtures';

const only = (answer: string, sources: SearchResult[] = SOURCES, noteExists?: (t: string) => string | null) =>
  checkCitations(answer, sources, noteExists).segments.filter((s) => s.kind !== 'text');

describe('valid citations', () => {
  it.each([
    ['exact title and heading', '[[pre-training#Le RAG]]', preTraining.path, 'Le RAG'],
    ['an outer heading of the passage', '[[pre-training#Réponse]]', preTraining.path, 'Réponse'],
    ['a heading path', '[[pre-training#Réponse#Le RAG]]', preTraining.path, 'Le RAG'],
    ['the note alone', '[[pre-training]]', preTraining.path, undefined],
    ['the path without .md', '[[Notes/pre-training#Le RAG]]', preTraining.path, 'Le RAG'],
    ['the path with .md', '[[Notes/pre-training.md]]', preTraining.path, undefined],
    ['another case', '[[PRE-TRAINING#le rag]]', preTraining.path, 'Le RAG'],
    ['an alias', '[[pre-training#Le RAG|ce passage]]', preTraining.path, 'Le RAG'],
    ['a journal title with accents and a colon', '[[Journal du jeudi 26 décembre 2024 à 15:03]]', journal.path, undefined],
    ['decomposed accents (macOS file names)', '[[Journal du jeudi 26 de\u0301cembre 2024 a\u0300 15:03]]', journal.path, undefined],
    ['accents dropped by the model', "[[Projet 20 - Creer un POC d'un RAG#Objectifs]]", projet20.path, 'Objectifs'],
    ['extra spaces', '[[  pre-training #  Le   RAG ]]', preTraining.path, 'Le RAG'],
    ['an embed, shown as a link', '![[pre-training]]', preTraining.path, undefined],
  ])('%s: %s', (_name, raw, path, heading) => {
    const [segment] = only(`Voir ${raw}.`);
    expect(segment).toMatchObject({ kind: 'citation', raw, path });
    expect((segment as Extract<CitationSegment, { kind: 'citation' }>).heading).toBe(heading);
  });

  it('gives the display text: alias, else title › heading', () => {
    expect(only('[[pre-training#Le RAG|ici]] [[pre-training#le rag]] [[pre-training]]').map((s) => 'display' in s && s.display)).toEqual([
      'ici',
      'pre-training › Le RAG',
      'pre-training',
    ]);
  });
});

describe('bad citations', () => {
  it.each([
    ['a heading not in the passages', '[[pre-training#Conclusion]]', 'heading-not-found', /no heading "Conclusion"/],
    ['a heading of another source', '[[pre-training#Objectifs]]', 'heading-not-found', /Objectifs/],
    ['a note that is not a source', '[[fine-tuning#Coût]]', 'no-such-note', /no note "fine-tuning"/],
    ['an empty link', '[[]]', 'malformed', /empty/],
    ['a blank link', '[[ | x]]', 'malformed', /empty/],
    ['a heading without a note', '[[#Le RAG]]', 'malformed', /no note/],
    ['a path leaving the vault', '[[../../outside]]', 'unsafe', /leaves the vault/],
    ['an encoded path leaving the vault', '[[%2e%2e/secret]]', 'unsafe', /leaves the vault/],
    ['a javascript: URL', '[[javascript:alert(1)]]', 'unsafe', /URL/],
    ['an https URL', '[[https://evil.example/x]]', 'unsafe', /URL/],
    ['an absolute path', '[[/etc/passwd]]', 'unsafe', /absolute/],
    ['a Windows path', '[[C:\\Users\\me\\note]]', 'unsafe', /absolute/],
    ['a home path', '[[~/notes/x]]', 'unsafe', /absolute/],
    ['a block reference', '[[pre-training#^abc123]]', 'heading-not-found', /block/],
    ['an unclosed link', '[[pre-training#Le RAG et la suite', 'malformed', /not closed/],
    ['a numeric citation out of range', '[7]', 'no-such-source', /no source 7/],
    ['source zero', '[0]', 'no-such-source', /no source 0/],
  ])('%s: %s', (_name, raw, code, reason) => {
    const segments = only(`Voici ${raw}`);
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({ kind: 'bad-citation', code });
    expect((segments[0] as { reason: string }).reason).toMatch(reason);
  });

  it('says when a note exists in the vault but was not given as a source', () => {
    const exists = (t: string) => (t.toLowerCase() === 'fine-tuning' ? 'Notes/fine-tuning.md' : null);
    expect(only('[[fine-tuning]]', SOURCES, exists)[0]).toMatchObject({ kind: 'bad-citation', code: 'not-a-source' });
  });

  it('does not guess between two sources sharing a title', () => {
    const twin = { ...preTraining, chunkId: 'Archive/pre-training.md#0', path: 'Archive/pre-training.md', headingPath: ['Autre'], heading: 'Autre' };
    expect(only('[[pre-training]]', [preTraining, twin])[0]).toMatchObject({ code: 'ambiguous' });
    // …but a heading or a path that designates one of them is fine.
    expect(only('[[pre-training#Autre]]', [preTraining, twin])[0]).toMatchObject({ kind: 'citation', path: 'Archive/pre-training.md' });
    expect(only('[[Notes/pre-training]]', [preTraining, twin])[0]).toMatchObject({ kind: 'citation', path: preTraining.path });
  });
});

describe('numeric citations', () => {
  it.each([
    ['[1]', [1]],
    ['[2][3]', [2, 3]],
    ['[1, 3]', [1, 3]],
    ['[1; 2]', [1, 2]],
    ['[Source 2]', [2]],
    ['[source: 3]', [3]],
    ['[[2]]', [2]],
  ])('%s → sources %j', (raw, numbers) => {
    const segments = only(`Il a demandé pourquoi ${raw}.`);
    expect(segments.map((s) => s.kind === 'citation' && s.source)).toEqual(numbers);
    expect(segments.map((s) => s.kind === 'citation' && s.path)).toEqual(numbers.map((n) => SOURCES[n - 1].path));
  });

  it('ignores markdown links, checkboxes and years', () => {
    expect(only('[1](https://example.org) - [x] fait - [ ] à faire - en [2024]')).toEqual([]);
  });
});

describe('text around citations', () => {
  it('keeps every character of the answer in order', () => {
    const answer = 'Ton ami a demandé « Pourquoi ? » [[Journal du jeudi 26 décembre 2024 à 15:03]], voir [2] et [[nope]].\n';
    const { segments, valid, invalid } = checkCitations(answer, SOURCES);
    expect(segments.map((s) => (s.kind === 'text' ? s.text : s.raw)).join('')).toBe(answer);
    expect([valid, invalid]).toEqual([2, 1]);
  });

  it('leaves code spans and fenced blocks alone', () => {
    const answer = 'Syntaxe : `[[note#titre]]` et\n```md\n[[autre]] [1]\n```\nfin [1]';
    const { segments, valid, invalid } = checkCitations(answer, SOURCES);
    expect([valid, invalid]).toEqual([1, 0]);
    expect(segments[0]).toEqual({ kind: 'text', text: 'Syntaxe : `[[note#titre]]` et\n```md\n[[autre]] [1]\n```\nfin ' });
  });

  it('an answer with no citation is one text segment', () => {
    expect(checkCitations('Ce n’est pas dans vos notes.', SOURCES)).toEqual({
      segments: [{ kind: 'text', text: 'Ce n’est pas dans vos notes.' }],
      valid: 0,
      invalid: 0,
    });
  });
});

describe('renderCitationsAsMarkdown', () => {
  const render = (answer: string) => renderCitationsAsMarkdown(checkCitations(answer, SOURCES).segments);

  it('renders valid citations as path links with display text', () => {
    expect(render('Voir [[PRE-TRAINING#le rag]] et [3].')).toBe(
      "Voir [[Notes/pre-training#Le RAG|pre-training › Le RAG]] et [[Projets/Projet 20 - Créer un POC d'un RAG#Objectifs|Projet 20 - Créer un POC d'un RAG › Objectifs]].",
    );
  });

  it('renders bad citations as visibly unverified code, never a link', () => {
    expect(render('Voir [[pre-training#Conclusion]].')).toBe('Voir ⚠︎ `pre-training#Conclusion` (unverified).');
    expect(render('[[javascript:alert(1)]]')).toBe('⚠︎ `javascript:alert(1)` (unverified)');
    expect(render('[9]')).toBe('⚠︎ `[9]` (unverified)');
    expect(render('x [[a`b]] y')).toBe('x ⚠︎ ``a`b`` (unverified) y');
  });

  it('an alias cannot break out of its link', () => {
    expect(render('[[pre-training#Le RAG|voir]] [[x]]')).toBe('[[Notes/pre-training#Le RAG|voir]] ⚠︎ `x` (unverified)');
    expect(render('[[pre-training|a [b] | c]]')).toBe('[[Notes/pre-training|a b c]]');
  });
});

describe('robustness', () => {
  const brackety = fc.string({
    unit: fc.constantFrom('[', ']', '[[', ']]', '#', '|', '`', '\n', '1', '2', ' ', 'pre-training', 'Le RAG', '../', 'x:', '!'),
    maxLength: 60,
  });

  it('never throws, and its segments spell the answer back (property)', () => {
    fc.assert(
      fc.property(brackety, (answer) => {
        const { segments, valid, invalid } = checkCitations(answer, SOURCES);
        expect(segments.map((s) => (s.kind === 'text' ? s.text : s.raw)).join('')).toBe(answer);
        expect(valid + invalid).toBe(segments.filter((s) => s.kind !== 'text').length);
        expect(typeof renderCitationsAsMarkdown(segments)).toBe('string');
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('checks a long, hostile answer quickly', () => {
    const answer = Array.from({ length: 300 }, (_, i) => `${'`'.repeat((i % 40) + 1)} [[pre-training#Le RAG]] [${i % 9}] [[x`).join(' ');
    const started = performance.now();
    const { valid } = checkCitations(answer.slice(0, 24_000), SOURCES);
    expect(valid).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
