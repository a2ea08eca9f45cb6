// A conversation as a markdown note: frontmatter (date, model, endpoint), then one question callout
// per turn, the answer as markdown with its citations as links, and its sources in a folded
// callout. Being a note, it syncs with the vault and survives plugin updates; `parseConversation`
// reads it back so the panel can reopen it.
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { SearchResult } from '../../core/types';
import { withoutMdExtension } from '../../core/answer/citation-link';
import { wikilinkTo } from '../../core/render/answer-note';

export const CONVERSATION_MARKER = 'ask-vault-conversation';

export interface SavedSource {
  path: string;
  title: string;
  heading?: string;
  line?: number;
}

export interface ConversationTurn {
  question: string;
  /** The answer as markdown: verified citations as `[[path#heading|display]]`, unverified ones as code. */
  answer: string;
  sources: SavedSource[];
  /** The question as understood, when follow-up resolution changed it. */
  resolved?: string;
  /** What the next follow-up resolves against, when it is not `resolved` (a « Pourquoi ? » keeps its question's). */
  anchor?: string;
  /** Stopped answers are kept, and marked so, for the model reading the conversation later. */
  status?: 'stopped';
}

export interface ConversationMeta {
  /** ISO date of the first question. */
  date: string;
  model: string;
  endpoint: string;
}

export interface SavedConversation {
  meta: ConversationMeta;
  turns: ConversationTurn[];
}

export interface NoteLabels {
  question: string;
  sources: string;
  /** « Compris : », before the question as understood. */
  understood?: string;
}

export function formatConversationHeader(meta: ConversationMeta): string {
  const yaml = stringifyYaml({ [CONVERSATION_MARKER]: 1, date: meta.date, model: meta.model, endpoint: meta.endpoint });
  return `---\n${yaml}---\n`;
}

export function formatTurn(turn: ConversationTurn, labels: NoteLabels): string {
  const lines = [`> [!question] ${oneLine(labels.question)}`, ...turn.question.split('\n').map((l) => `> ${l}`).map(trimEnd)];
  if (turn.resolved && labels.understood) lines.push(`> ${UNDERSTOOD_MARK}*${oneLine(labels.understood)} ${oneLine(turn.resolved).replace(/[*_[\]]/g, '\\$&')}*`);
  // Comments: hidden in reading view, read back to restore the conversation's context.
  for (const key of TURN_FIELDS) {
    const value = turn[key];
    if (value && (key !== 'anchor' || value !== turn.resolved)) lines.push(`> %%ask-vault-${key}: ${oneLine(value).replace(/%%/g, '% %')}%%`);
  }
  lines.push('', turn.answer.trim(), '');
  if (turn.sources.length > 0) {
    lines.push(`> [!quote]- ${oneLine(labels.sources)}`);
    turn.sources.forEach((s, i) => lines.push(`> ${i + 1}. ${sourceLink(s)}`));
    lines.push('');
  }
  return `\n${lines.join('\n')}`;
}

/** `[[path#heading|title › heading]]`; the line, when known, as a trailing comment Obsidian hides. */
function sourceLink(s: SavedSource): string {
  const display = [s.title, s.heading].filter(Boolean).join(' › ');
  return `${wikilinkTo(s.path, s.heading, display)}${s.line !== undefined ? ` %%line ${s.line}%%` : ''}`;
}

export function sourcesOf(results: readonly SearchResult[]): SavedSource[] {
  return results.map((r) => ({
    path: r.path,
    title: r.title,
    ...(r.heading ? { heading: r.heading } : {}),
    line: Math.max(0, r.lines[0] - 1),
  }));
}

/** Reads a saved conversation; null when the note is not one. Tolerates edits by hand. */
export function parseConversation(text: string): SavedConversation | null {
  const normalised = text.replace(/\r\n?/g, '\n');
  const fm = /^---\n([\s\S]*?)\n---\n?/.exec(normalised);
  if (!fm) return null;
  let data: unknown;
  try {
    data = parseYaml(fm[1]);
  } catch {
    return null;
  }
  if (!data || typeof data !== 'object' || !(CONVERSATION_MARKER in data)) return null;
  const record = data as Record<string, unknown>;
  const meta: ConversationMeta = { date: str(record.date), model: str(record.model), endpoint: str(record.endpoint) };

  const turns: ConversationTurn[] = [];
  let turn: ConversationTurn | null = null;
  let section: 'question' | 'answer' | 'sources' = 'answer';
  const answer: string[] = [];
  const finish = () => {
    if (turn) {
      turn.answer = answer.join('\n').trim();
      turns.push(turn);
    }
    answer.length = 0;
  };
  for (const line of normalised.slice(fm[0].length).split('\n')) {
    if (/^>\s*\[!question\]/i.test(line)) {
      finish();
      turn = { question: '', answer: '', sources: [] };
      section = 'question';
      continue;
    }
    if (!turn) continue;
    if (/^>\s*\[!quote\]-?/i.test(line)) {
      section = 'sources';
      continue;
    }
    if (section !== 'answer' && line.startsWith('>')) {
      const content = line.replace(/^>\s?/, '');
      if (section === 'question') {
        if (!readField(turn, content) && !content.startsWith(UNDERSTOOD_MARK)) turn.question = turn.question ? `${turn.question}\n${content}` : content;
      } else {
        const source = parseSourceLine(content);
        if (source) turn.sources.push(source);
      }
      continue;
    }
    section = 'answer';
    answer.push(line);
  }
  finish();
  return { meta, turns };
}

const UNDERSTOOD_MARK = '↳ ';
const TURN_FIELDS = ['resolved', 'anchor', 'status'] as const;
const FIELD_LINE = /^%%ask-vault-(resolved|anchor|status): (.*)%%\s*$/;

function readField(turn: ConversationTurn, line: string): boolean {
  const m = FIELD_LINE.exec(line);
  if (!m) return false;
  const value = m[2].trim();
  if (m[1] === 'status') {
    if (value === 'stopped') turn.status = 'stopped';
  } else if (value) {
    turn[m[1] as 'resolved' | 'anchor'] = value;
  }
  return true;
}

function parseSourceLine(line: string): SavedSource | null {
  const m = /\[\[([^\]|#]+)(?:#([^\]|]+))?(?:\|([^\]]*))?\]\](?:\s*%%line (\d+)%%)?/.exec(line) ?? markdownSourceLink(line);
  if (!m) return null;
  const path = `${m[1].trim()}.md`;
  const heading = m[2]?.trim();
  const title = (m[3] ?? '').split(' › ')[0]?.trim() || m[1].split('/').pop()!.trim();
  return { path, title, ...(heading ? { heading } : {}), ...(m[4] !== undefined ? { line: Number(m[4]) } : {}) };
}

/** `[display](encoded/path.md#heading)`, the form of a path a wikilink cannot hold, as the wikilink's groups. */
function markdownSourceLink(line: string): string[] | null {
  const m = /^\d+\.\s+\[((?:\\.|[^\]\\])*)\]\(([^)#\s]+)(?:#([^)\s]*))?\)(?:\s*%%line (\d+)%%)?/.exec(line.trim());
  if (!m) return null;
  try {
    const path = decodeURI(m[2]).replace(/%([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    const heading = m[3] ? decodeURIComponent(m[3]) : undefined;
    return [m[0], withoutMdExtension(path), heading as string, m[1].replace(/\\(.)/g, '$1'), m[4]];
  } catch {
    return null;
  }
}

/** Sources as search results, so a reopened answer's citations are checked like a fresh one's. */
export function savedSourcesAsResults(sources: readonly SavedSource[]): SearchResult[] {
  return sources.map((s, i) => ({
    chunkId: `${s.path}#saved-${i}`,
    path: s.path,
    title: s.title,
    headingPath: s.heading ? [s.heading] : [],
    ...(s.heading ? { heading: s.heading } : {}),
    lines: [(s.line ?? 0) + 1, (s.line ?? 0) + 1],
    text: '',
    score: 0,
    source: 'hybrid',
    why: '',
  }));
}

function str(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function trimEnd(line: string): string {
  return line.replace(/\s+$/, '');
}
