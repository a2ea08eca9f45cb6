import { describe, expect, it } from 'vitest';
import { defaultPrompts } from '../../src/core/prompts/defaults';
import { promptPeriod } from '../../src/core/prompts/period';
import { fillTemplate, parseTemplate } from '../../src/core/prompts/template';

describe('saved prompt templates', () => {
  it('reads name, scope, insert and the variables of the body', () => {
    const r = parseTemplate('Ask Vault/Prompts/Semaine.md', '---\nname: Ma semaine\nscope:\n  folders: Journal\n  tags: [projet]\n  period: les 7 derniers jours\ninsert: true\n---\nQu’ai-je fait {{period}} sur {{ question }} ?\n');
    expect(r).toEqual({
      ok: true,
      template: {
        path: 'Ask Vault/Prompts/Semaine.md', id: 'ask-vault-prompts-semaine', name: 'Ma semaine',
        scope: { folders: ['Journal'], tags: ['projet'], period: 'les 7 derniers jours', note: false },
        insert: true, body: 'Qu’ai-je fait {{period}} sur {{ question }} ?', variables: ['period', 'question'],
      },
    });
  });

  it.each([
    ['no frontmatter', 'Just text {{note}}', /no frontmatter/],
    ['bad YAML', '---\nname: [unclosed\n---\nx', /not valid YAML/],
    ['no name', '---\ninsert: true\n---\nx', /"name" is missing/],
    ['insert not boolean', '---\nname: a\ninsert: yes please\n---\nx', /"insert" must be true or false/],
    ['unknown variable', '---\nname: a\n---\nSummarise {{notes}}', /unknown variable \{\{notes\}\}/],
    ['empty body', '---\nname: a\n---\n', /body is empty/],
    ['bad scope', '---\nname: a\nscope: [1, 2]\n---\nx', /"scope" must be/],
  ])('reports %s with its reason', (_what, text, reason) => {
    const r = parseTemplate('P.md', text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('fills the variables, or names the first one it cannot fill', () => {
    const r = parseTemplate('P.md', '---\nname: a\n---\nExplique {{selection}} dans {{note}}');
    if (!r.ok) throw new Error(r.reason);
    expect(fillTemplate(r.template, { selection: 'ce passage', note: '[[Projet 20]]' })).toEqual({ ok: true, text: 'Explique ce passage dans [[Projet 20]]' });
    expect(fillTemplate(r.template, { note: '[[Projet 20]]', selection: '  ' })).toEqual({ ok: false, missing: 'selection' });
  });

  it('ships four valid defaults in each language', () => {
    for (const lang of ['fr', 'en'] as const) {
      const parsed = defaultPrompts(lang).map((d) => parseTemplate(`Ask Vault/Prompts/${d.file}`, d.text));
      expect(parsed.every((p) => p.ok)).toBe(true);
      expect(parsed).toHaveLength(4);
    }
  });

  it('reads "the last 7 days" as the seven days ending today', () => {
    const now = new Date(2025, 2, 10, 15);
    for (const text of ['les 7 derniers jours', 'the last 7 days']) {
      const p = promptPeriod(text, now)!;
      expect([new Date(p.start), new Date(p.end)]).toEqual([new Date(2025, 2, 4), new Date(2025, 2, 11)]);
    }
    expect(promptPeriod('en décembre 2024', now)?.start).toBe(new Date(2024, 11, 1).getTime());
  });
});
