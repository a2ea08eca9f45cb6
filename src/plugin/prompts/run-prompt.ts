// Running a saved prompt: its variables filled from where it was run (the selection, the note, the
// period, the text typed after `/name`), its scope turned into chips' scope. A variable that
// cannot be filled stops it with a one-line reason, before anything is asked.
import type { PromptTemplate, Variable } from '../../core/prompts/template';
import { fillTemplate } from '../../core/prompts/template';
import { promptPeriod } from '../../core/prompts/period';
import type { RetrievalScope } from '../../core/retrieval/scope';
import { t } from '../i18n';

export interface PromptContext {
  selection?: string;
  /** The note it was run from. */
  note?: { path: string; title: string } | null;
  /** Typed after the prompt's name. */
  question?: string;
  /** A period chip the user set. */
  period?: { start: number; end: number; text: string };
  now?: Date;
}

export type PreparedPrompt = { ok: true; question: string; scope?: RetrievalScope; insert: boolean } | { ok: false; reason: string };

const MISSING: Record<Variable, 'prompts.missing-selection' | 'prompts.missing-note' | 'prompts.missing-period' | 'prompts.missing-question'> = {
  selection: 'prompts.missing-selection',
  note: 'prompts.missing-note',
  period: 'prompts.missing-period',
  question: 'prompts.missing-question',
};

export function preparePrompt(template: PromptTemplate, ctx: PromptContext): PreparedPrompt {
  const now = ctx.now ?? new Date();
  const period = ctx.period ?? (template.scope.period ? promptPeriod(template.scope.period, now) ?? undefined : undefined);
  if (template.scope.period && !period) return { ok: false, reason: t('prompts.bad-period', { name: template.name, period: template.scope.period }) };
  if (template.scope.note && !ctx.note) return { ok: false, reason: t('prompts.missing-note', { name: template.name }) };
  const filled = fillTemplate(template, {
    ...(ctx.selection ? { selection: ctx.selection } : {}),
    ...(ctx.note ? { note: `[[${ctx.note.title}]]` } : {}),
    ...(period ? { period: period.text } : {}),
    ...(ctx.question ? { question: ctx.question } : {}),
  });
  if (!filled.ok) return { ok: false, reason: t(MISSING[filled.missing], { name: template.name }) };
  // {{note}} alone names the note in the question (its journal entries come with it); `scope: note`
  // restricts the sources to it.
  const notes = template.scope.note && ctx.note ? [ctx.note.path] : [];
  const scope: RetrievalScope = {
    ...(notes.length ? { notes } : {}),
    ...(template.scope.folders.length ? { folders: template.scope.folders } : {}),
    ...(template.scope.tags.length ? { tags: template.scope.tags } : {}),
    ...(period ? { range: period } : {}),
  };
  return { ok: true, question: filled.text, ...(Object.keys(scope).length ? { scope } : {}), insert: template.insert };
}
