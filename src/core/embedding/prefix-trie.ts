// A read-only prefix trie over code points, stored in three typed arrays. It answers the one
// question a Unigram (SentencePiece) tokenizer asks of its vocabulary: which pieces start at this
// position? transformers.js answers it with a trie of one JS Map per node: for the 250k pieces of
// multilingual-e5 that is about 680k Maps and 157 MB of heap, the largest single item of the
// embedder's memory. The same trie here takes about 6 MB.

export class PrefixTrie {
  /**
   * Nodes are numbered breadth-first, so the children of node `i` are the contiguous nodes
   * `childStart[i]` to `childStart[i + 1] - 1`, in increasing code point order.
   */
  private readonly childStart: Int32Array;
  /** Code point on the edge into each node (unused for the root, node 0). */
  private readonly label: Uint32Array;
  /** 1 where a word ends. */
  private readonly isWord: Uint8Array;

  private constructor(childStart: Int32Array, label: Uint32Array, isWord: Uint8Array) {
    this.childStart = childStart;
    this.label = label;
    this.isWord = isWord;
  }

  /** Number of nodes, root included. */
  get size(): number {
    return this.label.length;
  }

  /**
   * The trie of `words`, split into code points as `for…of` splits a string (a lone surrogate
   * is one unit of its own), which is how the tokenizer splits the text it searches.
   */
  static fromWords(words: Iterable<string>): PrefixTrie {
    const list = Array.isArray(words) ? (words as string[]) : [...words];
    // All code points in one array; word w is points[start[w]] to points[start[w + 1] - 1].
    const start = new Int32Array(list.length + 1);
    let total = 0;
    for (let w = 0; w < list.length; w++) {
      start[w] = total;
      total += codePointCount(list[w]);
    }
    start[list.length] = total;
    const points = new Uint32Array(total);
    for (let w = 0, k = 0; w < list.length; w++) {
      for (const ch of list[w]) points[k++] = ch.codePointAt(0)!;
    }
    const order = new Int32Array(list.length);
    for (let w = 0; w < order.length; w++) order[w] = w;
    order.sort((a, b) => comparePoints(points, start, a, b));

    // In sorted order, each word adds one node per code point past its common prefix with the
    // word before it: counting them first sizes every array exactly (the build is the peak of
    // the tokenizer's memory while it loads, so it should not over-allocate).
    let count = 1;
    for (let k = 0; k < order.length; k++) {
      count += length(start, order[k]) - (k > 0 ? commonPrefix(points, start, order[k - 1], order[k]) : 0);
    }

    // Breadth-first: node n stands for the words order[lo[n]..hi[n]) that share its first
    // depth[n] code points; in code point order, the words equal to that prefix come first.
    const lo = new Int32Array(count);
    const hi = new Int32Array(count);
    const depth = new Int32Array(count);
    const label = new Uint32Array(count);
    const isWord = new Uint8Array(count);
    const childStart = new Int32Array(count + 1);
    hi[0] = order.length;
    let next = 1;
    for (let n = 0; n < next; n++) {
      childStart[n] = next;
      const d = depth[n];
      let i = lo[n];
      while (i < hi[n] && length(start, order[i]) === d) {
        isWord[n] = n > 0 ? 1 : 0; // the empty word is not a prefix of anything searched
        i++;
      }
      while (i < hi[n]) {
        const cp = points[start[order[i]] + d];
        let j = i + 1;
        while (j < hi[n] && points[start[order[j]] + d] === cp) j++;
        lo[next] = i;
        hi[next] = j;
        depth[next] = d + 1;
        label[next] = cp;
        next++;
        i = j;
      }
    }
    childStart[count] = count;
    return new PrefixTrie(childStart, label, isWord);
  }

  /**
   * The words that are prefixes of `chars[start..]` (one code point per element), shortest
   * first: the contract of transformers.js's `CharTrie.common_prefix_search`.
   */
  *commonPrefixes(chars: readonly string[], start = 0): Generator<string> {
    let node = 0;
    let prefix = '';
    for (let i = start; i < chars.length; i++) {
      const ch = chars[i];
      node = this.child(node, ch.codePointAt(0)!);
      if (node < 0) return;
      prefix += ch;
      if (this.isWord[node]) yield prefix;
    }
  }

  /** Whether `word` was one of the words. */
  has(word: string): boolean {
    let node = 0;
    for (const ch of word) {
      node = this.child(node, ch.codePointAt(0)!);
      if (node < 0) return false;
    }
    return node > 0 && this.isWord[node] === 1;
  }

  /** Every word, in code point order. */
  *words(): Generator<string> {
    const path: string[] = [];
    const visit = function* (this: PrefixTrie, node: number): Generator<string> {
      if (node > 0 && this.isWord[node]) yield path.join('');
      for (let c = this.childStart[node]; c < this.childStart[node + 1]; c++) {
        path.push(String.fromCodePoint(this.label[c]));
        yield* visit.call(this, c);
        path.pop();
      }
    };
    yield* visit.call(this, 0);
  }

  private child(node: number, cp: number): number {
    let a = this.childStart[node];
    let b = this.childStart[node + 1] - 1;
    while (a <= b) {
      const m = (a + b) >>> 1;
      const l = this.label[m];
      if (l === cp) return m;
      if (l < cp) a = m + 1;
      else b = m - 1;
    }
    return -1;
  }
}

/** Code points in `s` as `for…of` counts them: a valid surrogate pair is one, a lone surrogate too. */
function codePointCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) {
    const unit = s.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return n;
}

function length(start: Int32Array, w: number): number {
  return start[w + 1] - start[w];
}

function commonPrefix(points: Uint32Array, start: Int32Array, a: number, b: number): number {
  const n = Math.min(length(start, a), length(start, b));
  let k = 0;
  while (k < n && points[start[a] + k] === points[start[b] + k]) k++;
  return k;
}

function comparePoints(points: Uint32Array, start: Int32Array, a: number, b: number): number {
  const aEnd = start[a + 1];
  const bEnd = start[b + 1];
  for (let i = start[a], j = start[b]; i < aEnd && j < bEnd; i++, j++) {
    if (points[i] !== points[j]) return points[i] - points[j];
  }
  return aEnd - start[a] - (bEnd - start[b]);
}
