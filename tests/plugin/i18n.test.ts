import { afterEach, describe, expect, it } from 'vitest';
import { moment } from 'obsidian';
import { en } from '../../src/plugin/i18n/en';
import { fr } from '../../src/plugin/i18n/fr';
import { currentLanguage, formatBytes, formatDuration, formatNumber, setLanguage, t, toLanguage } from '../../src/plugin/i18n';

/** Keys whose French text is rightly the same as the English one (names, units, shared words). */
const SAME_IN_FRENCH = new Set([
  'chat.title', 'index-view.notes', 'chat.sources', 'settings.section.exclusions', 'settings.section.conversations',
  'unit.seconds', 'unit.minutes', 'unit.hours', 'chat.score', 'conversation.question',
]);

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

afterEach(() => {
  setLanguage(null);
  moment.locale('en');
});

describe('dictionaries', () => {
  it('French has exactly the English keys', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('no French string is empty or left in English', () => {
    const untranslated = Object.entries(en)
      .filter(([key, english]) => !SAME_IN_FRENCH.has(key) && fr[key as keyof typeof en] === english)
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
    expect(Object.entries(fr).filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it('each translation uses the same placeholders as the English text', () => {
    const mismatched = Object.entries(en)
      .filter(([key, english]) => placeholders(english).join() !== placeholders(fr[key as keyof typeof en]).join())
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('has one error string per kind of LLM error', async () => {
    const kinds = ['unreachable', 'dns', 'auth', 'not-found', 'rate-limit', 'server', 'timeout', 'aborted', 'protocol', 'stream-cut', 'too-long', 'bad-request'];
    for (const kind of kinds) expect(en).toHaveProperty(`error.llm.${kind}`);
    expect(en['error.cors-hint']).toContain('OLLAMA_ORIGINS');
  });
});

describe('t()', () => {
  it('follows moment\'s locale, region tags included, and falls back to English', () => {
    moment.locale('fr');
    expect(currentLanguage()).toBe('fr');
    expect(t('command.rebuild')).toBe('Reconstruire l\'index');
    moment.locale('fr-ca');
    expect(t('chat.send')).toBe('Envoyer');
    moment.locale('de');
    expect(t('chat.send')).toBe('Send');
    expect(toLanguage('EN_gb')).toBe('en');
  });

  it('formats the status bar with locale number formatting', () => {
    setLanguage('fr');
    expect(t('status.indexing', { done: 120, total: 5000, eta: formatDuration(180_000) }))
      .toBe('Indexation 120/5\u202f000 · 3 min');
    setLanguage('en');
    expect(t('status.indexing', { done: 120, total: 5000, eta: formatDuration(180_000) })).toBe('Indexing 120/5,000 · 3 min');
  });

  it('leaves unknown placeholders visible rather than inventing a value', () => {
    setLanguage('en');
    expect(t('chat.why-journal')).toBe('Journal of {note}');
    expect(t('chat.why-journal', { note: '[[pre-training]]' })).toBe('Journal of [[pre-training]]');
  });

  it('formats durations, sizes and numbers', () => {
    setLanguage('en');
    expect(formatDuration(44_600)).toBe('45 s');
    expect(formatDuration(4_000_000)).toBe('1 h 7 min');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_520_000)).toBe('1.5 MB');
    setLanguage('fr');
    expect(formatBytes(1_520_000)).toBe('1,5 Mo');
    expect(formatNumber(0.25)).toBe('0,3');
  });
});

describe('plural forms', () => {
  it('follow each language: French counts 0 and 1 as singular, English only 1', () => {
    setLanguage('en');
    expect([0, 1, 2, 5000].map((notes) => t('status.ready', { notes }))).toEqual([
      '0 notes indexed',
      '1 note indexed',
      '2 notes indexed',
      '5,000 notes indexed',
    ]);
    setLanguage('fr');
    expect([0, 1, 2].map((notes) => t('status.ready', { notes }))).toEqual(['0 note indexée', '1 note indexée', '2 notes indexées']);
    expect(t('connection.ok-choose', { host: 'localhost', count: 1 })).toBe('Connecté à localhost : 1 modèle disponible. Choisissez-en un.');
  });

  it('every plural form names a placeholder its text also shows, in both languages', () => {
    const forms = (s: string) => [...s.matchAll(/\{(\w+)\|[^|{}]*\|[^|{}]*\}/g)].map((m) => m[1]);
    for (const dict of [en, fr]) {
      for (const text of Object.values(dict)) for (const name of forms(text)) expect(placeholders(text), text).toContain(name);
    }
    expect(Object.values(en).filter((s) => forms(s).length > 0).length).toBeGreaterThanOrEqual(3);
  });
});
