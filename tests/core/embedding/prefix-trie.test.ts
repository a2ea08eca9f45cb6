import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrefixTrie } from '../../../src/core/embedding/prefix-trie';

/** What a trie must answer, by brute force: the words that start `chars[start..]`, shortest first. */
function naivePrefixes(words: string[], chars: string[], start: number): string[] {
  const rest = chars.slice(start);
  const found = new Set<string>();
  for (const w of words) {
    const wc = Array.from(w);
    if (wc.length > 0 && wc.length <= rest.length && wc.every((c, i) => c === rest[i])) found.add(w);
  }
  return [...found].sort((a, b) => Array.from(a).length - Array.from(b).length);
}

// Few distinct characters so that words share prefixes; astral characters and a lone surrogate
// check that nodes are code points, as the tokenizer splits text.
const char = fc.constantFrom('a', 'b', 'é', '▁', '東', '😀', '𝔘', '\uD83D', 'z');
const word = fc.array(char, { maxLength: 6 }).map((cs) => cs.join(''));

describe('PrefixTrie', () => {
  it('finds the words that start at a position, shortest first', () => {
    const trie = PrefixTrie.fromWords(['▁jour', '▁journal', '▁j', 'nal', '▁journée', '▁jour']);
    expect([...trie.commonPrefixes(Array.from('▁journal du jeudi'))]).toEqual(['▁j', '▁jour', '▁journal']);
    expect([...trie.commonPrefixes(Array.from('▁journal'), 4)]).toEqual([]);
    expect([...trie.commonPrefixes(Array.from('▁journal'), 5)]).toEqual(['nal']);
    expect([...trie.commonPrefixes([], 0)]).toEqual([]);
  });

  it('treats astral characters as one code point, as the tokenizer does', () => {
    const trie = PrefixTrie.fromWords(['😀', '😀😀', '\uD83D']);
    expect([...trie.commonPrefixes(Array.from('😀😀x'))]).toEqual(['😀', '😀😀']);
    // A lone high surrogate is its own unit, distinct from the emoji that starts with it.
    expect([...trie.commonPrefixes(Array.from('\uD83Dx'))]).toEqual(['\uD83D']);
  });

  it('ignores the empty word and duplicates', () => {
    const trie = PrefixTrie.fromWords(['', 'a', 'a', 'ab']);
    expect(trie.size).toBe(3); // root, a, b
    expect([...trie.words()]).toEqual(['a', 'ab']);
    expect(trie.has('')).toBe(false);
    expect(trie.has('ab')).toBe(true);
    expect(trie.has('b')).toBe(false);
  });

  it('is empty for no words', () => {
    const trie = PrefixTrie.fromWords([]);
    expect(trie.size).toBe(1);
    expect([...trie.commonPrefixes(['a'])]).toEqual([]);
    expect([...trie.words()]).toEqual([]);
  });

  it('answers as a brute-force search for any vocabulary and text', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.array(char, { maxLength: 12 }), fc.nat(12), (words, chars, start) => {
        const trie = PrefixTrie.fromWords(words);
        expect([...trie.commonPrefixes(chars, start)]).toEqual(naivePrefixes(words, chars, start));
        const distinct = [...new Set(words.filter(Boolean))];
        expect(new Set(trie.words())).toEqual(new Set(distinct));
        for (const w of distinct) expect(trie.has(w)).toBe(true);
      }),
    );
  });
});
