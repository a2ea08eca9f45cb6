// Index progress on stderr: one rewritten line on a terminal, a line every few seconds otherwise.
import type { IndexProgress } from '../core/engine-types';

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function progressReporter(stream: typeof process.stderr = process.stderr): { update(p: IndexProgress): void; end(): void } {
  const tty = stream.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (p.phase === 'done' || p.notesTotal === 0 || (tty ? now - last < 100 : now - last < 5000)) return;
      last = now;
      const eta = p.etaMs !== undefined ? ` · ${formatDuration(p.etaMs)} left` : '';
      const chunks = p.chunksTotal > 0 ? ` · chunks ${p.chunksDone}/${p.chunksTotal}` : '';
      const line = `Indexing notes ${p.notesDone}/${p.notesTotal}${chunks}${eta}`;
      if (tty) stream.write(`\r\x1b[2K${line}`);
      else stream.write(`${line}\n`);
      shown = true;
    },
    end() {
      if (tty && shown) stream.write('\r\x1b[2K');
    },
  };
}
