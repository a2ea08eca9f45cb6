// Retrieval for questions about time. A fact question goes to the ranked passage search
// (retriever.ts). A period question gets the journal entries of its period, in date order, as
// many as the context holds; an evolution or first/last question gets the entries about its
// topic over the whole timeline. Search then only ranks within what time already chose.
import { scopeCheck } from './scope';
import type { ChunkRecord, NoteRecord, SearchResult } from '../types';
import type { SearchOptions, SearchResponse } from '../engine-types';
import type { CoreNotice } from '../notices';
import type { TimeRange } from '../journal';
import { BEGINNING_OF_TIME, parseTimeRange } from '../journal';
import { analyze } from '../lexical/analyzer';
import { foldWords } from '../journal/locale-names';
import { classifyIntent, topicOf, type IntentDecision, type IntentSetting } from '../question/intent';
import { selectEnds, selectEvolution, selectPeriod, type TimelineCandidate } from '../journal/timeline-select';
import type { TimelineInfo, TimelineNeighbour } from '../journal/timeline-types';
import type { Yielder } from '../util/yield';
import { retrieve, toResult, type RetrievalConfig, type RetrievalDeps } from './retriever';
import { journalsNaming } from './named-in';

export interface TimeSearchOptions extends SearchOptions {
  intent?: IntentSetting;
  /** Tokens of the prompt the sources may take (the LLM's context budget). */
  maxContextTokens?: number;
  /** Yields to the event loop in long loops (1,800 daily notes on the main thread). */
  pause?: Yielder;
}

/** The prompt's rough count (about 3 characters a token), so a selection that fits here fits there. */
const tokens = (s: string) => Math.ceil(s.length / 3);
/** Header, citation line and fences of one source in the prompt. */
const FRAME_TOKENS = 80;
/** System prompt and question. */
const RESERVED_TOKENS = 650;
/** An entry longer than this is shown by its best part, so that one long day leaves room for others. */
const ENTRY_MAX_TOKENS = 300;
const ENDS_COUNT = 3;
const MAX_QUESTION_CHARS = 600;
const TOPIC_NOTES = 4;
const NOTE_CONTEXT = 3;
/** Entries weighed for an evolution: the most about the topic, and the first and the last. */
const MAX_CANDIDATES = 80;

export async function retrieveByIntent(deps: RetrievalDeps, cfg: RetrievalConfig, question: string, opts: TimeSearchOptions = {}): Promise<SearchResponse> {
  // A forced fact, or a long text (a note's own text, for related notes), is the passage search.
  if (opts.intent === 'fact' || question.length > MAX_QUESTION_CHARS) {
    const res = await retrieve(deps, cfg, question, opts);
    return { ...res, intent: 'fact' };
  }
  const now = opts.now ?? new Date();
  const asked = parseTimeRange(question, now);
  // A period chip wins over the period the question names (the user corrected it), as in retrieve().
  const chosen = opts.scope?.range;
  const range: TimeRange | null = chosen
    ? { start: chosen.start, end: chosen.end, text: chosen.text, rest: asked ? asked.rest : question, granularity: 'range' }
    : asked;
  const decision = classifyIntent(question, range !== null, opts.intent ?? 'auto');
  const budget = Math.max(300, (opts.maxContextTokens ?? 3000) - RESERVED_TOKENS);
  // The notes, folders and tags the user chose narrow a timeline as they narrow the passage search.
  const scope = scopeCheck(opts.scope, (p) => deps.index.getNote(p) !== undefined);
  const inChosen = (p: string) => {
    const rec = deps.index.getNote(p);
    return rec !== undefined && scope.allows(rec);
  };
  const scoped: RetrievalDeps = scope.restricts ? { ...deps, hidden: (p) => deps.hidden?.(p) === true || !inChosen(p) } : deps;
  const withScope = (res: SearchResponse): SearchResponse => (opts.scope ? { ...res, scope: scope.report } : res);
  const ctx: Ctx = { deps: scoped, cfg, question, range, decision, budget, pause: opts.pause ?? (async () => {}), opts };
  // The first question compiles the intent table and the date parser's patterns (tens of ms cold):
  // their own main-thread task, not one with the search that follows.
  await ctx.pause();
  if (decision.intent === 'period') {
    const all = wholeJournal(decision) ? { start: BEGINNING_OF_TIME, end: Number.MAX_SAFE_INTEGER, text: '', rest: question, granularity: 'range' as const } : null;
    const r = range ?? all;
    if (r) return withScope(await periodSearch(ctx, r));
    return asFact(ctx, { code: 'no-period' });
  }
  if (decision.intent === 'evolution' || decision.intent === 'first' || decision.intent === 'last') {
    const res = await topicSearch(ctx, decision.intent);
    return res ? withScope(res) : asFact(ctx, { code: 'no-topic' });
  }
  // The period was parsed above already: a fact question does not read its date twice.
  const res = await retrieve(deps, cfg, question, opts, { range });
  return { ...res, intent: 'fact' };
}

interface Ctx {
  deps: RetrievalDeps;
  cfg: RetrievalConfig;
  question: string;
  range: TimeRange | null;
  decision: IntentDecision;
  budget: number;
  pause: Yielder;
  opts: TimeSearchOptions;
}

/** « Résume tout mon journal »: the whole timeline is the period. */
function wholeJournal(d: IntentDecision): boolean {
  return /all my journal/i.test(d.rule ?? '');
}

async function asFact(ctx: Ctx, notice: CoreNotice): Promise<SearchResponse> {
  const res = await retrieve(ctx.deps, ctx.cfg, ctx.question, ctx.opts, { range: ctx.range });
  return { ...res, intent: 'fact', notices: [...res.notices, notice] };
}

interface Entry extends TimelineCandidate {
  rec: NoteRecord;
  chunk: ChunkRecord;
  text: string;
  lines: [number, number];
  whole: boolean;
}

/** A journal entry as one source: the whole note when short, else its best chunk, clipped. */
function entryOf(
  rec: NoteRecord,
  score: number,
  best?: ChunkRecord,
  excerpt?: { text: string; lines: [number, number] },
  focus?: (paragraph: string) => boolean,
): Entry | null {
  const first = rec.chunks[0];
  if (!first || rec.meta.journalDate === undefined) return null;
  const whole = focus ? focusOn(rec.chunks.map((c) => c.text).join('\n\n'), focus) : rec.chunks.map((c) => c.text).join('\n\n');
  let text = whole;
  let chunk = first;
  let lines: [number, number] = [first.lines[0], rec.chunks[rec.chunks.length - 1].lines[1]];
  let isWhole = true;
  if (tokens(whole) > ENTRY_MAX_TOKENS) {
    isWhole = false;
    if (excerpt && tokens(excerpt.text) <= ENTRY_MAX_TOKENS) {
      chunk = rec.chunks.find((c) => c.lines[0] <= excerpt.lines[0] && excerpt.lines[0] <= c.lines[1]) ?? first;
      text = excerpt.text;
      lines = excerpt.lines;
    } else {
      chunk = best ?? first;
      text = clip(chunk.text, ENTRY_MAX_TOKENS);
      lines = chunk.lines;
    }
  }
  return { key: rec.path, date: rec.meta.journalDate, cost: tokens(text) + FRAME_TOKENS, score, rec, chunk, text, lines, whole: isWhole };
}

/**
 * The paragraphs of an entry that are about the topic (they link to it, name it or use its
 * words), so a day that also talked of other things leaves room for other days. All of them
 * when none is.
 */
function focusOn(text: string, focus: (paragraph: string) => boolean): string {
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p.trim() && !/^#{1,6}\s[^\n]*$/.test(p.trim()));
  const kept = paragraphs.filter(focus);
  return (kept.length ? kept : paragraphs).join('\n\n');
}

function clip(text: string, max: number): string {
  const limit = max * 3;
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit * 0.8 ? cut.slice(0, space) : cut).trimEnd()} […]`;
}

function resultOf(e: Entry, why: string): SearchResult {
  const base = toResult(e.rec, e.chunk, e.score, 'journal', why);
  if (e.whole) {
    // The whole entry is cited as the note, not as the section its first chunk sits in.
    const { heading: _h, ...rest } = base;
    return { ...rest, headingPath: [], text: e.text, lines: e.lines };
  }
  return { ...base, text: e.text, lines: e.lines };
}

function visibleJournals(deps: RetrievalDeps, start: number, end: number): NoteRecord[] {
  const out: NoteRecord[] = [];
  for (const { path } of deps.graph.journalsBetween(start, end)) {
    if (deps.hidden?.(path)) continue;
    const rec = deps.index.getNote(path);
    if (rec && rec.meta.journalDate !== undefined && rec.chunks.length > 0) out.push(rec);
  }
  return out;
}

/** Lexical score of each journal entry (its best chunk) for the topic words, among `allowed` notes. */
function lexicalByNote(deps: RetrievalDeps, topic: string, allowed: (rec: NoteRecord) => boolean, pool: number): Map<string, { score: number; chunk: ChunkRecord }> {
  const out = new Map<string, { score: number; chunk: ChunkRecord }>();
  if (analyze(topic).length === 0) return out;
  const allow = (id: string) => {
    const c = deps.index.chunkById(id);
    const rec = c && deps.index.getNote(c.path);
    return rec !== undefined && !deps.hidden?.(rec.path) && allowed(rec);
  };
  // No text for the proximity rerank: it analyses every candidate again, and here only the
  // entry's score among its period or topic matters, not the order of near ties.
  const hits = deps.lexical.search(topic, pool, (id) => deps.index.chunkById(id)?.path, allow);
  for (const h of hits) {
    const c = deps.index.chunkById(h.id);
    if (!c) continue;
    const prev = out.get(c.path);
    if (!prev || h.score > prev.score) out.set(c.path, { score: h.score, chunk: c });
  }
  return out;
}

async function periodSearch(ctx: Ctx, range: TimeRange): Promise<SearchResponse> {
  const { deps } = ctx;
  const journals = visibleJournals(deps, range.start, range.end);
  const topic = topicOf(range.rest);
  const inRange = new Set(journals.map((r) => r.path));
  // Beyond a few hundred, an entry's topic score no longer decides whether it is shown.
  const lexical = lexicalByNote(deps, topic, (rec) => inRange.has(rec.path), Math.min(300, Math.max(50, journals.length * 2)));
  await ctx.pause();
  // Entries that link to the notes the topic names rank with the ones that use its words.
  const topicNotes = analyze(topic).length ? [...(await resolveTopicNotes(deps, topic, ctx.pause)).keys()] : [];
  await ctx.pause();
  const linking = new Set<string>();
  for (const n of topicNotes) for (const m of deps.graph.mentionsOf(n)) linking.add(m.journal);
  const maxLex = Math.max(...[...lexical.values()].map((v) => v.score), 1e-9);
  const entries: Entry[] = [];
  for (const rec of journals) {
    await ctx.pause();
    const lex = lexical.get(rec.path);
    const score = (lex ? lex.score / maxLex : 0) + (linking.has(rec.path) ? 1 : 0);
    const e = entryOf(rec, score, lex?.chunk);
    if (e) entries.push(e);
  }
  const { chosen, total } = selectPeriod(entries, ctx.budget);
  const why = range.text ? `journal entry within ${range.text}` : 'journal entry';
  const results = chosen.map((e) => resultOf(e, why));
  await ctx.pause();
  results.push(...linkedNotes(ctx, chosen, topic));
  const info: TimelineInfo = { intent: 'period', total, shown: chosen.length, ...(range.text ? { start: range.start, end: range.end, text: range.text } : {}) };
  if (total === 0 && range.text) Object.assign(info, neighbours(deps, range));
  return { results, mode: 'lexical', ...(range.text ? { timeScope: { start: range.start, end: range.end, text: range.text } } : {}), notices: [], intent: 'period', timeline: info };
}

/** Topic notes the chosen entries link to, most linked first, after the entries. */
function linkedNotes(ctx: Ctx, chosen: Entry[], topic: string): SearchResult[] {
  const { deps } = ctx;
  const count = new Map<string, { n: number; from: string }>();
  for (const e of chosen) {
    for (const target of deps.graph.linkedFrom(e.rec.path)) {
      if (deps.hidden?.(target) || deps.graph.isJournal(target)) continue;
      const c = count.get(target);
      count.set(target, { n: (c?.n ?? 0) + 1, from: c?.from ?? e.rec.meta.title });
    }
  }
  const lexical = lexicalByNote(deps, topic, (rec) => count.has(rec.path), 50);
  return [...count.entries()]
    .sort((a, b) => (lexical.get(b[0])?.score ?? 0) - (lexical.get(a[0])?.score ?? 0) || b[1].n - a[1].n || a[0].localeCompare(b[0]))
    .slice(0, NOTE_CONTEXT)
    .flatMap(([path, { from }]) => {
      const rec = deps.index.getNote(path);
      const chunk = lexical.get(path)?.chunk ?? rec?.chunks[0];
      return rec && chunk ? [{ ...toResult(rec, chunk, 0, 'link', `linked from [[${from}]]`), via: from }] : [];
    });
}

function neighbours(deps: RetrievalDeps, range: TimeRange): { before?: TimelineNeighbour; after?: TimelineNeighbour } {
  let before: TimelineNeighbour | undefined;
  let after: TimelineNeighbour | undefined;
  for (const rec of deps.index.notes()) {
    const d = rec.meta.journalDate;
    if (d === undefined || deps.hidden?.(rec.path)) continue;
    if (d < range.start && (!before || d > before.date)) before = { path: rec.path, title: rec.meta.title, date: d };
    if (d >= range.end && (!after || d < after.date)) after = { path: rec.path, title: rec.meta.title, date: d };
  }
  return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

/**
 * The notes a topic names: titles and aliases written in the question (weight 1), then the best
 * lexical matches among topic notes, within half of the best score (weighted by that score, at
 * most ½: a note the question names is surer than one its words suggest).
 */
async function resolveTopicNotes(deps: RetrievalDeps, topic: string, pause: Yielder): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const folded = ` ${foldWords(topic)} `;
  for (const rec of deps.index.notes()) {
    await pause();
    if (rec.meta.journalDate !== undefined || deps.hidden?.(rec.path)) continue;
    if (namesOf(rec).some((n) => folded.includes(` ${n} `))) out.set(rec.path, 1);
  }
  await pause();
  const lexical = [...lexicalByNote(deps, topic, (rec) => rec.meta.journalDate === undefined, 40).entries()].sort((a, b) => b[1].score - a[1].score);
  const best = lexical[0]?.[1].score ?? 0;
  let added = 0;
  for (const [path, { score }] of lexical) {
    if (added >= TOPIC_NOTES || score < best * 0.5) break;
    if (out.has(path)) continue;
    out.set(path, 0.5 * (score / best));
    added++;
  }
  return out;
}

/** A record's title and aliases, folded; records are replaced when a note changes, so this cache never goes stale. */
const folded = new WeakMap<NoteRecord, string[]>();
function namesOf(rec: NoteRecord): string[] {
  let names = folded.get(rec);
  if (!names) folded.set(rec, (names = [rec.meta.title, ...rec.meta.aliases].map(foldWords).filter((n) => n.length >= 3)));
  return names;
}

/** The `max` entries most about the topic, always with the earliest and the latest. */
function mostAbout<V extends { score: number }>(byJournal: Map<string, V>, max: number, dateOf: (path: string) => number): [string, V][] {
  const all = [...byJournal];
  if (all.length <= max) return all;
  const byDate = [...all].sort((a, b) => dateOf(a[0]) - dateOf(b[0]));
  const keep = new Set([byDate[0][0], byDate[byDate.length - 1][0]]);
  for (const [p] of [...all].sort((a, b) => b[1].score - a[1].score)) {
    if (keep.size >= max) break;
    keep.add(p);
  }
  return all.filter(([p]) => keep.has(p));
}

/** Journal entries whose text names a topic note by its title or an alias, as whole words. */
async function mentionsByName(
  deps: RetrievalDeps,
  notes: string[],
  within: (d: number) => boolean,
  pause: Yielder,
  found: (journal: string, note: string) => void,
): Promise<void> {
  for (const path of notes) {
    const rec = deps.index.getNote(path);
    if (!rec) continue;
    const names = [rec.meta.title, ...rec.meta.aliases].map(foldWords).filter((n) => n.length >= 3);
    for (const m of await journalsNaming(deps, names, (_p, d) => within(d), pause)) found(m.journal, path);
  }
}

async function vectorTopicNotes(ctx: Ctx, topic: string): Promise<string[]> {
  const { deps } = ctx;
  if (!deps.embedder || ctx.opts.mode === 'lexical') return [];
  const [qv] = await deps.embedder.embed([topic], 'query', ctx.opts.signal ? { signal: ctx.opts.signal } : undefined);
  const hits = deps.index.queryVectors(qv, 6, (c) => {
    const rec = deps.index.getNote(c.path);
    return rec !== undefined && rec.meta.journalDate === undefined && !deps.hidden?.(rec.path);
  });
  return [...new Set(hits.map((h) => h.chunk.path))].slice(0, 2);
}

async function topicSearch(ctx: Ctx, intent: 'evolution' | 'first' | 'last'): Promise<SearchResponse | null> {
  const { deps, range } = ctx;
  const topic = topicOf(range ? range.rest : ctx.question);
  if (analyze(topic).length === 0) return null;
  const weights = await resolveTopicNotes(deps, topic, ctx.pause);
  await ctx.pause();
  for (const p of await vectorTopicNotes(ctx, topic)) if (!weights.has(p)) weights.set(p, 0.5);
  const notes = [...weights.keys()].sort((a, b) => weights.get(b)! - weights.get(a)!);
  const start = range?.start ?? BEGINNING_OF_TIME;
  const end = range?.end ?? Number.MAX_SAFE_INTEGER;
  const within = (d: number) => d >= start && d < end;
  const terms = new Set(analyze(topic));

  // Every entry that links to a topic note, with the paragraphs around its links, or that
  // names one (title or alias)…
  const byJournal = new Map<string, { score: number; notes: Set<string>; excerpts: string[]; lines: [number, number] }>();
  const entry = (path: string, lines: [number, number]) => {
    let cur = byJournal.get(path);
    if (!cur) byJournal.set(path, (cur = { score: 0, notes: new Set(), excerpts: [], lines }));
    return cur;
  };
  for (const n of notes) {
    for (const m of deps.graph.mentionsOf(n)) {
      if (!within(m.date) || deps.hidden?.(m.journal)) continue;
      const cur = entry(m.journal, m.lines);
      cur.notes.add(n);
      if (m.excerpt && !cur.excerpts.includes(m.excerpt)) cur.excerpts.push(m.excerpt);
    }
  }
  await mentionsByName(deps, notes, within, ctx.pause, (path, note) => entry(path, [0, 0]).notes.add(note));
  await ctx.pause();
  // …and every entry that talks about it in other words, within half of the best such entry.
  const lexical = lexicalByNote(deps, topic, (rec) => rec.meta.journalDate !== undefined && within(rec.meta.journalDate), 100);
  const bestLex = Math.max(...[...lexical.values()].map((v) => v.score), 1e-9);
  for (const [path, { score }] of lexical) {
    if (score < bestLex * 0.5 && !byJournal.has(path)) continue;
    entry(path, [0, 0]).score += score / bestLex;
  }
  // An entry about several of the topic's notes (Camille and the POC) is more about the question.
  for (const cur of byJournal.values()) for (const n of cur.notes) cur.score += weights.get(n) ?? 0;
  if (byJournal.size === 0 && notes.length === 0) return null;

  const names = notes.flatMap((p) => {
    const rec = deps.index.getNote(p);
    return rec ? [rec.meta.title, ...rec.meta.aliases].map(foldWords).filter((n) => n.length >= 3) : [];
  });
  const about = (paragraph: string) => {
    const folded = ` ${foldWords(paragraph)} `;
    return names.some((n) => folded.includes(` ${n} `)) || analyze(paragraph).some((t) => terms.has(t));
  };
  const entries: Entry[] = [];
  for (const [path, info] of mostAbout(byJournal, MAX_CANDIDATES, (p) => deps.graph.dateOf(p) ?? 0)) {
    await ctx.pause();
    const rec = deps.index.getNote(path);
    if (!rec) continue;
    const excerpt = info.excerpts.length ? { text: info.excerpts.join('\n\n'), lines: info.lines } : undefined;
    const e = entryOf(rec, info.score, lexical.get(path)?.chunk, excerpt, about);
    if (!e) continue;
    e.terms = new Set(analyze(e.text).filter((t) => !terms.has(t)));
    entries.push(e);
  }
  // The first time a topic came up is the first entry clearly about it, not one that shares a word.
  const best = Math.max(...entries.map((e) => e.score), 0);
  const choice =
    intent === 'evolution'
      ? selectEvolution(entries, ctx.budget)
      : selectEnds(entries.filter((e) => e.score >= best * 0.5), intent, ENDS_COUNT, ctx.budget);
  const why = intent === 'evolution' ? 'journal entry about the topic, over time' : intent === 'first' ? 'earliest journal entry about the topic' : 'latest journal entry about the topic';
  const results = choice.chosen.map((e) => resultOf(e, why));
  for (const path of notes.slice(0, NOTE_CONTEXT)) {
    const rec = deps.index.getNote(path);
    const chunk = rec?.chunks[0];
    if (rec && chunk) results.push(toResult(rec, chunk, 0, 'lexical', 'the topic of the question'));
  }
  const info: TimelineInfo = {
    intent,
    total: choice.total,
    shown: choice.chosen.length,
    topics: notes.map((p) => deps.index.getNote(p)?.meta.title ?? p),
    ...(range ? { start: range.start, end: range.end, text: range.text } : {}),
  };
  return { results, mode: 'lexical', ...(range ? { timeScope: { start: range.start, end: range.end, text: range.text } } : {}), notices: [], intent, timeline: info };
}
