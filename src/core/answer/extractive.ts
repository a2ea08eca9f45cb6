// The answer given with no language model: the sentences of the retrieved passages that best match
// the question, quoted with their citations. It is what works with nothing else installed.
import { analyze } from '../lexical/analyzer';
import { detectLanguage } from '../lexical/language';
import type { SearchResult } from '../types';
import { citationLink } from './prompt';
import { parseWikilinkInner } from '../notes';
import { formatDateInWords } from '../util/format-date';

export interface Quote {
  sentence: string;
  source: SearchResult;
  score: number;
}

export interface ExtractiveOptions {
  maxQuotes?: number;
  /** At most this many quotes from one source, so the answer shows several notes. */
  perSource?: number;
  lang?: 'fr' | 'en';
}

const MAX_QUOTE_CHARS = 320;
const LIST_MARK = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/;
const HEADING = /^\s*#{1,6}\s/;

// Links inside a quote are the note's own words, not citations: show their text, so the citation
// checker only ever sees the citations the answer adds.
const WIKILINK_RE = /!?\[\[([^[\]\n]*)\]\]/g;
export function linksAsText(text: string): string {
  return text.replace(WIKILINK_RE, (_m, inner: string) => {
    const parts = parseWikilinkInner(inner);
    if (!parts) return '';
    return parts.alias ?? (parts.heading ? `${parts.target} › ${parts.heading}` : parts.target);
  });
}

export interface Sentence {
  text: string;
  /** Index of the paragraph it belongs to, so a quote can take its neighbour along. */
  paragraph: number;
}

/** Sentences of a passage, without markdown scaffolding (list marks, quote marks, headings). */
export function sentencesOf(text: string, lang: string): Sentence[] {
  const seg = new Intl.Segmenter(lang, { granularity: 'sentence' });
  const out: Sentence[] = [];
  let paragraph = 0;
  for (const rawLine of text.split('\n')) {
    if (!rawLine.trim() || HEADING.test(rawLine) || /^\s*(```|~~~|\|)/.test(rawLine)) {
      paragraph++;
      continue;
    }
    const line = linksAsText(rawLine.replace(/^\s*>\s?/, '').replace(LIST_MARK, '')).trim();
    if (!line) continue;
    for (const s of seg.segment(line)) {
      const t = s.segment.trim();
      if (t.length >= 3) out.push({ text: t, paragraph });
    }
  }
  return out;
}

export function pickQuotes(question: string, sources: SearchResult[], opts: ExtractiveOptions = {}): Quote[] {
  const lang = opts.lang ?? detectLanguage(question);
  const maxQuotes = opts.maxQuotes ?? 4;
  const perSource = opts.perSource ?? 2;
  const qTerms = new Set(analyze(question));
  const candidates: { sentence: string; terms: Set<string>; source: SearchResult; rank: number; span: [number, number] }[] = [];
  sources.forEach((source, rank) => {
    const sentences = sentencesOf(source.text, lang);
    sentences.forEach((s, i) => {
      // A sentence often sets up what the next one says ("he asked me: « … »"), so each quote
      // is a sentence with its successor in the same paragraph, when both are short.
      const next = sentences[i + 1];
      const withNext = next && next.paragraph === s.paragraph && s.text.length + next.text.length <= MAX_QUOTE_CHARS;
      const sentence = withNext ? `${s.text} ${next.text}` : s.text;
      candidates.push({ sentence, terms: new Set(analyze(sentence)), source, rank, span: [i, withNext ? i + 1 : i] });
    });
  });
  // Rarer question terms weigh more: a sentence that has "Camille" says more than one that has "projet".
  const df = new Map<string, number>();
  for (const c of candidates) for (const t of c.terms) if (qTerms.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = Math.max(candidates.length, 1);
  const weight = new Map<string, number>();
  for (const t of qTerms) weight.set(t, Math.log(1 + n / (df.get(t) ?? 1)));
  const scoreOf = (c: (typeof candidates)[number]) => {
    let s = 0;
    for (const t of c.terms) s += weight.get(t) ?? 0;
    // Retrieval order still counts, a little, and very long sentences are less quotable.
    s += 0.3 / (c.rank + 1);
    return s - Math.max(0, c.sentence.length - 400) / 2000;
  };
  const used = new Map<string, number>();
  const taken = new Map<string, Set<number>>();
  const out: Quote[] = [];
  const left = new Set(candidates);
  while (out.length < maxQuotes && left.size > 0) {
    // Greedy coverage: once a quote has a question term, that term counts for less, so the next
    // quote brings what is still missing (the bet, not Julien again).
    let best: (typeof candidates)[number] | undefined;
    let bestScore = -Infinity;
    for (const c of left) {
      const sc = scoreOf(c);
      if (sc > bestScore) {
        best = c;
        bestScore = sc;
      }
    }
    if (!best || bestScore <= 0.3) break;
    left.delete(best);
    const key = best.source.chunkId;
    if ((used.get(key) ?? 0) >= perSource) continue;
    // Windows overlap: never quote the same sentence twice.
    const sentencesTaken = taken.get(key) ?? new Set<number>();
    if (sentencesTaken.has(best.span[0]) || sentencesTaken.has(best.span[1])) continue;
    if (out.some((o) => o.sentence === best.sentence)) continue;
    used.set(key, (used.get(key) ?? 0) + 1);
    sentencesTaken.add(best.span[0]).add(best.span[1]);
    taken.set(key, sentencesTaken);
    out.push({ sentence: best.sentence, source: best.source, score: bestScore });
    for (const t of best.terms) if (weight.has(t)) weight.set(t, weight.get(t)! * 0.5);
  }
  // No sentence shares a word with the question (a paraphrase, another language): the passages
  // were still retrieved for a reason, so quote how the best ones begin rather than nothing.
  if (out.length === 0) {
    for (const c of candidates) {
      if (out.length >= Math.min(2, maxQuotes)) break;
      if (c.span[0] === 0 && !out.some((o) => o.source.chunkId === c.source.chunkId)) out.push({ sentence: c.sentence, source: c.source, score: 0 });
    }
  }
  return out;
}

/** "26 décembre 2024": a quote names its entry's day, the one date formatter's shortest form. */
export function formatDate(ms: number, lang: 'fr' | 'en'): string {
  return formatDateInWords(ms, lang, { weekday: false, time: false });
}

/** Markdown answer quoting the best sentences, each followed by its `[[note#heading]]` citation. */
export function extractiveAnswer(question: string, sources: SearchResult[], opts: ExtractiveOptions = {}): string {
  const lang = opts.lang ?? detectLanguage(question);
  if (sources.length === 0) return lang === 'fr' ? "Je n'ai rien trouvé dans vos notes à ce sujet." : 'I found nothing about this in your notes.';
  const quotes = pickQuotes(question, sources, { ...opts, lang });
  const lines = [lang === 'fr' ? 'Passages de vos notes les plus proches de la question :' : 'The passages of your notes closest to the question:', ''];
  for (const q of quotes) {
    const when = q.source.date !== undefined ? ` (${formatDate(q.source.date, lang)})` : '';
    lines.push(`> ${q.sentence.replace(/\n/g, ' ')}`, `— ${citationLink(q.source)}${when}`, '');
  }
  return lines.join('\n').trimEnd();
}
