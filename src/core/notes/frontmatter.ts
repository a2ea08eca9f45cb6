// YAML frontmatter: where it ends, what it holds, and the aliases and tags Obsidian reads from it.
import { parseDocument, type YAMLError } from 'yaml';

/**
 * Aliases expanded while converting YAML to data. Real frontmatter uses a handful at most;
 * a low bound stops "billion laughs" documents before they allocate.
 */
const MAX_ALIAS_COUNT = 50;

export interface FrontmatterBlock {
  /** YAML source between the fences, or null when the note has no frontmatter. */
  yaml: string | null;
  /** Index of the first body line (0 without frontmatter). */
  bodyStart: number;
}

export interface Frontmatter {
  data: Record<string, unknown>;
  /** One-line reason when the YAML could not be read; `data` is then `{}`. */
  error?: string;
  aliases: string[];
  tags: string[];
}

/**
 * Obsidian only reads frontmatter that opens on the very first line with `---` and is closed
 * by another `---` line; anything else is body text (an unclosed fence is a thematic break).
 */
export function splitFrontmatter(lines: readonly string[]): FrontmatterBlock {
  if (lines.length < 2 || !isFence(lines[0])) return { yaml: null, bodyStart: 0 };
  for (let i = 1; i < lines.length; i++) {
    if (isFence(lines[i])) return { yaml: lines.slice(1, i).join('\n'), bodyStart: i + 1 };
  }
  return { yaml: null, bodyStart: 0 };
}

function isFence(line: string): boolean {
  return line.trimEnd() === '---';
}

/**
 * Parses frontmatter YAML. Never throws: hostile or broken YAML yields `{}` and a one-line error.
 * `firstLine` is the 1-based file line of the YAML's first line, so errors point into the file.
 */
export function parseFrontmatter(yaml: string, firstLine = 2): Frontmatter {
  let data: Record<string, unknown> = {};
  let error: string | undefined;
  if (yaml.trim()) {
    try {
      // Core schema: dates stay strings (JSON-safe for the index); duplicate keys keep the
      // last value rather than losing the whole block. logLevel 'error': the library's warnings
      // (e.g. a `? [complex, key]` stringified) would go to process.emitWarning or the console,
      // once per note, on every pass.
      const doc = parseDocument(yaml, { schema: 'core', uniqueKeys: false, logLevel: 'error' });
      if (doc.errors.length > 0) {
        error = describeYamlError(doc.errors[0], firstLine);
      } else {
        const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
        if (isPlainRecord(value)) data = value;
        else if (value !== null && value !== undefined) error = 'Frontmatter is not a list of properties (key: value)';
      }
    } catch (e) {
      error = e instanceof ReferenceError && /alias/i.test(e.message)
        ? 'Frontmatter rejected: too many YAML aliases (possible resource exhaustion attack)'
        : `Frontmatter could not be read: ${firstLineOf(e instanceof Error ? e.message : String(e))}`;
    }
  }
  const tags = pick(data, /^tags?$/i)
    .flatMap((v) => stringList(v, /[,\s]+/))
    .map((t) => t.replace(/^#+/, ''))
    .filter((t) => t.length > 0);
  const result: Frontmatter = {
    data,
    aliases: dedupeCaseless(pick(data, /^alias(es)?$/i).flatMap((v) => stringList(v, /,/))),
    tags: dedupeCaseless(tags),
  };
  if (error !== undefined) result.error = error;
  return result;
}

function describeYamlError(err: YAMLError, firstLine: number): string {
  const where = err.linePos?.[0];
  const line = where ? ` at line ${where.line + firstLine - 1}` : '';
  const message = firstLineOf(err.message).replace(/ at line \d+, column \d+:?$/, '');
  return `Invalid YAML frontmatter${line}: ${message}`;
}

function firstLineOf(text: string): string {
  const line = text.split('\n', 1)[0].trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Map);
}

/** Obsidian accepts `tags`/`tag` and `aliases`/`alias` in any case. */
function pick(data: Record<string, unknown>, key: RegExp): unknown[] {
  return Object.keys(data).filter((k) => key.test(k)).map((k) => data[k]);
}

/**
 * A list is taken item by item; a lone string is the legacy "a, b" form and is split.
 * Numbers count: a tag `2024` is usually written unquoted.
 */
function stringList(value: unknown, separator: RegExp): string[] {
  const scalar = (v: unknown): string | null =>
    typeof v === 'string' ? v.trim() || null : typeof v === 'number' || typeof v === 'bigint' ? String(v) : null;
  if (Array.isArray(value)) return value.map(scalar).filter((s): s is string => s !== null);
  if (typeof value === 'string') return value.split(separator).map((s) => s.trim()).filter((s) => s.length > 0);
  const single = scalar(value);
  return single === null ? [] : [single];
}

function dedupeCaseless(values: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const key = v.normalize('NFC').toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v.normalize('NFC'));
  }
  return out;
}
