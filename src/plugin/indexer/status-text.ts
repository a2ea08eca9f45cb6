// What the status bar says for each state of the indexer, e.g. "Indexing 120/5 000 · 3 min".
import { formatDuration, t } from '../i18n';
import type { IndexerState } from './index-controller';

export function statusText(state: IndexerState): string {
  switch (state.kind) {
    case 'starting':
      return t('status.scanning');
    case 'loading-model':
      return state.fraction === null
        ? t('status.loading-model')
        : t('status.downloading-model', { percent: Math.floor(state.fraction * 100) });
    case 'busy':
      return t('status.busy');
    case 'indexing': {
      const { notesDone, notesTotal, phase } = state.progress;
      if (phase === 'scan' || notesTotal === 0) return t('status.scanning');
      const done = Math.min(notesDone, notesTotal);
      return state.etaMs === undefined
        ? t('status.indexing-no-eta', { done, total: notesTotal })
        : t('status.indexing', { done, total: notesTotal, eta: formatDuration(state.etaMs) });
    }
    case 'idle':
      return t('status.ready', { notes: state.notes });
    case 'paused':
      return t('status.paused');
    case 'failed':
      return t('status.failed');
  }
}

/** The tooltip: the reason when something is wrong, else what a click does. */
export function statusTooltip(state: IndexerState): string {
  if (state.kind === 'failed') return t('common.label-value', { label: t('status.failed'), value: state.message });
  if (state.kind === 'busy') return t('status.busy-tooltip', { holder: state.heldBy });
  return t('status.tooltip');
}
