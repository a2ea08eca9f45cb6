// Follow-up questions resolved without a model: « Et en janvier 2025 ? » after « Où en était le projet
// 20 en décembre 2024 ? » is asked as « Où en était le projet 20 en janvier 2025 ? ». Retrieval sees
// only the question it is given, so an elliptic follow-up must be rebuilt from the one before.
//
// The rules read three things: what the follow-up names (topic words, a period), how it opens
// (« et », "what about"), and whether it points back (« il », « sa », "it"). In order:
//   - nothing named, a period       → same topic, new period (the period is swapped in);
//   - nothing named, no period      → more of the same answer (« Pourquoi ? », "tell me more"): same sources;
//   - a pronoun and one word at most → the earlier topic is added (« Quelle était sa réaction ? — Mehdi »);
//   - an opener, or a bare noun      → new topic in the earlier question's frame and period (« Et Thomas ? »);
//   - anything else is a question of its own, left as it is.
// Pure and table-tested (tests/core/question/follow-up-table.ts).
import { detectLanguage } from '../lexical/language';
import { parseTimeRange, type TimeRange } from '../journal/time-range';
import {
  ARTICLES, CONTINUATION_OPENERS, DEMONSTRATIVES, EVENT_VERBS, FRAME_WORDS, FUNCTION_WORDS, MORE_WORDS, PREPOSITIONS, PRONOUNS,
} from './follow-up-words';

export type FollowUpRule = 'first' | 'standalone' | 'new-period' | 'new-topic' | 'pronoun' | 'same-sources' | 'model';

export interface PriorQuestion {
  /** The question later follow-ups resolve against: the previous turn's `anchor`. */
  anchor: string;
}

export interface ResolvedQuestion {
  /** As the user typed it. */
  asked: string;
  /** What it was understood to mean; shown under the user's own words when it differs. */
  text: string;
  /** What retrieval is given. */
  query: string;
  /** What the next follow-up resolves against (a "why?" keeps the question it asked about). */
  anchor: string;
  rule: FollowUpRule;
  /** The follow-up asks about the previous answer itself: its sources can be reused. */
  sameSources: boolean;
  changed: boolean;
}

interface Token {
  text: string;
  start: number;
  end: number;
  content: boolean;
  pronoun: boolean;
}

const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*['’]?/gu;
const ELIDED = new Set(['l', 'j', 'm', 't', 's', 'n', 'c', 'd', 'qu']);
/** Joins the asked question to what it was understood to be about. */
export const ABOUT_SEPARATOR = ' — ';

export function standalone(question: string, rule: FollowUpRule = 'standalone'): ResolvedQuestion {
  const asked = question.trim();
  return { asked, text: asked, query: asked, anchor: asked, rule, sameSources: false, changed: false };
}

export function resolveFollowUp(question: string, previous: PriorQuestion | null, now: Date): ResolvedQuestion {
  const asked = question.normalize('NFC').trim();
  const prior = previous?.anchor.normalize('NFC').trim();
  if (!prior || !asked) return standalone(asked, 'first');
  const lang = detectLanguage(`${asked} ${prior}`);

  const { rest: afterOpener, opened } = stripOpener(asked);
  const period = parseTimeRange(afterOpener, now, lang);
  const tokens = tokenize(period ? period.rest : afterOpener);
  const content = tokens.filter((t) => t.content);
  const pronoun = tokens.some((t) => t.pronoun);
  const before = parseTimeRange(prior, now, lang);
  const made = (text: string, rule: FollowUpRule, extra: Partial<ResolvedQuestion> = {}): ResolvedQuestion => ({
    asked, text, query: text, anchor: text, rule, sameSources: false, changed: text !== asked, ...extra,
  });

  if (content.length === 0 && period) return made(swapPeriod(prior, before, period.text, lang), 'new-period');
  if (content.length === 0) {
    return made(`${asked}${ABOUT_SEPARATOR}${prior}`, 'same-sources', { query: prior, anchor: prior, sameSources: true });
  }
  if (pronoun && content.length <= 1) {
    const topic = topicOf(prior, before);
    if (!topic) return standalone(asked);
    const when = !period && before ? `, ${before.text}` : '';
    const text = `${asked}${ABOUT_SEPARATOR}${topic}${when}`;
    return made(text, 'pronoun', { anchor: prior });
  }
  const bare = tokens.length <= 3 && tokens.every((t) => t.content);
  if (opened || bare) {
    const newTopic = (period ? period.rest : afterOpener).replace(/[\s?!.,;:]+$/u, '').replace(/^[\s,]+/u, '');
    return made(swapTopic(prior, before, newTopic, period?.text ?? before?.text, lang), 'new-topic');
  }
  return standalone(asked);
}

function stripOpener(q: string): { rest: string; opened: boolean } {
  const lower = q.toLowerCase().replace(/’/g, "'");
  for (const { words, article } of CONTINUATION_OPENERS) {
    if (!lower.startsWith(words)) continue;
    const next = lower.charAt(words.length);
    if (words.endsWith("'") || next === '' || /[\s,?!.]/u.test(next)) {
      const rest = q.slice(words.length).replace(/^[\s,]+/u, '');
      return { rest: article && rest ? `${article} ${rest}` : rest, opened: true };
    }
  }
  return { rest: q, opened: false };
}

function normal(word: string): string {
  return word.toLowerCase().replace(/’/g, "'");
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const matches = [...text.matchAll(WORD_RE)];
  matches.forEach((m, i) => {
    const whole = normal(m[0]).replace(/'$/, '');
    const parts = whole.split(/['-]/).filter(Boolean);
    const known = (w: string) => FUNCTION_WORDS.has(w) || FRAME_WORDS.has(w) || MORE_WORDS.has(w) || PRONOUNS.has(w) || ELIDED.has(w);
    const content = !known(whole) && !known(`${whole}'`) && parts.some((p) => !known(p) && (p.length > 1 || /\d/.test(p)));
    const nextIsWord = i + 1 < matches.length;
    const pronoun = PRONOUNS.has(whole) || parts.some((p) => PRONOUNS.has(p)) || (DEMONSTRATIVES.has(whole) && nextIsWord);
    out.push({ text: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, content, pronoun });
  });
  return out;
}

/** The earlier question without its period: what it was about, from its first topic word to its last. */
function topicOf(prior: string, period: TimeRange | null): string {
  const base = period ? period.rest : prior;
  const content = tokenize(base).filter((t) => t.content && !EVENT_VERBS.has(normal(t.text)));
  if (content.length === 0) return '';
  return base.slice(content[0].start, content[content.length - 1].end);
}

function questionMark(lang: 'fr' | 'en'): string {
  return lang === 'fr' ? ' ?' : '?';
}

/** The earlier question with its period replaced by `when`, or `when` added before its end. */
function swapPeriod(prior: string, period: TimeRange | null, when: string, lang: 'fr' | 'en'): string {
  const at = period ? prior.indexOf(period.text) : -1;
  if (period && at >= 0) {
    const out = `${prior.slice(0, at)}${when}${prior.slice(at + period.text.length)}`;
    return at === 0 ? capitalise(out) : out;
  }
  const tail = /\s*[?!.]*\s*$/u.exec(prior)?.[0] ?? '';
  return `${prior.slice(0, prior.length - tail.length)} ${when}${tail.trimEnd() || questionMark(lang)}`;
}

/** The earlier question's frame ("Où en était", "What did I do with"), the new topic, and a period. */
function swapTopic(prior: string, period: TimeRange | null, topic: string, when: string | undefined, lang: 'fr' | 'en'): string {
  const base = period ? period.rest : prior;
  const tokens = tokenize(base);
  const first = tokens.findIndex((t) => t.content);
  let frameEnd = first < 0 ? 0 : tokens[first].start;
  // "Où en était le | projet 20" + "Thomas": the article goes; "…lu sur les | transformers" + "sur le RAG":
  // article and preposition go, the new topic brings its own.
  const opening = tokenize(topic)[0];
  const opensWithPreposition = opening !== undefined && PREPOSITIONS.has(normal(opening.text));
  for (let i = first - 1; i >= 0; i--) {
    const w = normal(tokens[i].text);
    if (ARTICLES.has(w) || (opensWithPreposition && PREPOSITIONS.has(w))) frameEnd = tokens[i].start;
    else break;
  }
  const frame = first < 0 ? '' : base.slice(0, frameEnd).trimEnd();
  const last = [...tokens].reverse().find((t) => t.content);
  const end = (last ? base.slice(last.end).trimEnd() : '') || questionMark(lang);
  const body = [frame, topic, when].filter(Boolean).join(' ');
  return capitalise(`${body}${end}`);
}

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}
