// Each text is analysed in its own language: stop lists, stemmers, elision and English
// contractions by language; acronyms kept; a question's names read in both languages.
import { describe, expect, it } from 'vitest';
import { analyze, analyzeIn, DEFAULT_ANALYZER, type AnalyzerOptions } from '../../../src/core/lexical/analyzer';
import { questionTerms } from '../../../src/core/lexical/question-terms';
import { LexicalRanker, type LexicalTuning } from '../../../src/core/retrieval/lexical-ranker';
import { defaultSettings } from '../../../src/core/settings';
import type { NoteRecord } from '../../../src/core/types';
import { makeNote } from '../index/fixtures';

const en = (t: string, o: AnalyzerOptions = DEFAULT_ANALYZER) => analyzeIn(t, 'en', o);
const fr = (t: string, o: AnalyzerOptions = DEFAULT_ANALYZER) => analyzeIn(t, 'fr', o);
/** The analyser before analysis by language. */
const UNION: AnalyzerOptions = { ...DEFAULT_ANALYZER, languages: 'union', stemming: 'french', possessives: false, acronyms: false };

describe('English text', () => {
  it('strips possessives and contractions, typographic apostrophes too', () => {
    expect(en("What's Ritu's role?")).toEqual(['ritu', 'role']);
    expect(en('Ritu’s team’s plan')).toEqual(['ritu', 'team', 'plan']);
    expect(en("I'm sure we're late, it's done, they've left, you'll see, I'd go")).toEqual(['sure', 'late', 'done', 'left', 'see', 'go']);
    expect(en("doesn't, can't, won't")).toEqual(en('does, can, will'));
    expect(en("we can't ship")).toEqual(['ship']);
    // Before: possessives stayed glued to the name.
    expect(fr("Ritu's", UNION)).toEqual(["ritu'"]);
  });

  it('uses the English stemmer and stop list', () => {
    expect(en('the running dogs were happily jumping')).toEqual(['run', 'dog', 'happili', 'jump']);
    expect(fr('the running dogs were happily jumping')).not.toEqual(en('the running dogs were happily jumping'));
  });

  it('keeps French words the English stop list does not know, and the reverse', () => {
    // "an" is an English stop word: the union list dropped it from « l'an dernier ».
    expect(fr("l'an dernier")).toEqual(['an', 'derni']);
    expect(fr("l'an dernier", UNION)).toEqual(['derni']);
    // "ai" (j'ai) is a French stop word, not an English one.
    expect(en('intent ai')).toEqual(['intent', 'ai']);
    expect(fr("j'ai vu")).toEqual(['vu']);
  });

  it('strips elisions in French only', () => {
    expect(fr("l'entraînement d'un modèle")).toEqual(['entrain', 'model']);
    expect(en("O'Brien")).toEqual(["o'brien"]);
  });
});

describe('acronyms', () => {
  it('keeps a word in capitals whatever the stop lists say, unstemmed', () => {
    expect(en('Who works in IT in the US on AI?')).toEqual(['work', 'it', 'us', 'ai']);
    expect(fr("J'ai parlé de l'IA et de l'IT avec AN")).toEqual(['parl', 'ia', 'it', 'an']);
    expect(en('LLMs, OKRs and RAG’s answers')).toEqual(['llm', 'okr', 'rag', 'answer']);
    expect(en('it is')).toEqual([]);
  });

  it('matches the lowercase word of a question', () => {
    expect(en('intent ai')).toContain(en('Intent AI')[1]);
    expect(fr('rag')).toEqual(en('RAG'));
  });

  it('is a switch', () => {
    expect(en('Who works in IT?', { ...DEFAULT_ANALYZER, acronyms: false })).toEqual(['work']);
    // Seven capitals or more are shouting, analysed as the word.
    expect(en('SHOUTING')).toEqual(['shout']);
  });
});

describe('language of a text', () => {
  it('analyses a text in the language its function words tell, French when nothing does', () => {
    expect(analyze('What is the role of the team?')).toEqual(en('What is the role of the team?'));
    expect(analyze("Quel est le rôle de l'équipe ?")).toEqual(fr("Quel est le rôle de l'équipe ?"));
    expect(analyze('Kosta Lightroom')).toEqual(fr('Kosta Lightroom'));
  });

  it('reads a question in its language, and its names in the other one too', () => {
    const q = questionTerms('Qui est Kosta ?', 'Qui est Kosta ?', DEFAULT_ANALYZER, 0.5);
    expect(q.language).toBe('fr');
    expect(q.own).toEqual(fr('Kosta'));
    // The English stemmer keeps "kosta" whole where the French one cuts it.
    expect(q.terms).toEqual([...fr('Kosta'), ...en('Kosta')]);
    expect(q.other.get(en('Kosta')[0])).toBe(0.5);
    // Only names: common words and capitalised function words stay in the question's language.
    const r = questionTerms('Combien de photos dans Lightroom ?', 'Combien de photos dans Lightroom ?', DEFAULT_ANALYZER, 0.5);
    expect([...r.other.keys()]).toEqual([]);
    expect(questionTerms('Qui est Kosta ?', 'Qui est Kosta ?', DEFAULT_ANALYZER, 0).terms).toEqual(fr('Kosta'));
  });
});

const pause = async () => {};

function tuning(change: (t: LexicalTuning) => void = () => {}): LexicalTuning {
  const t = defaultSettings().retrieval.lexical;
  change(t);
  return t;
}

function workVault(): NoteRecord[] {
  return [
    makeNote('People/Ritu Goel.md', ["Head of Product. Ritu's team owns the roadmap, and she's the one who signs off launches."]),
    makeNote('People/Kosta Petrović.md', ['Design lead. Kosta keeps the Lightroom catalog of the photo library on the NAS.']),
    makeNote('Projects/Intent AI Home.md', ['The spoken assistant: a request goes to the intent classifier, then to an LLM if needed. Aiko works on it.'], {}),
    makeNote('IT/Laptops.md', ['IT replaces every laptop older than four years; the US office gets new ones in January.']),
    makeNote('Paris/Retours clients.md', ["Les clients aiment l'assistant vocal, mais la reconnaissance des phrases composées est moins bonne en français."]),
    makeNote('Journal/November 20, 2025.md', ["Ritu's role changes in January: she takes over the mobile apps. We're late on the IA roadmap, it's fine."]),
  ];
}

async function built(records: NoteRecord[], cache: Uint8Array | null = null, t = tuning()) {
  const ranker = new LexicalRanker(t);
  const stats = await ranker.rebuild(records, pause, await ranker.readTermCache(cache, pause));
  return { ranker, stats };
}

function search(r: LexicalRanker, records: NoteRecord[], q: string) {
  const chunks = new Map(records.flatMap((n) => n.chunks.map((c) => [c.id, c] as const)));
  return r.search(q, 10, (id) => chunks.get(id)?.path, undefined, (id) => chunks.get(id)?.text);
}

const QUESTIONS = ["What's Ritu's role?", 'Who runs IT?', 'Qui est Kosta ?', 'Who works on intent ai?', "Qu'est-ce que l'IA ?", 'phrases composées'];

describe('ranking across languages', () => {
  it('finds English notes from English questions with possessives and acronyms, and from French questions by their names', async () => {
    const records = workVault();
    const { ranker } = await built(records);
    const first = (q: string) => search(ranker, records, q)[0]?.id;
    expect(first("What's Ritu's role?")).toMatch(/Ritu Goel|November 20/);
    expect(first('Who runs IT?')).toBe('IT/Laptops.md#0');
    expect(first('Qui est Kosta ?')).toBe('People/Kosta Petrović.md#0');
    expect(first('Combien de photos dans Lightroom ?')).toBe('People/Kosta Petrović.md#0');
    expect(first('Who works on intent ai?')).toBe('Projects/Intent AI Home.md#0');
  });

  it('builds the same index with and without the term cache, and one note at a time', async () => {
    const records = workVault();
    const fresh = await built(records);
    const cache = await fresh.ranker.encodeTermCache(pause);
    const cached = await built(records, cache);
    expect(cached.stats.analysed).toBe(0);
    expect(cached.stats.cacheExact).toBe(true);
    const state = (r: LexicalRanker) => JSON.stringify((r as unknown as { chunks: { mini: unknown } }).chunks.mini);
    expect(state(cached.ranker)).toBe(state(fresh.ranker));
    const oneByOne = new LexicalRanker(tuning());
    for (const r of records) await oneByOne.add(r);
    expect(state(oneByOne)).toBe(state(fresh.ranker));
    for (const q of QUESTIONS) {
      expect(search(cached.ranker, records, q)).toEqual(search(fresh.ranker, records, q));
      expect(search(oneByOne, records, q)).toEqual(search(fresh.ranker, records, q));
    }
  });

  it('refuses a term cache written by the analyser before analysis by language', async () => {
    const records = workVault();
    const old = tuning((t) => Object.assign(t.analyzer, { languages: 'union', stemming: 'french', possessives: false, acronyms: false }));
    const cache = await (await built(records, null, old)).ranker.encodeTermCache(pause);
    const read = await built(records, cache);
    expect(read.stats.analysed).toBe(read.stats.documents);
    expect(read.stats.cacheProblem).toMatch(/analys/);
  });
});
