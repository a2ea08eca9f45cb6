// Every measurement the suite can run in a child process, by name.
import { browserWorkers } from './browser-tasks';
import { embedThroughput, indexingMemory } from './embed-tasks';
import { incremental } from './incremental-tasks';
import { buildIndex, loadAndQuery } from './index-tasks';
import { coldStart, prepareE2E, queryLatency } from './query-tasks';
import { mainEvalCost } from './startup-tasks';

export const TASKS = {
  embedThroughput,
  indexingMemory,
  browserWorkers,
  buildIndex,
  loadAndQuery,
  incremental,
  prepareE2E,
  queryLatency,
  coldStart,
  mainEvalCost,
} as const;

export type TaskName = keyof typeof TASKS;
export type TaskResult<N extends TaskName> = Awaited<ReturnType<(typeof TASKS)[N]>>;
export type TaskParams<N extends TaskName> = Parameters<(typeof TASKS)[N]>[0];
