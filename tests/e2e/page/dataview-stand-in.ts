// A stand-in for Dataview (and JS Engine), registered the way they register themselves: code-block
// processors for `dataviewjs`, `dataview` and `js-engine`, and a post-processor that runs inline
// code starting with `$=` (JavaScript) or `=` (a query), as Dataview's inline queries do. The JS
// really runs (Dataview evaluates it too), so whatever reaches a renderer is counted.
import { Plugin, type PluginManifest } from '../obsidian-shim';
import type { ShimAppWithVault } from './workspace';

export interface StandInCounts {
  /** JavaScript blocks and inline `$=` that ran. */
  scripts: number;
  /** `dataview` blocks and inline `=` queries that ran. */
  queries: number;
}

const counts: StandInCounts = { scripts: 0, queries: 0 };

function run(source: string): void {
  counts.scripts++;
  try {
    (new Function(source) as () => unknown)();
  } catch {
    // A block that does not parse still ran as far as Dataview is concerned.
  }
}

export async function installDataviewStandIn(app: ShimAppWithVault): Promise<void> {
  const manifest: PluginManifest = { id: 'dataview-stand-in', name: 'Dataview stand-in', version: '0', minAppVersion: '0', description: '', author: '' };
  const plugin = new Plugin(app, manifest);
  plugin.registerMarkdownCodeBlockProcessor('dataviewjs', (source) => run(source));
  plugin.registerMarkdownCodeBlockProcessor('js-engine', (source) => run(source));
  plugin.registerMarkdownCodeBlockProcessor('dataview', () => {
    counts.queries++;
  });
  plugin.registerMarkdownPostProcessor((el) => {
    for (const code of Array.from(el.querySelectorAll('code'))) {
      if (code.closest('pre')) continue;
      const text = (code.textContent ?? '').trim();
      if (text.startsWith('$=')) run(text.slice(2));
      else if (text.startsWith('=')) counts.queries++;
    }
  });
  await plugin.load();
}

export function standInCounts(): StandInCounts {
  return { ...counts };
}
