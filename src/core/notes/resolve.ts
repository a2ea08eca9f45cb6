// Link target → note path, with Obsidian's rules, and heading lookup inside a note.
import type { Heading, Note } from '../types';
import { basenameOf } from './text';

export interface ResolvableNote {
  path: string;
  aliases: string[];
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const ESCAPE = /%[0-9a-f]{2}/i;

/**
 * Resolves link targets against a fixed set of notes, case-insensitively, as Obsidian does:
 * a path (`folder/Note`) matches the end of a note path, a bare name matches a file name,
 * an alias is tried when no file name matches. Only paths from the list are ever returned,
 * so a hostile target (`../../etc/passwd`, `C:\…`, `file:`) cannot reach outside the vault.
 */
export class LinkResolver {
  private readonly paths = new Set<string>();
  /** Case-folded path, with and without `.md` → path. */
  private readonly byPath = new Map<string, string>();
  /** Case-folded file name without `.md` → paths. */
  private readonly byName = new Map<string, string[]>();
  private readonly byAlias = new Map<string, string[]>();

  constructor(notes: readonly ResolvableNote[]) {
    const stems: [string, string][] = [];
    for (const { path: raw, aliases } of notes) {
      const path = raw.normalize('NFC');
      if (this.paths.has(path)) continue;
      this.paths.add(path);
      this.byPath.set(fold(path), path);
      if (/\.md$/i.test(path)) stems.push([fold(path.slice(0, -3)), path]);
      push(this.byName, fold(basenameOf(path)), path);
      for (const alias of aliases) if (alias.trim()) push(this.byAlias, fold(alias.trim()), path);
    }
    // A real `Note` file wins over `Note.md` stripped of its extension.
    for (const [stem, path] of stems) if (!this.byPath.has(stem)) this.byPath.set(stem, path);
  }

  /**
   * `target` is a link target as written (`[[target]]`, decoded markdown destination); any
   * `#heading` or `|alias` tail is ignored. An empty target is the source note itself.
   */
  resolve(target: string, fromPath: string): string | null {
    const from = fromPath.normalize('NFC');
    const t = stripSubpath(target.normalize('NFC')).trim();
    if (!t) return this.paths.has(from) ? from : null;
    const found = this.lookup(t, from);
    if (found !== null || !ESCAPE.test(t)) return found;
    // Markdown destinations are percent-encoded (`Some%20note.md`); wikilinks are not, so the
    // decoded form is only a fallback and `[[100%25 sure]]` still finds a note named so.
    const decoded = safeDecode(t);
    return decoded === t ? null : this.lookup(decoded.normalize('NFC').trim(), from);
  }

  private lookup(t: string, from: string): string | null {
    if (!t || t.includes('\0') || t.includes('\\') || SCHEME.test(t) || t.startsWith('/')) return null;
    const segments = t.split('/');
    const fromDir = dirname(from);
    if (segments.includes('.') || segments.includes('..')) {
      const base = t.startsWith('./') || t.startsWith('../') ? joinDir(fromDir, t) : t;
      const normal = normalizeSegments(base);
      return normal === null ? null : this.exact(normal);
    }
    if (segments.length > 1) {
      const exact = this.exact(t) ?? (fromDir ? this.exact(`${fromDir}/${t}`) : null);
      if (exact) return exact;
      const suffix = fold(t);
      const candidates = this.named(segments[segments.length - 1]).filter((p) => {
        const f = fold(p);
        return endsWithSegment(f, suffix) || endsWithSegment(f, `${suffix}.md`);
      });
      return pickBest(candidates, fromDir);
    }
    const byName = this.named(t);
    if (byName.length > 0) return pickBest(byName, fromDir);
    return pickBest(this.byAlias.get(fold(t)) ?? [], fromDir);
  }

  private exact(path: string): string | null {
    return this.byPath.get(fold(path)) ?? null;
  }

  /** Notes whose file name is `name`, written with or without `.md`. */
  private named(name: string): string[] {
    const key = fold(name);
    const direct = this.byName.get(key) ?? [];
    if (!key.endsWith('.md')) return direct;
    const stem = this.byName.get(key.slice(0, -3)) ?? [];
    return direct.length === 0 ? stem : [...direct, ...stem];
  }
}

/**
 * Among notes sharing a name, the shallowest path wins (what Obsidian's "shortest path when
 * possible" link format relies on), then the one beside the source, then alphabetical order,
 * so the choice never depends on listing order.
 */
function pickBest(candidates: readonly string[], fromDir: string): string | null {
  let best: string | null = null;
  for (const c of candidates) if (best === null || better(c, best, fromDir)) best = c;
  return best;
}

function better(a: string, b: string, fromDir: string): boolean {
  const depth = depthOf(a) - depthOf(b);
  if (depth !== 0) return depth < 0;
  const near = Number(dirname(b) === fromDir) - Number(dirname(a) === fromDir);
  if (near !== 0) return near < 0;
  const fa = fold(a);
  const fb = fold(b);
  if (fa !== fb) return fa < fb;
  return a < b;
}

function depthOf(path: string): number {
  let n = 0;
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) n++;
  return n;
}

function fold(s: string): string {
  return s.normalize('NFC').toLowerCase();
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Obsidian forbids `#`, `|` and `^` in file names, so anything after them is a subpath or alias. */
function stripSubpath(target: string): string {
  const cut = target.search(/[#|]/);
  return cut >= 0 ? target.slice(0, cut) : target;
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function joinDir(dir: string, rel: string): string {
  return dir ? `${dir}/${rel}` : rel;
}

/** Collapses `.` and `..`; null when the path climbs above the vault root. */
function normalizeSegments(path: string): string | null {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else {
      out.push(seg);
    }
  }
  return out.length > 0 ? out.join('/') : null;
}

function endsWithSegment(path: string, suffix: string): boolean {
  return path === suffix || (path.endsWith(suffix) && path[path.length - suffix.length - 1] === '/');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Finds the heading a link points to. Case-insensitive; also accepts the form Obsidian writes
 * in links, where `#`, `:`, `|`, `^`, brackets and formatting marks are dropped and spaces
 * collapsed. For nested subpaths (`[[Note#Part#Section]]`) the last heading is the target.
 */
export function resolveHeading(note: Pick<Note, 'headings'>, heading: string): Heading | undefined {
  const parts = heading.split('#').map((p) => p.trim()).filter((p) => p.length > 0);
  const wanted = parts[parts.length - 1];
  if (wanted === undefined) return undefined;
  const key = fold(wanted);
  const exact = note.headings.find((h) => fold(h.text) === key);
  if (exact) return exact;
  const loose = looseHeading(wanted);
  if (!loose) return undefined;
  return note.headings.find((h) => looseHeading(h.text) === loose);
}

function looseHeading(text: string): string {
  return fold(text)
    .replace(/[#^:|[\]\\*_`~=%]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
