// Notes by their own names: titles and aliases, folded the way a question is (case, accents,
// typographic apostrophes, English possessives), so that a question which is or contains a note's
// name can put that note first, as Obsidian's quick switcher does. Words are compared unstemmed
// and with their stop words: a name is said as it is written.
import { foldAccents, tokenize } from './analyzer';

/** Names longer than this many words are not looked for inside questions. */
const MAX_NAME_WORDS = 12;

function words(text: string): string[] {
  return tokenize(text).map((t) => foldAccents(t.replace(/’/g, "'").replace(/'s$/u, '')));
}

/** A name as it is compared: its words, folded, one space apart. */
export function nameKey(text: string): string {
  return words(text).join(' ');
}

export interface NamedNote {
  path: string;
  /** Words of the longest of its names found in the question. */
  words: number;
  /** That name as found (folded words). */
  name: string;
}

export class NoteNames {
  private readonly byKey = new Map<string, Set<string>>();
  private readonly keysOf = new Map<string, string[]>();

  set(path: string, title: string, aliases: readonly string[]): void {
    this.remove(path);
    const keys = [...new Set([title, ...aliases].map(nameKey).filter((k) => k && k.split(' ').length <= MAX_NAME_WORDS))];
    this.keysOf.set(path, keys);
    for (const k of keys) {
      let paths = this.byKey.get(k);
      if (!paths) this.byKey.set(k, (paths = new Set()));
      paths.add(path);
    }
  }

  remove(path: string): void {
    for (const k of this.keysOf.get(path) ?? []) {
      const paths = this.byKey.get(k);
      paths?.delete(path);
      if (paths?.size === 0) this.byKey.delete(k);
    }
    this.keysOf.delete(path);
  }

  clear(): void {
    this.byKey.clear();
    this.keysOf.clear();
  }

  /**
   * The notes whose title or alias the question is or contains, word for word, longest name
   * first. A name found only inside a longer name found at the same place ("Intent AI" inside
   * "Intent AI Home") does not count for a note of its own.
   */
  findIn(question: string): NamedNote[] {
    const ws = words(question);
    const spans: { from: number; to: number; paths: Set<string> }[] = [];
    for (let i = 0; i < ws.length; i++) {
      let key = '';
      for (let n = 1; n <= MAX_NAME_WORDS && i + n <= ws.length; n++) {
        key = n === 1 ? ws[i] : `${key} ${ws[i + n - 1]}`;
        const paths = this.byKey.get(key);
        if (paths) spans.push({ from: i, to: i + n, paths });
      }
    }
    spans.sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
    const best = new Map<string, NamedNote>();
    const kept: { from: number; to: number }[] = [];
    for (const s of spans) {
      if (kept.some((k) => k.from <= s.from && s.to <= k.to && k.to - k.from > s.to - s.from)) continue;
      kept.push(s);
      for (const path of s.paths) if (!best.has(path)) best.set(path, { path, words: s.to - s.from, name: ws.slice(s.from, s.to).join(' ') });
    }
    return [...best.values()];
  }
}
