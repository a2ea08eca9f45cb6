// The start-up section of BENCHMARKS.md: what compiling and running main.js costs the main thread.
import type { ChildOutcome } from './child';
import type { SectionMeta } from './sections';
import type { MainEvalResult } from './startup-tasks';
import { summarize } from './stats';

export interface StartupSection {
  outcome: ChildOutcome<MainEvalResult>;
  runs: number;
}

export function renderStartup(section: StartupSection & { meta: SectionMeta }, out: (...xs: string[]) => void): void {
  out('## 1c. Loading main.js on the main thread (headless Chromium)', '');
  out(
    'main.js read as text, wrapped in a function and compiled by a global eval, then run, as Obsidian loads a plugin; a fresh browser context each run (no code cache); ' +
      `variants interleaved, ${section.runs} runs each. Goal: no main-thread task over 50 ms from loading to the first answer. ` +
      `Load average ${section.meta.loadBefore.toFixed(1)} → ${section.meta.loadAfter.toFixed(1)}.`,
    '',
  );
  if (!section.outcome.ok) {
    out(`Failed: ${section.outcome.error}`, '');
    return;
  }
  out('| main.js | size | compile and run (one task) | × as built |', '|---|---|---|---|');
  const variants = section.outcome.value.variants;
  const built = variants.find((v) => v.label === 'main.js as built');
  const base = built ? summarize(built.evalMs).median : NaN;
  for (const v of variants) {
    const s = summarize(v.evalMs);
    out(`| ${v.label} | ${(v.bytes / 1e6).toFixed(1)} MB | ${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)}) | ${(s.median / base).toFixed(2)}× |`);
  }
  out('');
}
