// Settings saved before analysis by language held the whole lexical tuning, with the French
// stemmer as the analyser's `stemmer`; they must come back with analysis by language on.
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/plugin/settings/load-settings';
import { defaultSettings } from '../../../src/core/settings';

describe('lexical settings saved before analysis by language', () => {
  it('take the new analyser defaults and keep the tuning the user had', () => {
    const saved = JSON.parse(JSON.stringify({ version: 1, retrieval: { lexical: { ...defaultSettings().retrieval.lexical } } }));
    saved.retrieval.lexical.analyzer = { foldAccents: true, elision: true, stopWords: true, stopList: 'snowball', stemmer: 'french' };
    delete saved.retrieval.lexical.crossLanguage;
    delete saved.retrieval.lexical.ownName;
    delete saved.retrieval.lexical.ownNameShare;
    saved.retrieval.lexical.proximity = 0.25;
    const lexical = loadSettings(saved).retrieval.lexical;
    expect(lexical.analyzer).toEqual(defaultSettings().retrieval.lexical.analyzer);
    expect(lexical.analyzer.stemming).toBe('by-language');
    expect(lexical.analyzer.languages).toBe('detect');
    expect(lexical.ownName).toBe(true);
    expect(lexical.crossLanguage).toBe(0.5);
    expect(lexical.proximity).toBe(0.25);
  });
});
