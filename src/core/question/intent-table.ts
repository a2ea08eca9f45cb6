// What a question asks of time, as a table of patterns (French and English). Rows are tried in
// order; the first that matches decides. Patterns see the question lower-cased, NFC, with
// typographic apostrophes and hyphens made plain, so "qu’ai-je" and "qu'ai-je" read alike.
//
// `needsRange`: the row only counts when the question names a period ("résume" alone is a
// request about a note, "résume ma semaine" is about time). `unless`: a near miss that looks
// like the row but is not (a change inside one event, "pendant l'entraînement", is one fact).

import type { Yielder } from '../util/yield';

export type QuestionIntent = 'fact' | 'period' | 'evolution' | 'first' | 'last';

export interface IntentRow {
  intent: Exclude<QuestionIntent, 'fact'>;
  pattern: RegExp;
  needsRange?: boolean;
  unless?: RegExp;
  /** Why the row exists, for the tests' failure messages and for readers. */
  note: string;
}

// A question led by "when" asks for a date; "où étais-je quand … pour la première fois" asks for a place.
const WHEN_LEAD = String.raw`^(?:quand|à quelle date|a quelle date|depuis quand|c'était quand|c'etait quand|when|since when|on what date)\b`;
const WROTE_FR = String.raw`(?:parlé|parle|écrit|ecrit|noté|note|mentionné|mentionne|évoqué|evoque|cité|cite|abordé|aborde|utilisé|utilise|pensé|pense|vu|rencontré|essayé|travaillé)`;
const WROTE_EN = String.raw`(?:write|wrote|written|mention(?:ed)?|talk(?:ed)?|note[d]?|use[d]?|see|saw|seen|meet|met|tr(?:y|ied)|work(?:ed)?|think|thought)`;
const DID_I_FR = String.raw`(?:qu'ai-je|qu'ai je|qu'est-ce que j'ai|qu'est ce que j'ai|qu'avais-je|que j'ai|ce que j'ai|de quoi ai-je|sur quoi ai-je)`;
const DID_FR = String.raw`(?:fait|écrit|ecrit|noté|note|vécu|vecu|lu|appris|travaillé|travaille|retenu|raconté|raconte|consigné|mis)`;
const CHANGED_FR = String.raw`(?:évolué|evolue|changé|change|progressé|progresse|varié|varie|bougé|bouge|mûri|muri)`;
const CHANGED_EN = String.raw`(?:changed|evolved|developed|shifted|progressed|moved|grown)`;

// JavaScript's \b only knows ASCII letters ("évolué\b" never matches): the table writes \b and
// means a boundary between a letter or digit of any script and anything else. Every \b of the
// table stands either before a word (the next character it matches is a letter) or after one, so
// one look-around says the same as the two-sided boundary: "nothing letter-like before" or "nothing
// letter-like after". The two-sided form cost four Unicode classes per \b, compiled on the first
// answer (issue 16: ~85 ms of CPU for the first classification).
const LETTER = String.raw`[\p{L}\p{N}]`;
const WORD_START = `(?<!${LETTER})`;
const WORD_END = `(?!${LETTER})`;
const IS_LETTER = /[\p{L}\p{N}]/u;
export function wordBoundaries(source: string): string {
  return source.replace(/\\b/g, (_, at: number) => {
    const before = source[at - 1] ?? '';
    const after = source[at + 2] ?? '';
    const endsWord = IS_LETTER.test(before) || before === ')' || before === '?' || before === ']';
    const startsWord = IS_LETTER.test(after) || after === '(';
    if (startsWord && !endsWord) return WORD_START;
    if (endsWord && !startsWord) return WORD_END;
    throw new Error(`intent table: a \\b that is neither before nor after a word, at ${at} of ${source}`);
  });
}
function re(source: string | RegExp): RegExp {
  return new RegExp(wordBoundaries(typeof source === 'string' ? source : source.source), 'u');
}

const ROWS: IntentRow[] = [
  // first / last
  { intent: 'first', pattern: new RegExp(`${WHEN_LEAD}.*\\b(?:pour la première fois|la première fois|pour la premiere fois|la premiere fois|the first time|for the first time|first)\\b`), note: 'a when-question about the first time' },
  { intent: 'last', pattern: new RegExp(`${WHEN_LEAD}.*\\b(?:pour la dernière fois|la dernière fois|pour la derniere fois|la derniere fois|the last time|for the last time|last|most recently|le plus récemment|le plus recemment)\\b`), note: 'a when-question about the last time' },
  { intent: 'first', pattern: new RegExp(`\\bla (?:toute )?premi[eè]re fois que j'(?:ai|avais)\\b`), note: '« la première fois que j\'ai… » names the occasion asked for' },
  { intent: 'last', pattern: new RegExp(`\\bla derni[eè]re fois que j'(?:ai|avais)\\b`), note: '« la dernière fois que j\'ai… »' },
  { intent: 'first', pattern: /\bthe (?:very )?first time (?:i|that i)\b/, note: '"the first time I…"' },
  { intent: 'last', pattern: /\bthe last time (?:i|that i)\b/, note: '"the last time I…"' },
  { intent: 'first', pattern: new RegExp(`\\b(?:première|premiere) (?:mention|entrée|entree|trace|note de journal)\\b|\\bfirst (?:mention|entry|journal entry)\\b|\\bwhen did i first\\b|\\bwhere did i first ${WROTE_EN}\\b`), note: 'first mention or entry' },
  { intent: 'last', pattern: new RegExp(`\\b(?:dernière|derniere) (?:mention|entrée|entree|trace|note de journal)\\b|\\b(?:last|latest|most recent) (?:mention|entry|journal entry)\\b|\\bwhen did i last\\b`), note: 'last mention or entry' },
  { intent: 'last', pattern: new RegExp(`\\b${DID_I_FR} ${WROTE_FR} .*\\b(?:la dernière fois|la derniere fois|le plus récemment|le plus recemment)\\b`), note: '« qu\'ai-je écrit … la dernière fois »' },

  // evolution
  { intent: 'evolution', pattern: new RegExp(`\\b(?:a|ont|ai|avait)-t-(?:il|elle|ils|elles) ${CHANGED_FR}\\b|\\b(?:a|ont) t (?:il|elle|ils|elles) ${CHANGED_FR}\\b`), unless: /\b(?:pendant|durant|lors d|au cours de l'entra[iî]nement|en une (?:séance|seance|soirée|soiree))/, note: '« a-t-il évolué / changé » (not within one event)' },
  { intent: 'evolution', pattern: new RegExp(`\\b(?:mon|ma|mes) (?:avis|opinion|point de vue|regard|jugement|idée|idee|vision|position|usage|utilisation|façon|facon|approche|rapport) .*\\b${CHANGED_FR}\\b`), unless: /\b(?:pendant|durant|lors d)/, note: 'my view / my use … changed' },
  { intent: 'evolution', pattern: /\bau fil (?:du temps|des (?:mois|années|annees|semaines|jours|versions|essais|améliorations|ameliorations|entrées|entrees))\b|\bavec le temps\b|\bsuccessivement\b|\bd'une fois sur l'autre\b|\bde plus en plus\b.*\?$/, note: 'over time, successively' },
  { intent: 'evolution', pattern: /\b(?:ai-je|ai je|avais-je) toujours (?:pensé|pense|cru|trouvé|trouve|été|ete|aimé|aime|préféré|prefere|jugé|juge|considéré|considere|dit|eu)\b/, note: '« ai-je toujours pensé que… »' },
  { intent: 'evolution', pattern: /\b(?:évolution|evolution|historique|chronologie) de (?:mon|ma|mes)\b|\bcomment (?:j'ai|ai-je) (?:changé|change) d'avis\b|\bchangé d'avis\b|\bchange d'avis\b/, note: 'the evolution of my …, changing my mind' },
  { intent: 'evolution', pattern: /\bcomment .* (?:est|sont|suis-je|es-tu)-?(?:il|elle|ils|elles)? ?pass[ée]e?s? de .+ (?:à|a|au|aux) /, note: '« comment … est-il passé de A à B »' },
  { intent: 'evolution', pattern: new RegExp(`\\bhow (?:has|have|did) .*\\b(?:${CHANGED_EN}|change|evolve|develop|shift|progress)\\b`), unless: /\b(?:during|while|within) (?:the|one|a|training)\b/, note: '"how has my view on X changed?"' },
  { intent: 'evolution', pattern: /\bover (?:time|the (?:months|years|weeks))\b|\bhave i always (?:thought|believed|felt|liked|preferred|been)\b|\bdid i always\b|\b(?:evolution|history) of my\b|\bchanged my mind\b/, note: 'over time, have I always thought' },

  // period
  { intent: 'period', pattern: /\b(?:tout|l'ensemble de|tous) (?:mon|mes) journa(?:l|ux)\b|\ball (?:of )?my journal(?:s| entries)?\b|\bmy whole journal\b|\bmy entire journal\b/, note: 'all my journal: the whole timeline' },
  { intent: 'period', pattern: new RegExp(`^${DID_I_FR} ${DID_FR}\\b`), needsRange: true, unless: /^(?:combien|quel|quelle|quels|quelles)\b/, note: '« qu\'ai-je fait / écrit … en mars »' },
  { intent: 'period', pattern: /\b(?:résume|resume|résumé|resume-moi|résume-moi|résumer|resumer|synthèse|synthese|synthétise|synthetise|bilan|récapitulatif|recapitulatif|récap|recap|rétrospective|retrospective|fais le point)\b/, needsRange: true, note: 'summarise / review a period' },
  { intent: 'period', pattern: /\b(?:résume|resume|résumé|bilan|récap|recap|synthèse|synthese)\b.*\b(?:ma|mon|mes) (?:semaine|journée|journee|mois|année|annee|week-end|weekend|vacances|journal|journaux)\b/, note: '« résume ma semaine », « bilan de mon mois »' },
  { intent: 'period', pattern: /\bquoi de neuf\b|\bque s'est-il passé\b|\bque s'est il passé\b|\bqu'est-ce qui s'est passé\b|\bqu'est ce qui s'est passé\b|\bqu'y a-t-il (?:eu|de neuf)\b|\bqu'ai-je vécu\b/, needsRange: true, note: 'what happened, what is new since' },
  { intent: 'period', pattern: /^what (?:did|have) i (?:do|done|write|written|wr[io]te|note|noted|work on|worked on|read|learn|learned|learnt|get up to|been up to|been doing)\b/, needsRange: true, note: '"what did I write last week?"' },
  { intent: 'period', pattern: /\b(?:summari[sz]e|sum up|recap|review|overview of|digest of)\b/, needsRange: true, note: 'summarise a period' },
  { intent: 'period', pattern: /\b(?:summari[sz]e|sum up|recap|review)\b.*\bmy (?:week|day|month|year|weekend|holidays|journal)\b/, note: '"summarise my week"' },
  { intent: 'period', pattern: /\bwhat(?:'s| is| was) new\b|\bwhat happened\b|\bwhat went on\b/, needsRange: true, note: 'what happened, what is new' },
];

// Compiled on first use, not at load: building these Unicode-aware patterns took ~15 ms of the
// plugin's start on the main thread (issue 16, a start that never stutters).
/** The rows as written (\b not yet rewritten), for the test that checks the rewrite. */
export const INTENT_ROWS: readonly IntentRow[] = ROWS;
let table: IntentRow[] | null = null;
const compileRow = (r: IntentRow): IntentRow => ({ ...r, pattern: re(r.pattern), ...(r.unless ? { unless: re(r.unless) } : {}) });
export function intentTable(): IntentRow[] {
  table ??= ROWS.map(compileRow);
  return table;
}

/**
 * Builds the table ahead, row by row with `pause` between, and runs each pattern twice on
 * `sample` (V8 compiles a pattern on its first run and again, to machine code, on its second):
 * the first question then finds it ready instead of paying ~20 ms for it in one task.
 */
export async function warmIntentTable(pause: Yielder, sample: string): Promise<void> {
  if (table) return;
  const rows: IntentRow[] = [];
  for (const r of ROWS) {
    const row = compileRow(r);
    for (let i = 0; i < 2; i++) {
      row.pattern.test(sample);
      row.unless?.test(sample);
    }
    rows.push(row);
    await pause();
  }
  table ??= rows;
}

/** Words that say what kind of question it is, not what it is about: left out of the topic. */
export const INTENT_WORDS = new RegExp(
  [
    String.raw`pour la (?:toute )?premi[eè]re fois`, String.raw`la (?:toute )?premi[eè]re fois`, String.raw`pour la derni[eè]re fois`, String.raw`la derni[eè]re fois`,
    String.raw`(?:for )?the (?:very )?(?:first|last) time`, String.raw`au fil (?:du temps|des \p{L}+)`, 'avec le temps', 'successivement', 'over time', String.raw`over the \p{L}+`,
    String.raw`(?:a|ont|ai)-t-(?:il|elle|ils|elles)`, 'avis', 'opinion', 'point de vue', 'regard', 'jugement', String.raw`(?:é|e)volu(?:é|e)`, String.raw`chang(?:é|e)`, String.raw`progress(?:é|e)`,
    'toujours', String.raw`pens(?:é|e)`, 'cru', String.raw`parl(?:é|e)`, String.raw`(?:é|e)crit`, String.raw`not(?:é|e)`, String.raw`mentionn(?:é|e)`, String.raw`(?:é|e)voqu(?:é|e)`,
    'journal', 'journaux', String.raw`r(?:é|e)sum(?:é|e|er)?`, 'bilan', 'quand', 'when', 'first', 'last', 'changed', 'evolved', 'view', 'views', 'opinion', 'thought', 'always',
    'written', 'wrote', 'write', 'mentioned', 'talked', 'journal entries', 'entries', String.raw`entr(?:é|e)es?`, 'mention',
  ].join('|'),
  'giu',
);
