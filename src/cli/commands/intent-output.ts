// The intent an answer used, in --json and as the line above the sources.
import type { SearchResponse } from '../../core/engine-types';
import { intentHeader, timelineSummary } from '../../core/answer/timeline-text';

type WithIntent = Pick<SearchResponse, 'intent' | 'timeline'>;

export function intentJson(res: WithIntent) {
  return {
    intent: res.intent ?? 'fact',
    ...(res.timeline ? { timeline: { ...res.timeline, summary: timelineSummary(res.timeline, 'en') } } : {}),
  };
}

export function intentLine(res: WithIntent, lang: 'fr' | 'en'): string {
  return intentHeader(res.intent, res.timeline, lang);
}
