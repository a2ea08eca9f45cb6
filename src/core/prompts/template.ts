// Saved prompts: notes in a folder, each a template. Frontmatter `name` (required), optional
// `scope` (folders, tags, a period, the current note) and `insert: true` (the answer goes into the
// note); the body may use {{selection}}, {{note}}, {{period}} and {{question}}. A note that is not
// a valid template is reported with its reason, never silently skipped.
import { parse as parseYaml } from 'yaml';

export const VARIABLES = ['selection', 'note', 'period', 'question'] as const;
export type Variable = (typeof VARIABLES)[number];

export interface TemplateScope {
  folders: string[];
  tags: string[];
  /** A period as words ("the last 7 days", « les 7 derniers jours »), read like one in a question. */
  period?: string;
  /** Restrict to the note the prompt is run from. */
  note: boolean;
}

export interface PromptTemplate {
  path: string;
  /** Stable id for commands: from the path. */
  id: string;
  name: string;
  scope: TemplateScope;
  insert: boolean;
  body: string;
  variables: Variable[];
}

export type ParsedTemplate = { ok: true; template: PromptTemplate } | { ok: false; path: string; reason: string };

const FM = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;
const VARIABLE = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

function list(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v) => v.trim()).filter(Boolean);
  return null;
}

export function templateId(path: string): string {
  return path.replace(/\.md$/i, '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function parseTemplate(path: string, text: string): ParsedTemplate {
  const fail = (reason: string): ParsedTemplate => ({ ok: false, path, reason });
  const fm = FM.exec(text.replace(/^\uFEFF/, ''));
  if (!fm) return fail('no frontmatter: a prompt starts with --- and a "name:" line');
  let data: unknown;
  try {
    data = parseYaml(fm[1]);
  } catch (err) {
    return fail(`frontmatter is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return fail('frontmatter is not a set of properties');
  const d = data as Record<string, unknown>;
  if (typeof d.name !== 'string' || !d.name.trim()) return fail('"name" is missing or empty');
  if (d.insert !== undefined && typeof d.insert !== 'boolean') return fail('"insert" must be true or false');
  const scope = parseScope(d.scope);
  if (typeof scope === 'string') return fail(scope);
  const body = text.replace(/^\uFEFF/, '').slice(fm[0].length).trim();
  if (!body) return fail('the body is empty: write the prompt under the frontmatter');
  const variables: Variable[] = [];
  for (const m of body.matchAll(VARIABLE)) {
    const v = m[1].toLowerCase();
    if (!(VARIABLES as readonly string[]).includes(v)) return fail(`unknown variable {{${m[1]}}} (known: ${VARIABLES.map((x) => `{{${x}}}`).join(', ')})`);
    if (!variables.includes(v as Variable)) variables.push(v as Variable);
  }
  return { ok: true, template: { path, id: templateId(path), name: d.name.trim(), scope, insert: d.insert === true, body, variables } };
}

function parseScope(raw: unknown): TemplateScope | string {
  const scope: TemplateScope = { folders: [], tags: [], note: false };
  if (raw === undefined || raw === null) return scope;
  if (typeof raw === 'string') {
    // A shorthand: "note", "#tag", "Folder/", or a period.
    const s = raw.trim();
    if (/^(?:note|this note|cette note)$/i.test(s)) scope.note = true;
    else if (s.startsWith('#')) scope.tags.push(s.slice(1));
    else if (s.endsWith('/')) scope.folders.push(s.replace(/\/+$/, ''));
    else scope.period = s;
    return scope;
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) return '"scope" must be text or properties (folders, tags, period, note)';
  const r = raw as Record<string, unknown>;
  const folders = list(r.folders ?? r.folder);
  const tags = list(r.tags ?? r.tag);
  if (!folders) return '"scope.folders" must be text or a list of text';
  if (!tags) return '"scope.tags" must be text or a list of text';
  if (r.period !== undefined && typeof r.period !== 'string') return '"scope.period" must be text, e.g. "the last 7 days"';
  if (r.note !== undefined && typeof r.note !== 'boolean') return '"scope.note" must be true or false';
  scope.folders = folders.map((f) => f.replace(/\/+$/, ''));
  scope.tags = tags.map((t) => t.replace(/^#/, ''));
  if (typeof r.period === 'string' && r.period.trim()) scope.period = r.period.trim();
  scope.note = r.note === true;
  return scope;
}

export type FillValues = Partial<Record<Variable, string>>;

export type Filled = { ok: true; text: string } | { ok: false; missing: Variable };

/** The prompt with its variables replaced; the first variable with no value otherwise. */
export function fillTemplate(template: PromptTemplate, values: FillValues): Filled {
  for (const v of template.variables) {
    if (!values[v]?.trim()) return { ok: false, missing: v };
  }
  const text = template.body.replace(VARIABLE, (_m, name: string) => values[name.toLowerCase() as Variable]!.trim());
  return { ok: true, text };
}
