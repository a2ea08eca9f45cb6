// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../src/plugin/i18n';
import { renderSources } from '../../src/plugin/views/sources-list';
import type { SearchResult } from '../../src/core/types';

afterEach(() => setLanguage(null));

const result = (reranked: boolean): SearchResult => ({
  chunkId: reranked ? 'a#0' : 'b#0', path: reranked ? 'a.md' : 'b.md', title: reranked ? 'a' : 'b', headingPath: [], lines: [1, 2], text: 'texte', score: 0.5, source: 'hybrid', why: 'lexical + vector match', ...(reranked ? { reranked: true as const } : {}),
});

describe('sources of a reranked search', () => {
  it.each([['fr', 'reclassé'], ['en', 'reranked']] as const)('say so in the panel (%s)', (lang, word) => {
    setLanguage(lang);
    const el = document.createElement('div');
    renderSources(el, [result(true), result(false)]);
    const whys = [...el.querySelectorAll('.ask-vault-source-why')].map((e) => e.textContent ?? '');
    expect(whys[0]).toMatch(new RegExp(` · ${word}$`));
    expect(whys[1]).not.toContain(word);
  });
});
