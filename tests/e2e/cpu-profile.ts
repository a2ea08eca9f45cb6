// An opt-in CPU profile of the page's main thread, for finding what a long task is made of:
// `ASK_VAULT_E2E_PROFILE=/tmp/start.cpuprofile npx vitest run tests/e2e/start-long-tasks.test.ts`
// writes the profile (open it in Chrome's DevTools) and prints, for every busy stretch of 40 ms or
// more (samples with no idle between them, about one task), the functions with the most self and
// total time in it.
import { writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

export interface BusyStretch {
  /** Milliseconds since the profile started, and the page's clock (performance.now()) then. */
  at: number;
  pageAt: number;
  ms: number;
  self: [string, number][];
  total: [string, number][];
}

/** Starts the profiler; the returned function stops it, writes the profile and returns its stretches. */
export async function startCpuProfile(page: Page, file: string): Promise<() => Promise<BusyStretch[]>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const pageStart = await page.evaluate(() => performance.now());
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    await writeFile(file, JSON.stringify(profile));
    await cdp.detach();
    return busyStretches(profile, 40).map((s) => ({ ...s, pageAt: pageStart + s.at }));
  };
}

const frameName = (n: ProfileNode) => {
  const f = n.callFrame;
  const file = f.url ? f.url.slice(f.url.lastIndexOf('/') + 1) : '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
};

export function busyStretches(profile: CpuProfile, minMs: number, top = 12): Omit<BusyStretch, 'pageAt'>[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const idle = (id: number) => byId.get(id)?.callFrame.functionName === '(idle)';
  const out: Omit<BusyStretch, 'pageAt'>[] = [];
  let t = 0;
  let run: { at: number; samples: [number, number][] } | null = null;
  const close = () => {
    if (!run) return;
    const ms = run.samples.reduce((a, [, d]) => a + d, 0) / 1000;
    if (ms >= minMs) {
      const self = new Map<string, number>();
      const total = new Map<string, number>();
      for (const [id, d] of run.samples) {
        const node = byId.get(id);
        if (!node) continue;
        const name = frameName(node);
        self.set(name, (self.get(name) ?? 0) + d / 1000);
        const seen = new Set<string>();
        for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) {
          const key = frameName(byId.get(p)!);
          if (seen.has(key)) continue;
          seen.add(key);
          total.set(key, (total.get(key) ?? 0) + d / 1000);
        }
      }
      const best = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => [k, Math.round(v * 10) / 10] as [string, number]);
      out.push({ at: run.at / 1000, ms, self: best(self), total: best(total) });
    }
    run = null;
  };
  profile.samples.forEach((id, i) => {
    const d = profile.timeDeltas[i + 1] ?? 0;
    if (idle(id)) close();
    else (run ??= { at: t, samples: [] }).samples.push([id, d]);
    t += profile.timeDeltas[i];
  });
  close();
  return out;
}
