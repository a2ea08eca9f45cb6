// Checks the citations a model wrote against the sources it was given. A citation
// survives as a link only if it names one of those notes — and, when it names a
// heading, one of the headings of the passages shown. Everything else is kept as
// visibly unverified plain text, so a made-up or hostile link never becomes clickable.

import type { SearchResult } from '../types';
import { linkSafeHeading, withoutMdExtension } from './citation-link';

export type BadCitationCode =
  | 'malformed'
  | 'unsafe'
  | 'not-a-source'
  | 'no-such-note'
  | 'ambiguous'
  | 'heading-not-found'
  | 'no-such-source';

export type CitationSegment =
  | { kind: 'text'; text: string }
  | {
      kind: 'citation';
      raw: string;
      /** Vault path of the cited note, with `.md`. */
      path: string;
      /** The heading as written in the note (not as the model spelled it). */
      heading?: string;
      display: string;
      /** 1-based number of the (first) cited source among those checked against. */
      source: number;
    }
  | { kind: 'bad-citation'; raw: string; reason: string; code: BadCitationCode };

export interface CitationCheck {
  segments: CitationSegment[];
  valid: number;
  invalid: number;
}

/** Resolves a link target vault-wide; returns the note's path, or null when there is none. */
export type NoteExists = (target: string) => string | null;

interface SourceNote {
  path: string;
  title: string;
  /** 1-based number of its first passage. */
  number: number;
  /** Normalised heading → heading as written, over every passage of the note. */
  headings: Map<string, string>;
}

/**
 * Splits `answer` into text and citations: `[[note]]`, `[[note#heading]]`,
 * `[[note#heading|alias]]`, and numeric `[1]`, `[1, 3]`, `[Source 2]`, `[[2]]`
 * referring to `sources[n - 1]`. Note names match case-insensitively, by title,
 * path or path without `.md`, in any Unicode normalisation; accents are ignored
 * only when that still designates a single source. Code spans and blocks are text.
 */
export function checkCitations(answer: string, sources: SearchResult[], noteExists?: NoteExists): CitationCheck {
  const notes = indexSources(sources);
  const segments: CitationSegment[] = [];
  const pushText = (text: string) => {
    if (!text) return;
    const last = segments[segments.length - 1];
    if (last?.kind === 'text') last.text += text;
    else segments.push({ kind: 'text', text });
  };

  for (const part of splitCode(answer)) {
    if (part.code) {
      pushText(part.text);
      continue;
    }
    let index = 0;
    for (const token of scanCitations(part.text)) {
      pushText(part.text.slice(index, token.start));
      index = token.end;
      if (token.type === 'unclosed') {
        segments.push(bad(token.raw, 'malformed', 'the link is not closed with ]]'));
      } else if (token.type === 'numbers') {
        for (const n of token.numbers) segments.push(numbered(n, `[${n}]`, sources, notes));
      } else {
        segments.push(checkWikilink(token.raw, token.inner, sources, notes, noteExists));
      }
    }
    pushText(part.text.slice(index));
  }

  const valid = segments.filter((s) => s.kind === 'citation').length;
  const invalid = segments.filter((s) => s.kind === 'bad-citation').length;
  return { segments, valid, invalid };
}

/**
 * Markdown for display: verified citations become `[[path#heading|display]]`;
 * unverified ones become `⚠︎ \`note#heading\` (unverified)`, a code span, which
 * Obsidian never turns into a link or an embed, whatever it contains.
 */
export function renderCitationsAsMarkdown(segments: CitationSegment[]): string {
  return segments
    .map((s) => {
      if (s.kind === 'text') return s.text;
      if (s.kind === 'citation') {
        const heading = s.heading ? `#${linkSafeHeading(s.heading)}` : '';
        return `[[${withoutMdExtension(s.path)}${heading}|${safeDisplay(s.display)}]]`;
      }
      return `⚠︎ ${codeSpan(unbracketed(s.raw))} (unverified)`;
    })
    .join('');
}

// ---- resolving -------------------------------------------------------------

function indexSources(sources: SearchResult[]): Map<string, SourceNote> {
  const notes = new Map<string, SourceNote>();
  sources.forEach((source, i) => {
    let note = notes.get(source.path);
    if (!note) {
      note = { path: source.path, title: source.title || baseName(source.path), number: i + 1, headings: new Map() };
      notes.set(source.path, note);
    }
    for (const h of [...source.headingPath, ...(source.heading ? [source.heading] : [])]) {
      note.headings.set(normalise(linkSafeHeading(h)), h);
    }
  });
  return notes;
}

function checkWikilink(
  raw: string,
  inner: string,
  sources: SearchResult[],
  notes: Map<string, SourceNote>,
  noteExists: NoteExists | undefined,
): CitationSegment {
  const pipe = inner.indexOf('|');
  const reference = (pipe >= 0 ? inner.slice(0, pipe) : inner).trim();
  const alias = pipe >= 0 ? inner.slice(pipe + 1).trim() : '';
  const hash = reference.indexOf('#');
  const target = (hash >= 0 ? reference.slice(0, hash) : reference).trim();
  const headingRefs = hash >= 0 ? reference.slice(hash + 1).split('#').map((h) => h.trim()).filter(Boolean) : [];

  if (!reference) return bad(raw, 'malformed', 'the link is empty');
  if (!target) return bad(raw, 'malformed', 'the link names a heading but no note');
  const unsafe = unsafeTarget(target);
  if (unsafe) return bad(raw, 'unsafe', unsafe);

  // The model was told to cite by link, but "[[2]]" plainly means source 2.
  if (/^\d{1,2}$/.test(target) && headingRefs.length === 0 && resolve(target, notes).length === 0) {
    return numbered(Number(target), raw, sources, notes);
  }

  let candidates = resolve(target, notes);
  if (candidates.length === 0) {
    const elsewhere = noteExists?.(target);
    return elsewhere
      ? bad(raw, 'not-a-source', `"${target}" is one of your notes, but not one the answer was given`)
      : bad(raw, 'no-such-note', `no note "${target}" among the sources`);
  }
  if (headingRefs.some((h) => h.startsWith('^'))) {
    return bad(raw, 'heading-not-found', 'block references cannot be checked against the passages');
  }
  if (headingRefs.length) {
    const withHeadings = candidates.filter((note) => headingRefs.every((h) => findHeading(note, h) !== undefined));
    if (withHeadings.length === 0) {
      const missing = headingRefs.find((h) => candidates.every((note) => findHeading(note, h) === undefined)) ?? headingRefs[0];
      return bad(raw, 'heading-not-found', `no heading "${missing}" in the passages of "${candidates[0].title}"`);
    }
    candidates = withHeadings;
  }
  if (candidates.length > 1) {
    return bad(raw, 'ambiguous', `several sources are named "${target}"`);
  }
  const note = candidates[0];
  const lastRef = headingRefs[headingRefs.length - 1];
  const heading = lastRef === undefined ? undefined : findHeading(note, lastRef);
  return {
    kind: 'citation',
    raw,
    path: note.path,
    ...(heading !== undefined ? { heading } : {}),
    display: alias || displayOf(note.title, heading),
    source: note.number,
  };
}

function numbered(n: number, raw: string, sources: SearchResult[], notes: Map<string, SourceNote>): CitationSegment {
  const source = sources[n - 1];
  if (!source || n < 1) return bad(raw, 'no-such-source', `there is no source ${n}`);
  const note = notes.get(source.path)!;
  return {
    kind: 'citation',
    raw,
    path: source.path,
    ...(source.heading ? { heading: source.heading } : {}),
    display: displayOf(note.title, source.heading),
    source: n,
  };
}

/** Exact (case- and normalisation-insensitive) matches first; accent-blind only if unique. */
function resolve(target: string, notes: Map<string, SourceNote>): SourceNote[] {
  const wanted = normalise(withoutMdExtension(target.replace(/\\/g, '/')));
  const keysOf = (note: SourceNote) => [note.title, baseName(note.path), withoutMdExtension(note.path)].map(normalise);
  const exact = [...notes.values()].filter((note) => keysOf(note).includes(wanted));
  if (exact.length) return exact;
  const folded = [...notes.values()].filter((note) => keysOf(note).map(fold).includes(fold(wanted)));
  return folded.length === 1 ? folded : [];
}

function findHeading(note: SourceNote, ref: string): string | undefined {
  const wanted = normalise(linkSafeHeading(ref));
  const exact = note.headings.get(wanted);
  if (exact !== undefined) return exact;
  const folded = [...note.headings].filter(([key]) => fold(key) === fold(wanted));
  return folded.length === 1 ? folded[0][1] : undefined;
}

/** Why a link target cannot be a note of the vault, or undefined when it can. */
function unsafeTarget(target: string): string | undefined {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // keep as written: a stray % is not a reason to reject
  }
  for (const t of new Set([target, decoded])) {
    if (/\p{Cc}/u.test(t)) return 'the link contains control characters';
    if (/^[a-z][a-z0-9+.-]*:/i.test(t) && !/^[a-z]:[\\/]/i.test(t)) return 'it is a URL, not a note';
    if (/^([\\/~]|[a-z]:[\\/])/i.test(t)) return 'it is an absolute path, not a note of the vault';
    if (t.split(/[\\/]/).some((seg) => seg.trim() === '..' || seg.trim() === '.')) return 'the path leaves the vault';
  }
  return undefined;
}

// ---- scanning --------------------------------------------------------------

type Token =
  | { type: 'wikilink'; start: number; end: number; raw: string; inner: string }
  | { type: 'unclosed'; start: number; end: number; raw: string }
  | { type: 'numbers'; start: number; end: number; raw: string; numbers: number[] };

const CITATION_START = /!?\[\[|\[(?:sources?\s*:?\s*)?(\d{1,2}(?:\s*[,;]\s*\d{1,2})*)\](?!\()/gi;

function* scanCitations(text: string): Generator<Token> {
  CITATION_START.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = CITATION_START.exec(text))) {
    const start = match.index;
    if (match[1] !== undefined) {
      const numbers = match[1].split(/[,;]/).map((n) => Number(n.trim()));
      yield { type: 'numbers', start, end: start + match[0].length, raw: match[0], numbers };
      continue;
    }
    const open = start + match[0].length;
    const close = text.indexOf(']]', open);
    const nextOpen = text.indexOf('[[', open);
    const newline = text.indexOf('\n', open);
    const stop = Math.min(...[close, nextOpen, newline].filter((i) => i >= 0), text.length);
    if (close >= 0 && close === stop) {
      yield { type: 'wikilink', start, end: close + 2, raw: text.slice(start, close + 2), inner: text.slice(open, close) };
      CITATION_START.lastIndex = close + 2;
    } else {
      yield { type: 'unclosed', start, end: stop, raw: text.slice(start, stop) };
      CITATION_START.lastIndex = stop;
    }
  }
}

/** Fenced code blocks and inline code spans, which are never citations. */
function splitCode(text: string): Array<{ text: string; code: boolean }> {
  const parts: Array<{ text: string; code: boolean }> = [];
  const pattern = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[`~]*[ \t]*$|(?![\s\S]))|(`+)(?!`)[\s\S]*?[^`]\2(?!`)/gm;
  let index = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text))) {
    if (match.index > index) parts.push({ text: text.slice(index, match.index), code: false });
    parts.push({ text: match[0], code: true });
    index = match.index + match[0].length;
    if (match[0].length === 0) pattern.lastIndex++;
  }
  if (index < text.length) parts.push({ text: text.slice(index), code: false });
  return parts;
}

// ---- small helpers ---------------------------------------------------------

function bad(raw: string, code: BadCitationCode, reason: string): CitationSegment {
  return { kind: 'bad-citation', raw, reason, code };
}

function normalise(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

function baseName(path: string): string {
  return withoutMdExtension(path.split('/').pop() ?? path);
}

function displayOf(title: string, heading: string | undefined): string {
  return heading ? `${title} › ${heading}` : title;
}

/** Alias text that cannot end the link early or start another. */
function safeDisplay(text: string): string {
  return text.replace(/[[\]|]/g, ' ').replace(/\s+/g, ' ').trim();
}

function unbracketed(raw: string): string {
  const inner = raw.replace(/^!?\[\[/, '').replace(/\]\]$/, '');
  return raw.startsWith('[[') || raw.startsWith('![[') ? inner || raw : raw;
}

/** A code span holding `text` literally, however many backticks it contains. */
function codeSpan(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const longest = Math.max(0, ...Array.from(flat.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
