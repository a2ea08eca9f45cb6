import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_JOURNAL_CONFIG, dateInFrontmatter, dateInTitle, dateValue, detectJournal, isUnderFolder, type JournalConfig } from '../../../src/core/journal/detect';

const at = (y: number, m1: number, d: number, h = 0, min = 0) => new Date(y, m1 - 1, d, h, min).getTime();
const note = (path: string, frontmatter: Record<string, unknown> = {}) => ({
  path,
  basename: path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/, ''),
  frontmatter,
});

describe('dateInTitle: journal titles', () => {
  it.each([
    ['2024-12-26', at(2024, 12, 26)],
    ['2024-12-26 15h03', at(2024, 12, 26, 15, 3)],
    ['2024-12-26 15-03', at(2024, 12, 26, 15, 3)],
    ['2024-12-26T15:03', at(2024, 12, 26, 15, 3)],
    ['20241226', at(2024, 12, 26)],
    ['2024_12_26', at(2024, 12, 26)],
    ['26-12-2024', at(2024, 12, 26)],
    ['26.12.2024', at(2024, 12, 26)],
    ['Journal du jeudi 26 décembre 2024 à 15:03', at(2024, 12, 26, 15, 3)],
    ['Journal du jeudi 26 décembre 2024 à 15h03', at(2024, 12, 26, 15, 3)],
    ['Journal du mercredi 1er janvier 2025', at(2025, 1, 1)],
    ['Journal du 26 décembre 2024', at(2024, 12, 26)],
    ['jeudi 26 décembre 2024', at(2024, 12, 26)],
    ['Mardi 3 sept. 2024', at(2024, 9, 3)],
    ['26 déc. 2024', at(2024, 12, 26)],
    ['Thursday, December 26th, 2024', at(2024, 12, 26)],
    ['December 26, 2024', at(2024, 12, 26)],
    ['Daily note 2024-12-26', at(2024, 12, 26)],
    // A name starting with an ISO date is a deliberately dated note.
    ["2024-12-26 Réunion d'équipe", at(2024, 12, 26)],
  ])('%s', (title, expected) => {
    expect(dateInTitle(title)).toBe(expected);
  });
});

describe('dateInTitle: topic notes are not journals', () => {
  it.each([
    "Projet 20 - Créer un POC d'un RAG",
    '1968 à Caen',
    '28 jours plus tard',
    '6 Heures de Shanghai 2017',
    '100 mètres (athlétisme)',
    "Jeux olympiques d'été de 2016",
    'Attentats du 13 novembre 2015',
    'Semaine du 23 décembre 2024',
    'Décembre 2024',
    '26 décembre',
    '2024',
    'pre-training',
    '31 février 2024',
    '2024-02-30',
    '2024-13-01 Notes',
    '26 - 27 décembre 2024',
    // Full dates out of any journal's time are history topics.
    'Le 14 juillet 1789',
    '',
    '   ',
  ])('%s', (title) => {
    expect(dateInTitle(title)).toBeNull();
  });

  it('accepts surrounding words inside journal folders (lenient)', () => {
    expect(dateInTitle('Réunion du 26 décembre 2024 avec Paul')).toBeNull();
    expect(dateInTitle('Réunion du 26 décembre 2024 avec Paul', { lenient: true })).toBe(at(2024, 12, 26));
  });
});

describe('frontmatter dates', () => {
  it.each<[string, unknown, number | null]>([
    ['ISO date string', '2024-12-26', at(2024, 12, 26)],
    ['ISO date and time', '2024-12-26 15:03', at(2024, 12, 26, 15, 3)],
    ['ISO with T and seconds', '2024-12-26T15:03:30', new Date(2024, 11, 26, 15, 3, 30).getTime()],
    ['ISO with explicit zone keeps the instant', '2024-12-26T15:03:00Z', Date.UTC(2024, 11, 26, 15, 3)],
    ['wikilink to a daily note', '[[2024-12-26]]', at(2024, 12, 26)],
    ['wikilink with alias', '[[2024-12-26|jeudi]]', at(2024, 12, 26)],
    ['written French date', '26 décembre 2024', at(2024, 12, 26)],
    ['compact number', 20241226, at(2024, 12, 26)],
    ['one-element list', ['2024-12-26'], at(2024, 12, 26)],
    ['not a date', 'bientôt', null],
    ['number that is no date', 42, null],
    ['invalid Date object', new Date('nope'), null],
    ['object', { a: 1 }, null],
    ['null', null, null],
  ])('%s', (_label, value, expected) => {
    expect(dateValue(value)).toBe(expected);
  });

  it('reads YAML timestamps as the wall-clock time written, whatever the time zone', () => {
    // The YAML 1.1 schema turns timestamps into Date objects at UTC.
    const fm = parseYaml('date: 2024-12-26\ncreated: 2024-12-26 15:03:00\n', { schema: 'yaml-1.1' }) as Record<string, unknown>;
    expect(fm.date).toBeInstanceOf(Date);
    expect(dateValue(fm.date)).toBe(at(2024, 12, 26));
    expect(dateValue(fm.created)).toBe(at(2024, 12, 26, 15, 3));
  });

  it('takes the first configured key that holds a date, keys case-insensitive', () => {
    const fm = { Created: '2024-12-20', date: 'pas de date', day: '2024-12-26' };
    expect(dateInFrontmatter(fm, ['date', 'created', 'day'])).toBe(at(2024, 12, 20));
    expect(dateInFrontmatter(fm, ['day', 'created'])).toBe(at(2024, 12, 26));
    expect(dateInFrontmatter(fm, ['title'])).toBeNull();
    expect(dateInFrontmatter(null, ['date'])).toBeNull();
  });
});

describe('detectJournal', () => {
  const withFm: JournalConfig = { ...DEFAULT_JOURNAL_CONFIG, detectFrontmatterDate: true };
  const inFolder: JournalConfig = { ...DEFAULT_JOURNAL_CONFIG, folders: ['Journal/'] };

  it('recognises a journal by its file name', () => {
    expect(detectJournal(note('Journal/Journal du jeudi 26 décembre 2024 à 15h03.md'))).toEqual({
      path: 'Journal/Journal du jeudi 26 décembre 2024 à 15h03.md',
      date: at(2024, 12, 26, 15, 3),
      via: 'filename',
    });
    expect(detectJournal(note('Daily/2024-12-26.md'))?.via).toBe('filename');
  });

  it('leaves topic notes alone, even when they carry a created date by default', () => {
    expect(detectJournal(note("Projets/Projet 20 - Créer un POC d'un RAG.md", { created: '2024-11-02' }))).toBeNull();
    expect(detectJournal(note('1968 à Caen.md'))).toBeNull();
  });

  it('reads frontmatter dates only when enabled', () => {
    const n = note('Notes/Réflexion.md', { date: '2024-12-26' });
    expect(detectJournal(n)).toBeNull();
    expect(detectJournal(n, withFm)).toEqual({ path: 'Notes/Réflexion.md', date: at(2024, 12, 26), via: 'frontmatter' });
  });

  it('prefers the name over the frontmatter', () => {
    expect(detectJournal(note('2024-12-26.md', { date: '2024-12-01' }), withFm)?.date).toBe(at(2024, 12, 26));
  });

  it('does not read names when file-name detection is off', () => {
    expect(detectJournal(note('2024-12-26.md'), { ...DEFAULT_JOURNAL_CONFIG, detectFileNameDate: false })).toBeNull();
  });

  it('in a journal folder: any date in the name, or the frontmatter whatever the flag, else not a journal', () => {
    expect(detectJournal(note('Journal/Réunion du 26 décembre 2024 avec Paul.md'), inFolder)).toEqual({
      path: 'Journal/Réunion du 26 décembre 2024 avec Paul.md',
      date: at(2024, 12, 26),
      via: 'folder',
    });
    expect(detectJournal(note('Journal/Idées.md', { date: '2024-12-26' }), inFolder)).toEqual({ path: 'Journal/Idées.md', date: at(2024, 12, 26), via: 'folder' });
    expect(detectJournal(note('Journal/Idées.md'), inFolder)).toBeNull();
    expect(detectJournal(note('Journal/2024/12/2024-12-26.md'), inFolder)?.via).toBe('folder');
  });

  it('matches folders by whole path segments', () => {
    expect(isUnderFolder('Journal/a.md', ['Journal'])).toBe(true);
    expect(isUnderFolder('Journal/a.md', ['/Journal/'])).toBe(true);
    expect(isUnderFolder('Journalisme/a.md', ['Journal'])).toBe(false);
    expect(isUnderFolder('a.md', [''])).toBe(false);
    expect(isUnderFolder('Perso/Journal/a.md', ['Perso/Journal'])).toBe(true);
  });

  it('honours configured daily note formats even with file-name detection off, and skips bad ones', () => {
    const cfg: JournalConfig = {
      ...DEFAULT_JOURNAL_CONFIG,
      detectFileNameDate: false,
      fileNameFormats: ['gggg-[W]ww', '[Entrée] D MMMM YYYY'],
    };
    expect(detectJournal(note('Perso/Entrée 26 décembre 2024.md'), cfg)).toEqual({ path: 'Perso/Entrée 26 décembre 2024.md', date: at(2024, 12, 26), via: 'filename' });
    expect(detectJournal(note('Perso/Autre 26 décembre 2024.md'), cfg)).toBeNull();
  });
});
