// A source the rerank step ordered says so, after why it was found.
import type { SearchResult } from '../../core/types';
import { t } from '../i18n';

export function withRerankLabel(why: string, result: Pick<SearchResult, 'reranked'>): string {
  return result.reranked ? `${why} · ${t('sources.reranked')}` : why;
}
