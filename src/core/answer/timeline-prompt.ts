// What the model is asked for when the question is about time: a chronological answer, one
// dated citation per entry it uses, and the counts of what it was not shown.
import type { SearchResponse } from '../engine-types';
import { timelineSummary } from './timeline-text';

export function timelineRules(found: Pick<SearchResponse, 'intent' | 'timeline'>, lang: 'fr' | 'en'): string | undefined {
  const info = found.timeline;
  if (!info) return undefined;
  const rules: string[] = [];
  if (info.intent === 'period' || info.intent === 'evolution') {
    rules.push(
      'The sources are journal entries in date order. Answer chronologically: go through the entries from the earliest to the latest, and give each entry you use its date in words and its citation, once.',
    );
    if (info.intent === 'evolution') rules.push('Say what changed from one entry to the next, and what the latest entry concludes.');
  } else {
    rules.push(`The question asks when something was ${info.intent === 'first' ? 'first' : 'last'} written about. Answer with the date in words of the ${info.intent === 'first' ? 'earliest' : 'latest'} entry among the sources and its citation, then what it says.`);
  }
  if (info.shown < info.total) rules.push(`Not every entry is among the sources (${timelineSummary(info, lang)}): say so in one sentence.`);
  return rules.join('\n');
}
