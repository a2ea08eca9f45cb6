// The answer to a question about time with no language model: a timeline. One line per
// journal entry, in date order, with its date in words, its best sentence for the question and
// its citation; only entries inside the period. The notes they link to follow, cited.
import type { SearchResponse } from '../engine-types';
import type { SearchResult } from '../types';
import { topicOf } from '../question/intent';
import { citationLink } from './citation-link';
import { pickQuotes } from './extractive';
import { dayInWords, timelineSummary, type Lang } from './timeline-text';

export interface TimelineLine {
  date: number;
  sentence: string;
  source: SearchResult;
}

/** The entries a timeline shows: dated, inside the period when there is one, in date order. */
export function timelineEntries(found: Pick<SearchResponse, 'results' | 'timeline'>): SearchResult[] {
  const t = found.timeline;
  return found.results
    .filter((r) => r.date !== undefined && (t?.start === undefined || (r.date >= t.start && r.date < (t.end ?? Infinity))))
    .sort((a, b) => a.date! - b.date! || a.path.localeCompare(b.path));
}

export function timelineLines(question: string, found: Pick<SearchResponse, 'results' | 'timeline'>, lang: Lang): TimelineLine[] {
  const topic = topicOf(question);
  return timelineEntries(found).map((source) => {
    const [quote] = pickQuotes(topic, [source], { maxQuotes: 1, perSource: 1, lang });
    const sentence = (quote?.sentence ?? source.text.split('\n').find((l) => l.trim() && !l.startsWith('#')) ?? '').replace(/\s+/g, ' ').trim();
    return { date: source.date!, sentence, source };
  });
}

const HEADS: Record<Lang, Record<'period' | 'evolution' | 'first' | 'last', string>> = {
  fr: { period: 'Vos entrées de journal, dans l’ordre :', evolution: 'Ce que vous en avez écrit au fil du temps :', first: 'Les premières entrées qui en parlent :', last: 'Les dernières entrées qui en parlent :' },
  en: { period: 'Your journal entries, in order:', evolution: 'What you wrote about it over time:', first: 'The first entries that mention it:', last: 'The latest entries that mention it:' },
};

/** Markdown: a summary line, then `- **3 mars 2025** — sentence [[citation]]` per entry. */
export function extractiveTimeline(question: string, found: Pick<SearchResponse, 'results' | 'timeline'>, lang: Lang): string {
  const info = found.timeline;
  if (!info) return '';
  const lines = timelineLines(question, found, lang);
  const out = [`${timelineSummary(info, lang).replace(/\.$/, '')}.`];
  if (lines.length === 0) return out.join('\n');
  out.push('', HEADS[lang][info.intent], '');
  if (info.intent === 'first' || info.intent === 'last') {
    const pick = info.intent === 'first' ? lines[0] : lines[lines.length - 1];
    out.splice(1, 0, '', lang === 'fr'
      ? `${info.intent === 'first' ? 'Première' : 'Dernière'} mention : ${dayInWords(pick.date, lang)}, ${citationLink(pick.source)}.`
      : `${info.intent === 'first' ? 'First' : 'Last'} mention: ${dayInWords(pick.date, lang)}, ${citationLink(pick.source)}.`);
  }
  for (const l of lines) out.push(`- **${dayInWords(l.date, lang)}** — ${l.sentence} ${citationLink(l.source)}`);
  const notes = found.results.filter((r) => r.date === undefined);
  const label = lang === 'fr' ? 'Notes liées : ' : 'Related notes: ';
  if (notes.length) out.push('', `${label}${[...new Set(notes.map((n) => citationLink({ path: n.path, title: n.title })))].join(', ')}`);
  return out.join('\n');
}
