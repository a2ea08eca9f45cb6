// BENCHMARKS.md is written by more than the suite: `--only=time` and the providers bench own
// sections between their own markers, and dated, hand-written sections record before/after
// comparisons that no later run can reproduce. So the suite writes only its own regions
// (`<!-- bench:NAME -->` … `<!-- /bench:NAME -->`), and only those it has results for: a
// partial run on a fresh checkout must not drop the sections it did not run, and no run drops
// a word outside the regions.

const OPEN = (name: string) => `<!-- bench:${name} -->`;
const CLOSE = (name: string) => `<!-- /bench:${name} -->`;
const REGION = /<!-- bench:([a-z]+) -->\n?([\s\S]*?)<!-- \/bench:\1 -->/g;

export interface Region {
  name: string;
  /** Null: this run has nothing for the region; the file keeps what it holds. */
  body: string | null;
}

export function regionText(name: string, body: string): string {
  return `${OPEN(name)}\n${body.replace(/\n*$/, '\n')}${CLOSE(name)}`;
}

function regionsOf(text: string): Map<string, { start: number; end: number }> {
  const found = new Map<string, { start: number; end: number }>();
  for (const m of text.matchAll(REGION)) found.set(m[1]!, { start: m.index, end: m.index + m[0].length });
  return found;
}

/**
 * The existing file with each region of `regions` that has a body replaced; a region the file
 * lacks goes after the one before it in `regions` (or first). Text outside regions is kept.
 */
export function mergeReport(existing: string, regions: readonly Region[]): string {
  let text = existing;
  let after = -1;
  for (const { name, body } of regions) {
    const at = regionsOf(text).get(name);
    if (at) {
      if (body !== null) {
        const next = regionText(name, body);
        text = text.slice(0, at.start) + next + text.slice(at.end);
        after = at.start + next.length;
      } else after = at.end;
      continue;
    }
    if (body === null) continue;
    const next = regionText(name, body);
    if (after < 0) {
      text = `${next}\n\n${text.replace(/^\n+/, '')}`;
      after = next.length;
    } else {
      text = `${text.slice(0, after)}\n\n${next}${text.slice(after)}`;
      after += 2 + next.length;
    }
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}
