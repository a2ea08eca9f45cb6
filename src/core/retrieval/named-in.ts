// Which journal entries name a note (its title or an alias, as whole words) without reading
// every entry: the lexical index gives the entries that hold the name's words, and only those
// are checked for the name itself. At 1,800 daily notes a scan of every text took ~400 ms.
import type { ChunkRecord } from '../types';
import { analyze } from '../lexical/analyzer';
import { foldWords } from '../journal/locale-names';
import type { Yielder } from '../util/yield';
import type { RetrievalDeps } from './retriever';

/** Candidates looked at per name; a name in more entries than this is a common word, not a topic. */
const POOL = 120;

export interface NamedChunk {
  journal: string;
  chunk: ChunkRecord;
}

/** Journal chunks that name `names` (already folded), first chunk per journal, among `allowed` journals. */
export async function journalsNaming(
  deps: Pick<RetrievalDeps, 'index' | 'lexical' | 'hidden'>,
  names: readonly string[],
  allowed: (path: string, date: number) => boolean,
  pause: Yielder,
): Promise<NamedChunk[]> {
  const out = new Map<string, ChunkRecord>();
  for (const name of names) {
    if (analyze(name).length === 0) continue;
    const allow = (id: string) => {
      const c = deps.index.chunkById(id);
      const rec = c && deps.index.getNote(c.path);
      const d = rec?.meta.journalDate;
      return d !== undefined && !out.has(c!.path) && !deps.hidden?.(c!.path) && allowed(c!.path, d);
    };
    const hits = deps.lexical.search(name, POOL, (id) => deps.index.chunkById(id)?.path, allow);
    for (const h of hits) {
      await pause();
      const c = deps.index.chunkById(h.id);
      if (!c || out.has(c.path)) continue;
      if (` ${foldWords(c.text)} `.includes(` ${name} `)) out.set(c.path, c);
    }
  }
  return [...out].map(([journal, chunk]) => ({ journal, chunk }));
}
