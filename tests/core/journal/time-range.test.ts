import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEGINNING_OF_TIME, parseTimeRange, type TimeGranularity } from '../../../src/core/journal/time-range';

// Expected values are built with new Date(y, m, d) in the zone under test, so each
// table holds in every zone; the zones include DST changes and both sides of UTC.
const ZONES = ['Europe/Paris', 'UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'];

type Row = [question: string, start: [number, number, number] | null, end: [number, number, number], granularity: TimeGranularity, text: string, rest: string];

// "now" is Wednesday 15 January 2025, 10:00.
const NOW: [number, number, number, number] = [2025, 0, 15, 10];

const FRENCH: Row[] = [
  ["Qu'ai-je écrit sur le RAG en décembre 2024 ?", [2024, 11, 1], [2025, 0, 1], 'month', 'en décembre 2024', "Qu'ai-je écrit sur le RAG ?"],
  ["Qu'ai-je noté le 26 décembre ?", [2024, 11, 26], [2024, 11, 27], 'day', 'le 26 décembre', "Qu'ai-je noté ?"],
  ["Qu'ai-je fait la semaine dernière ?", [2025, 0, 6], [2025, 0, 13], 'week', 'la semaine dernière', "Qu'ai-je fait ?"],
  ['Qu’ai-je fait sur le projet 20 la semaine du 23 décembre ?', [2024, 11, 23], [2024, 11, 30], 'week', 'la semaine du 23 décembre', 'Qu’ai-je fait sur le projet 20 ?'],
  ['Mes notes sur Ollama en 2024', [2024, 0, 1], [2025, 0, 1], 'year', 'en 2024', 'Mes notes sur Ollama'],
  ["Qu'ai-je fait hier ?", [2025, 0, 14], [2025, 0, 15], 'day', 'hier', "Qu'ai-je fait ?"],
  ["Qu'ai-je lu il y a 3 jours ?", [2025, 0, 12], [2025, 0, 13], 'day', 'il y a 3 jours', "Qu'ai-je lu ?"],
  ['Mes idées du mois dernier', [2024, 11, 1], [2025, 0, 1], 'month', 'du mois dernier', 'Mes idées'],
  ['Qu’ai-je appris cette année ?', [2025, 0, 1], [2026, 0, 1], 'year', 'cette année', 'Qu’ai-je appris ?'],
  ['Où en est Camille depuis septembre ?', [2024, 8, 1], [2025, 0, 16], 'range', 'depuis septembre', 'Où en est Camille ?'],
  ['Le chunking entre octobre et décembre 2024', [2024, 9, 1], [2025, 0, 1], 'range', 'entre octobre et décembre 2024', 'Le chunking'],
  ['Les bases vectorielles en octobre et novembre 2024', [2024, 9, 1], [2024, 11, 1], 'range', 'en octobre et novembre 2024', 'Les bases vectorielles'],
  ["d'octobre à décembre 2024", [2024, 9, 1], [2025, 0, 1], 'range', "d'octobre à décembre 2024", ''],
  ['du 10 au 15 décembre', [2024, 11, 10], [2024, 11, 16], 'range', 'du 10 au 15 décembre', ''],
  ['de 2022 à 2024', [2022, 0, 1], [2025, 0, 1], 'range', 'de 2022 à 2024', ''],
  ['cette semaine', [2025, 0, 13], [2025, 0, 20], 'week', 'cette semaine', ''],
  ['ce mois-ci', [2025, 0, 1], [2025, 1, 1], 'month', 'ce mois-ci', ''],
  ['avant-hier', [2025, 0, 13], [2025, 0, 14], 'day', 'avant-hier', ''],
  ["l'année dernière", [2024, 0, 1], [2025, 0, 1], 'year', "l'année dernière", ''],
  ["l'an dernier", [2024, 0, 1], [2025, 0, 1], 'year', "l'an dernier", ''],
  ['il y a deux semaines', [2024, 11, 30], [2025, 0, 6], 'week', 'il y a deux semaines', ''],
  ["Qu'ai-je fait jeudi dernier ?", [2025, 0, 9], [2025, 0, 10], 'day', 'jeudi dernier', "Qu'ai-je fait ?"],
  ["Qu'ai-je fait lundi ?", [2025, 0, 13], [2025, 0, 14], 'day', 'lundi', "Qu'ai-je fait ?"],
  ["Qu'ai-je fait le 12 mars 2024 ?", [2024, 2, 12], [2024, 2, 13], 'day', 'le 12 mars 2024', "Qu'ai-je fait ?"],
  ['le 26/12/2024', [2024, 11, 26], [2024, 11, 27], 'day', 'le 26/12/2024', ''],
  ['en mai', [2024, 4, 1], [2024, 5, 1], 'month', 'en mai', ''],
  ['en janvier', [2025, 0, 1], [2025, 1, 1], 'month', 'en janvier', ''],
  ['depuis le 1er janvier', [2025, 0, 1], [2025, 0, 16], 'range', 'depuis le 1er janvier', ''],
  ['avant décembre 2024', null, [2024, 11, 1], 'range', 'avant décembre 2024', ''],
  ['En décembre 2024, qu’ai-je écrit ?', [2024, 11, 1], [2025, 0, 1], 'month', 'En décembre 2024', 'qu’ai-je écrit ?'],
];

const ENGLISH: Row[] = [
  ['What did I write about RAG in December 2024?', [2024, 11, 1], [2025, 0, 1], 'month', 'in December 2024', 'What did I write about RAG?'],
  ['What did I do last week?', [2025, 0, 6], [2025, 0, 13], 'week', 'last week', 'What did I do?'],
  ['Notes from the week of December 23', [2024, 11, 23], [2024, 11, 30], 'week', 'from the week of December 23', 'Notes'],
  ['What did I read yesterday?', [2025, 0, 14], [2025, 0, 15], 'day', 'yesterday', 'What did I read?'],
  ['3 days ago', [2025, 0, 12], [2025, 0, 13], 'day', '3 days ago', ''],
  ['last month', [2024, 11, 1], [2025, 0, 1], 'month', 'last month', ''],
  ['this year', [2025, 0, 1], [2026, 0, 1], 'year', 'this year', ''],
  ['this week', [2025, 0, 13], [2025, 0, 20], 'week', 'this week', ''],
  ['since September', [2024, 8, 1], [2025, 0, 16], 'range', 'since September', ''],
  ['between October and December 2024', [2024, 9, 1], [2025, 0, 1], 'range', 'between October and December 2024', ''],
  ['from October to December 2024', [2024, 9, 1], [2025, 0, 1], 'range', 'from October to December 2024', ''],
  ['What happened on December 26?', [2024, 11, 26], [2024, 11, 27], 'day', 'on December 26', 'What happened?'],
  ['Ollama in 2024', [2024, 0, 1], [2025, 0, 1], 'year', 'in 2024', 'Ollama'],
  ['the day before yesterday', [2025, 0, 13], [2025, 0, 14], 'day', 'the day before yesterday', ''],
];

const NO_PERIOD = [
  "Qu'est-ce que mon ami m'a demandé au sujet du projet 20 ?",
  'Quel jeu ai-je acheté ?',
  'Sept personnes sont venues à la réunion',
  "Qu'ai-je fait à 15h ?",
  'Le 3/4 des gens pensent que',
  'Les 100 mètres en 9 secondes',
  'What may I have said about LoRA?',
  'Pourquoi ne pas entraîner directement un modèle ?',
  'Que faire dans 3 jours ?',
  '',
  '   ',
];

function expectRow(row: Row, lang: 'fr' | 'en') {
  const [question, start, end, granularity, text, rest] = row;
  const now = new Date(...NOW);
  const r = parseTimeRange(question, now, lang);
  expect(r, question).not.toBeNull();
  expect({
    start: r?.start,
    end: r?.end,
    granularity: r?.granularity,
    text: r?.text,
    rest: r?.rest,
  }).toEqual({
    start: start ? new Date(...start).getTime() : BEGINNING_OF_TIME,
    end: new Date(...end).getTime(),
    granularity,
    text,
    rest,
  });
}

describe.each(ZONES)('parseTimeRange in %s', (zone) => {
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = zone;
  });
  afterAll(() => {
    process.env.TZ = saved;
  });

  it('runs in the zone under test', () => {
    const offsetJan = new Date(2025, 0, 15).getTimezoneOffset();
    expect({ UTC: 0, 'Europe/Paris': -60, 'America/Los_Angeles': 480, 'Pacific/Kiritimati': -840 }[zone]).toBe(offsetJan);
  });

  it.each(FRENCH)('fr: %s', (...row) => expectRow(row, 'fr'));
  it.each(ENGLISH)('en: %s', (...row) => expectRow(row, 'en'));

  it('finds English expressions when French is asked first', () => {
    expectRow(ENGLISH[0]!, 'fr');
    expectRow(ENGLISH[1]!, 'fr');
  });

  it.each(NO_PERIOD)('no period in %j', (question) => {
    expect(parseTimeRange(question, new Date(...NOW))).toBeNull();
  });
});

describe('parseTimeRange around the turn of the year', () => {
  it('counts today as the most recent occurrence, and goes back a year after it', () => {
    const now = new Date(2024, 11, 26, 9);
    expect(parseTimeRange('le 26 décembre', now)).toMatchObject({ start: new Date(2024, 11, 26).getTime(), end: new Date(2024, 11, 27).getTime() });
    expect(parseTimeRange('le 27 décembre', now)).toMatchObject({ start: new Date(2023, 11, 27).getTime() });
    expect(parseTimeRange('en décembre', now)).toMatchObject({ start: new Date(2024, 11, 1).getTime(), end: new Date(2025, 0, 1).getTime() });
  });

  it('gives a range without a year on its start the year of its end', () => {
    const now = new Date(2025, 5, 1);
    expect(parseTimeRange('entre novembre et février 2025', now)).toMatchObject({
      start: new Date(2024, 10, 1).getTime(),
      end: new Date(2025, 2, 1).getTime(),
      granularity: 'range',
    });
  });

  it('rejects an invalid reference date', () => {
    expect(parseTimeRange('hier', new Date('nope'))).toBeNull();
  });
});

describe('parseTimeRange with the other language first', () => {
  const now = new Date(2025, 0, 15, 10);
  it('still reads a French month when English is tried first', () => {
    expect(parseTimeRange("Qu'ai-je écrit en décembre 2024 ?", now, 'en')).toMatchObject({
      start: new Date(2024, 11, 1).getTime(),
      end: new Date(2025, 0, 1).getTime(),
      granularity: 'month',
    });
  });

  it('stays fast and finds nothing in a long question without dates', () => {
    const long = 'Pourquoi le projet 20 ne marche-t-il pas avec 512 tokens et 3 documents ? '.repeat(150);
    const t0 = performance.now();
    expect(parseTimeRange(long, now)).toBeNull();
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
