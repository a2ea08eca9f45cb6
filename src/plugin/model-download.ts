// Loads the embedding model before the first indexing pass. The first time, that downloads it
// from the hub (then the browser keeps it, and later starts work offline): a notice shows the
// bytes downloaded. A model that loads from the cache within a second shows nothing.
import { Notice } from 'obsidian';
import type { Embedder } from '../core/ports';
import { formatBytes, t } from './i18n';
import { modelFailedText } from './i18n/notices';

const QUIET_MS = 1_000;

export async function loadModelWithNotice(embedder: Embedder, onProgress: (fraction: number | null) => void): Promise<void> {
  const files = new Map<string, { loaded: number; total: number }>();
  const started = Date.now();
  let notice: Notice | null = null;
  try {
    await embedder.load((p) => {
      if (p.status !== 'progress' || !p.file || !p.total) return;
      files.set(p.file, { loaded: p.loaded ?? 0, total: p.total });
      let loaded = 0;
      let total = 0;
      for (const f of files.values()) {
        loaded += f.loaded;
        total += f.total;
      }
      onProgress(total > 0 ? loaded / total : null);
      if (!notice && Date.now() - started < QUIET_MS) return;
      const text = t('model.downloading-bytes', { loaded: formatBytes(loaded), total: formatBytes(total) });
      if (notice) notice.setMessage(text);
      else notice = new Notice(text, 0);
    });
  } catch (err) {
    new Notice(modelFailedText(err));
    throw err;
  } finally {
    (notice as Notice | null)?.hide();
  }
  if (notice) new Notice(t('model.ready'));
}
