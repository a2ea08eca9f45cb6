import { describe, expect, test } from 'vitest';
import { LinkResolver, parseNote, resolveHeading } from '../../../src/core/notes';

const vault = [
  { path: 'pre-training.md', aliases: ['pré-entraînement'] },
  { path: 'Projets/Projet 20 - Créer un POC d\'un RAG.md', aliases: ['P20', 'POC RAG'] },
  { path: 'Archives/2023/Projet 20 - Créer un POC d\'un RAG.md', aliases: [] },
  { path: 'Journal/2024/Journal du jeudi 26 décembre 2024 à 15h03.md', aliases: [] },
  { path: 'A/Idée.md', aliases: [] },
  { path: 'B/Idée.md', aliases: [] },
  { path: 'C/Idée.md', aliases: [] },
  { path: 'Deep/er/Idée.md', aliases: [] },
  { path: 'Notes/Réunion.md', aliases: ['Idée'] },
  { path: 'Notes/Some note.md', aliases: [] },
  { path: 'Notes/Sous/Plan.md', aliases: [] },
  { path: 'Notes/v1.2.md', aliases: [] },
  { path: 'Alias seul.md', aliases: ['Le Surnom'] },
  { path: 'Autre/Surnom partagé.md', aliases: ['commun'] },
  { path: 'Encore/Ailleurs.md', aliases: ['commun'] },
  { path: '100% sûr.md', aliases: [] },
];
const resolver = new LinkResolver(vault);

describe('LinkResolver.resolve', () => {
  test.each([
    // bare names
    ['exact basename', 'pre-training', 'x.md', 'pre-training.md'],
    ['basename with .md', 'pre-training.md', 'x.md', 'pre-training.md'],
    ['case-insensitive', 'PRE-TRAINING', 'x.md', 'pre-training.md'],
    ['case-insensitive accents', 'RÉUNION', 'x.md', 'Notes/Réunion.md'],
    ['NFD target', 'Re\u0301union', 'x.md', 'Notes/Réunion.md'],
    ['dots in a name are not an extension', 'v1.2', 'x.md', 'Notes/v1.2.md'],
    ['subpath and alias tails are ignored', 'pre-training#Conclusion|voir', 'x.md', 'pre-training.md'],
    // shortest path, then same folder, then alphabetical
    ['shortest path wins', 'Projet 20 - Créer un POC d\'un RAG', 'x.md', 'Projets/Projet 20 - Créer un POC d\'un RAG.md'],
    ['same folder breaks ties', 'Idée', 'B/Source.md', 'B/Idée.md'],
    ['same folder breaks ties (C)', 'Idée', 'C/Sous.md', 'C/Idée.md'],
    ['alphabetical otherwise', 'Idée', 'Ailleurs/Source.md', 'A/Idée.md'],
    ['deeper same-folder note loses to a shallower one', 'Idée', 'Deep/er/Source.md', 'A/Idée.md'],
    // folder parts
    ['folder part matches a path suffix', 'Archives/2023/Projet 20 - Créer un POC d\'un RAG', 'x.md', 'Archives/2023/Projet 20 - Créer un POC d\'un RAG.md'],
    ['partial folder suffix', '2023/Projet 20 - Créer un POC d\'un RAG', 'x.md', 'Archives/2023/Projet 20 - Créer un POC d\'un RAG.md'],
    ['suffix must start at a folder boundary', 'er/Idée', 'x.md', 'Deep/er/Idée.md'],
    ['no partial folder names', 'eep/er/Idée', 'x.md', null],
    ['folder path with .md, any case', 'notes/sous/PLAN.md', 'x.md', 'Notes/Sous/Plan.md'],
    ['folder relative to the source', 'Sous/Plan', 'Notes/Réunion.md', 'Notes/Sous/Plan.md'],
    // aliases
    ['alias', 'P20', 'x.md', 'Projets/Projet 20 - Créer un POC d\'un RAG.md'],
    ['alias, case-insensitive', 'le surnom', 'x.md', 'Alias seul.md'],
    ['a basename beats an alias', 'Idée', 'Notes/Réunion.md', 'A/Idée.md'],
    ['ambiguous alias: shortest path then alphabetical', 'commun', 'x.md', 'Autre/Surnom partagé.md'],
    // markdown-link forms
    ['URL-encoded markdown target', 'Notes/Some%20note.md', 'x.md', 'Notes/Some note.md'],
    ['URL-encoded bare name', 'Some%20note', 'x.md', 'Notes/Some note.md'],
    ['a literal % in a wikilink', '100% sûr', 'x.md', '100% sûr.md'],
    ['relative ./', './Sous/Plan.md', 'Notes/Réunion.md', 'Notes/Sous/Plan.md'],
    ['relative ../', '../pre-training.md', 'Notes/Réunion.md', 'pre-training.md'],
    ['relative ../ into another folder', '../Projets/Projet 20 - Créer un POC d\'un RAG.md', 'Notes/x.md', 'Projets/Projet 20 - Créer un POC d\'un RAG.md'],
    ['relative target that does not exist', './Plan.md', 'Notes/Réunion.md', null],
    // same note
    ['empty target is the source note', '', 'pre-training.md', 'pre-training.md'],
    ['empty target from an unknown note', '', 'inconnu.md', null],
    // unknown and hostile
    ['unknown name', 'Inexistant', 'x.md', null],
    ['attachment is not a note', 'schéma.png', 'x.md', null],
    ['../ escaping the vault', '../../etc/passwd', 'Notes/Réunion.md', null],
    ['../ escaping from the root', '../pre-training.md', 'pre-training.md', null],
    ['encoded ../ escaping the vault', '..%2F..%2Fpre-training.md', 'Notes/Réunion.md', null],
    ['.. in the middle that escapes', 'Notes/../../pre-training.md', 'x.md', null],
    ['absolute unix path', '/etc/passwd', 'x.md', null],
    ['absolute path to a vault file', '/pre-training.md', 'x.md', null],
    ['windows drive', 'C:\\Users\\x.md', 'x.md', null],
    ['backslash path', '..\\..\\pre-training.md', 'Notes/x.md', null],
    ['http URL', 'https://example.org/pre-training', 'x.md', null],
    ['file URL', 'file:///etc/passwd', 'x.md', null],
    ['obsidian URL', 'obsidian://open?file=pre-training', 'x.md', null],
    ['javascript URL', 'javascript:alert(1)', 'x.md', null],
    ['NUL byte', 'pre-training\0.md', 'x.md', null],
  ])('%s: %s', (_name, target, from, expected) => {
    expect(resolver.resolve(target, from)).toBe(expected);
  });

  test('never returns a path outside the given list', () => {
    const known = new Set(vault.map((n) => n.path));
    const targets = ['..', '.', './', '../..', '/', '//', '%2e%2e/x', 'Idée/..', 'A/./Idée', 'A//Idée', ' ', '#', '|', '\u200b', 'a'.repeat(10_000)];
    for (const t of targets) {
      for (const from of ['x.md', 'A/Idée.md', '']) {
        const got = resolver.resolve(t, from);
        if (got !== null) expect(known.has(got)).toBe(true);
      }
    }
  });

  test('an exact file name wins over a note whose stem has the same name', () => {
    const r = new LinkResolver([{ path: 'x/Note.md', aliases: [] }, { path: 'Note.md.md', aliases: [] }]);
    expect(r.resolve('Note.md', 'a.md')).toBe('Note.md.md');
    expect(r.resolve('Note', 'a.md')).toBe('x/Note.md');
  });

  test('the result does not depend on the listing order', () => {
    const shuffled = [...vault].reverse();
    const r = new LinkResolver(shuffled);
    for (const t of ['Idée', 'commun', 'Projet 20 - Créer un POC d\'un RAG']) {
      expect(r.resolve(t, 'Ailleurs/x.md')).toBe(resolver.resolve(t, 'Ailleurs/x.md'));
    }
  });

  test('NFD paths in the list are returned NFC', () => {
    const r = new LinkResolver([{ path: 'Cre\u0301er.md', aliases: [] }]);
    expect(r.resolve('Créer', 'x.md')).toBe('Cr\u00e9er.md');
  });

  test('scales to a large vault', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ path: `F${i % 50}/Note ${i}.md`, aliases: [`alias ${i}`] }));
    const r = new LinkResolver(many);
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) expect(r.resolve(`Note ${i}`, 'x.md')).toBe(`F${i % 50}/Note ${i}.md`);
    // Hang guard, not a benchmark: only catches pathological (minutes-long) behaviour on a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(12_000);
  });
});

describe('resolveHeading', () => {
  const note = parseNote(
    'n.md',
    [
      '# Projet',
      '## Objectifs',
      '## Réponse : pourquoi #1 ?',
      '## Voir [[Projet 20|P20]]',
      '## **Gras** et `code`',
      '### Détails',
      '## Objectifs',
    ].join('\n'),
    'h',
  );

  test.each([
    ['exact', 'Objectifs', 1],
    ['case-insensitive', 'OBJECTIFS', 1],
    ['first of duplicates', 'objectifs', 1],
    ['NFD', 'De\u0301tails', 5],
    ["Obsidian's link form without # and :", 'Réponse pourquoi 1 ?', 2],
    ['spaces collapsed', '  Réponse   :  pourquoi   1 ?', 2],
    ['wikilink heading in link form', 'Voir Projet 20 P20', 3],
    ['formatting marks dropped', 'Gras et code', 4],
    ['nested subpath takes the last heading', 'Projet#Objectifs', 1],
    ['nested subpath to a sub-heading', 'Objectifs#Détails', 5],
  ])('%s', (_name, heading, line) => {
    expect(resolveHeading(note, heading)?.line).toBe(line);
  });

  test.each([['missing', 'Absent'], ['empty', ''], ['only hashes', '##']])('%s → undefined', (_name, heading) => {
    expect(resolveHeading(note, heading)).toBeUndefined();
  });
});
