// Hostile notes, as fast-check arbitraries: what a vault collects over years (pasted web pages,
// exports, binary files renamed .md, sync conflicts, editors in other encodings) and what someone
// could plant in a shared vault. Each generated note carries its category, to count and report.
import fc from 'fast-check';

export type HostileCategory =
  | 'random-bytes'
  | 'invalid-utf8'
  | 'huge-line'
  | 'deep-nesting'
  | 'many-links'
  | 'hostile-yaml'
  | 'invisible-and-rtl'
  | 'nfd'
  | 'escaping-links'
  | 'markdown-soup';

export interface HostileNote {
  category: HostileCategory;
  /** File name stem (no folder, no `.md`); may itself be hostile (NFD, invisible characters). */
  name: string;
  bytes: Uint8Array;
}

const enc = new TextEncoder();
const utf8 = (s: string) => enc.encode(s);
const utf16le = (s: string) => {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    out[2 * i] = s.charCodeAt(i) & 0xff;
    out[2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return out;
};
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const FRENCH = ['journal', 'été', 'réunion', 'idée', 'noël', 'cœur', 'projet', 'à', 'où', 'déjà', 'Mehdi', 'Camille', 'modèle'];
const words = fc.array(fc.constantFrom(...FRENCH), { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));

/** Bytes that are never valid UTF-8: lone continuation, truncated sequences, overlongs, surrogates, 0xFF. */
const INVALID = [[0x80], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xfe, 0xfe], [0xf8, 0x88, 0x80, 0x80, 0x80]];

/** Characters that hide or reorder text. */
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u202e', '\u202d', '\u2066', '\u2067', '\u2069', '\u200f', '\u061c'];

/** Link targets that try to leave the vault or the note graph. */
export const ESCAPING_TARGETS = [
  '../outside',
  '../../outside',
  '../../../../../../etc/passwd',
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  '\\\\server\\share\\note',
  'file:///etc/passwd',
  'https://example.invalid/page',
  'javascript:alert(1)',
  'obsidian://open?vault=other&file=secret',
  'data:text/html,<script>alert(1)</script>',
  '%2e%2e/%2e%2e/outside',
  '..%2F..%2Foutside',
  './../outside',
  'Dossier/../../outside',
  '~/outside',
];

const name = fc.oneof(
  fc.stringMatching(/^[a-z0-9 ]{1,20}$/),
  words,
  words.map((w) => w.normalize('NFD')),
  fc.tuple(words, fc.constantFrom(...INVISIBLE)).map(([w, c]) => `${c}${w}${c}`),
);

const randomBytes = fc.uint8Array({ minLength: 0, maxLength: 4096 }).map((b) => ({ category: 'random-bytes' as const, bytes: b }));

const invalidUtf8 = fc
  .array(fc.oneof(words.map(utf8), fc.constantFrom(...INVALID).map((b) => Uint8Array.from(b))), { minLength: 1, maxLength: 60 })
  .map((parts) => ({ category: 'invalid-utf8' as const, bytes: concat(...parts) }));

const hugeLine = fc
  .tuple(fc.integer({ min: 20_000, max: 150_000 }), words)
  .map(([length, w]) => ({ category: 'huge-line' as const, bytes: utf8(`# Ligne\n\n${`${w} [[lien]] `.repeat(Math.ceil(length / (w.length + 10))).slice(0, length)}\n`) }));

const deepNesting = fc
  .tuple(fc.constantFrom('> ', '- ', '  - ', '1. ', '> - ', '[', '**', '<div>'), fc.integer({ min: 10, max: 20_000 }), words)
  .map(([unit, depth, w]) => {
    const nested = unit === '  - ' ? Array.from({ length: Math.min(depth, 300) }, (_, i) => `${'  '.repeat(i)}- ${w}`).join('\n') : `${unit.repeat(depth)}${w}`;
    return { category: 'deep-nesting' as const, bytes: utf8(`${nested}\n\n# Après\n\n${w} [[après]]\n`) };
  });

const manyLinks = fc
  .tuple(fc.integer({ min: 100, max: 3000 }), fc.constantFrom('[[Note %]]', '[[Note %#Titre|alias]]', '![[Image %.png]]', '[lien](Note%20%.md)', '[[%]]'))
  .map(([count, pattern]) => ({ category: 'many-links' as const, bytes: utf8(Array.from({ length: count }, (_, i) => pattern.replace(/%/g, String(i))).join(' ')) }));

const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  'aliases: *i',
  'tags: *i',
].join('\n');

const YAML_BODIES = [
  BILLION_LAUGHS,
  'aliases: &x [*x]',
  'tags: !!js/function "function(){ return process.exit(1) }"',
  'aliases: !!binary aGVsbG8=',
  'title: "unterminated',
  `nested: ${'['.repeat(5000)}${']'.repeat(5000)}`,
  `deep: ${'{a: '.repeat(3000)}1${'}'.repeat(3000)}`,
  'aliases: 12\ntags: {a: 1}',
  'aliases: [null, 3, {x: y}, [z], "ok"]',
  'tags: [~, 4.5, "#bon", "mauvais tag avec espaces", "../../etc"]',
  'a: 1\na: 2\na: 3',
  '\t\tbad: indentation\n  - mixed',
  '? [complex, key]\n: value',
  '<<: *undefined_anchor',
  `aliases: [${Array.from({ length: 20_000 }, (_, i) => `alias${i}`).join(', ')}]`,
  '%YAML 9.9\n---\nx: 1',
];

const hostileYaml = fc
  .tuple(fc.constantFrom(...YAML_BODIES), fc.boolean(), words)
  .map(([yaml, closed, w]) => ({ category: 'hostile-yaml' as const, bytes: utf8(`---\n${yaml}\n${closed ? '---\n' : ''}# ${w}\n\n${w} [[${w}]]\n`) }));

const invisible = fc
  .array(fc.oneof(words, fc.constantFrom(...INVISIBLE)), { minLength: 3, maxLength: 40 })
  .map((parts) => {
    const t = parts.join('');
    return { category: 'invisible-and-rtl' as const, bytes: utf8(`# ${t}\n\n${t} [[${t}]] #${t.replace(/\s/g, '')}\n\n## ${t}\n\n${t}\n`) };
  });

const nfd = words.map((w) => ({
  category: 'nfd' as const,
  bytes: utf8(`---\naliases: [${w.normalize('NFD')}]\ntags: [${w.replace(/\s/g, '').normalize('NFD')}]\n---\n# ${w.normalize('NFD')}\n\n${w.normalize('NFD')} [[${w.normalize('NFD')}]] ${w}\n`),
}));

const escapingLinks = fc
  .array(fc.constantFrom(...ESCAPING_TARGETS), { minLength: 1, maxLength: 10 })
  .chain((targets) =>
    fc.constantFrom('wiki', 'embed', 'markdown', 'angle').map((style) => {
      const link = (t: string) =>
        style === 'wiki' ? `[[${t}]]` : style === 'embed' ? `![[${t}]]` : style === 'markdown' ? `[x](${t.replace(/ /g, '%20')})` : `[x](<${t}>)`;
      return { category: 'escaping-links' as const, bytes: utf8(`# Liens\n\n${targets.map(link).join('\n\n')}\n`) };
    }),
  );

const markdownSoup = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom('[[', ']]', '![[', '#', '##', '```', '~~~', '---', '> ', '- ', '|', '^', '%%', '$$', '<!--', '-->', '\n', '\r\n', '\t', '[^1]', '==', '$'),
    ),
    { maxLength: 200 },
  )
  .map((parts) => ({ category: 'markdown-soup' as const, bytes: utf8(parts.join('')) }));

/** One generated hostile note, from any category, with a (possibly hostile) name. */
export const hostileNote: fc.Arbitrary<HostileNote> = fc
  .tuple(
    fc.oneof(
      { weight: 2, arbitrary: randomBytes },
      { weight: 2, arbitrary: invalidUtf8 },
      { weight: 1, arbitrary: hugeLine },
      { weight: 2, arbitrary: deepNesting },
      { weight: 1, arbitrary: manyLinks },
      { weight: 2, arbitrary: hostileYaml },
      { weight: 2, arbitrary: invisible },
      { weight: 2, arbitrary: nfd },
      { weight: 2, arbitrary: escapingLinks },
      { weight: 3, arbitrary: markdownSoup },
    ),
    name,
  )
  .map(([note, n]) => ({ ...note, name: n }));

/** Notes every run includes, whatever the generator draws. */
export function fixedHostileNotes(): HostileNote[] {
  const paragraph = "Une journée de travail sur [[Projet 20]] avec Mehdi. L'idée : un RAG sur mes notes.\n";
  return [
    { category: 'huge-line', name: 'cinq mégaoctets', bytes: utf8(`# Gros\n\n${`## Section\n\n${paragraph.repeat(40)}\n`.repeat(Math.ceil((5 * 1024 * 1024) / (paragraph.length * 40 + 13))).slice(0, 5 * 1024 * 1024)}`) },
    { category: 'huge-line', name: 'cinq mégaoctets sur une ligne', bytes: utf8(`mot [[x]] `.repeat(512 * 1024)) },
    { category: 'huge-line', name: 'neuf mégaoctets', bytes: new Uint8Array(9 * 1024 * 1024).fill(0x61) },
    { category: 'many-links', name: 'dix mille liens', bytes: utf8(Array.from({ length: 10_000 }, (_, i) => `[[Note ${i}]]`).join(' ')) },
    { category: 'hostile-yaml', name: 'billion laughs', bytes: utf8(`---\n${BILLION_LAUGHS}\n---\n# Rires\n\nlol\n`) },
    { category: 'deep-nesting', name: 'cent mille citations', bytes: utf8(`${'>'.repeat(100_000)} fond\n\n# Après\n\nsuite [[après]]\n`) },
    { category: 'escaping-links', name: 'tous les liens sortants', bytes: utf8(ESCAPING_TARGETS.map((t) => `[[${t}]] [x](${t.replace(/ /g, '%20')}) ![[${t}]]`).join('\n\n')) },
    { category: 'random-bytes', name: 'binaire', bytes: Uint8Array.from({ length: 65_536 }, (_, i) => (i * 7919) % 256) },
    { category: 'invalid-utf8', name: 'latin1', bytes: Uint8Array.from([0x23, 0x20, 0x45, 0x74, 0xe9, 0x0a, 0x0a, 0x43, 0x61, 0x66, 0xe9, 0x20, 0x63, 0x72, 0xe8, 0x6d, 0x65, 0x0a]) },
    { category: 'invalid-utf8', name: 'utf16', bytes: utf16le('\ufeff# Été\n\nUne note enregistrée en « Unicode » par un éditeur Windows. [[Projet 20]]\n') },
  ];
}
