// The suite's entry point (bundled by scripts/bench.mjs). Without --task it runs the selected
// sections, each measurement in a child process of this same bundle (--task=<name>), keeps the
// results in .bench/results.json, and writes its regions of BENCHMARKS.md (bench/report-merge.ts) and docs/bench-*.svg.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { childMain } from './child';
import { mergeReport } from './report-merge';
import { renderReport, type Results } from './report';
import {
  browserSection,
  coldSection,
  embedSection,
  incrementalSection,
  indexSection,
  querySection,
  startupSection,
  timed,
  type Ctx,
} from './sections';
import { BENCH_DIR, ROOT } from './setup';
import { TASKS } from './tasks';

const SECTIONS = ['embed', 'browser', 'startup', 'index', 'incremental', 'query', 'cold'] as const;
type Section = (typeof SECTIONS)[number];

async function main(argv: string[]): Promise<void> {
  if (argv.some((a) => a.startsWith('--task='))) {
    await childMain(TASKS as unknown as Record<string, (p: never) => Promise<unknown>>, argv);
    return;
  }
  const quick = argv.includes('--quick');
  const write = !argv.includes('--no-write');
  const onlyArg = argv.find((a) => a.startsWith('--only='))?.slice(7);
  const only = onlyArg ? onlyArg.split(',').map((s) => s.trim()) : [...SECTIONS];
  const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) {
    console.error(`unknown section(s): ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})`);
    process.exit(2);
  }
  const log = (line: string) => console.log(line);
  const ctx: Ctx = { quick, log };
  const resultsFile = join(BENCH_DIR, quick ? 'results-quick.json' : 'results.json');
  await mkdir(BENCH_DIR, { recursive: true });
  // A partial run (--only) updates its sections and keeps the others from the last run.
  const results: Results = existsSync(resultsFile) && onlyArg ? (JSON.parse(await readFile(resultsFile, 'utf8')) as Results) : { sections: {} };
  results.machine = machineInfo();
  results.quick = quick;

  const started = performance.now();
  const runners: Record<Section, () => Promise<unknown>> = {
    embed: () => embedSection(ctx),
    browser: () => browserSection(ctx),
    startup: () => startupSection(ctx),
    index: () => indexSection(ctx),
    incremental: () => incrementalSection(ctx),
    query: () => querySection(ctx),
    cold: () => coldSection(ctx),
  };
  for (const name of SECTIONS) {
    if (!only.includes(name)) continue;
    log(`\n== ${name} (load average ${loadavg()[0]!.toFixed(1)})`);
    const { meta, value } = await timed(runners[name]);
    (results.sections as Record<string, unknown>)[name] = { meta, ...(value as object) };
    log(`== ${name} done in ${meta.seconds.toFixed(0)} s`);
    await writeFile(resultsFile, JSON.stringify(results, null, 1));
  }
  const minutes = (performance.now() - started) / 60_000;
  if (!onlyArg) results.minutes = minutes;
  await writeFile(resultsFile, JSON.stringify(results, null, 1));
  log(`\nall sections done in ${minutes.toFixed(1)} min; results in ${resultsFile}`);

  const report = renderReport(results);
  if (!write) {
    console.log(report.markdown);
    return;
  }
  await mkdir(join(ROOT, 'docs'), { recursive: true });
  for (const [file, svg] of Object.entries(report.charts)) await writeFile(join(ROOT, file), svg);
  const file = join(ROOT, 'BENCHMARKS.md');
  const existing = existsSync(file) ? await readFile(file, 'utf8') : '';
  await writeFile(file, existing.trim() ? mergeReport(existing, report.regions) : `${report.markdown}\n`);
  log(`updated BENCHMARKS.md (${report.regions.filter((r) => r.body !== null).map((r) => r.name).join(', ')}) and ${Object.keys(report.charts).join(', ')}`);
}

function machineInfo(): Results['machine'] {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${osType()} ${release()}`,
    commit,
  };
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
