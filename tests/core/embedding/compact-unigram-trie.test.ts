// The patch changes how transformers.js stores a Unigram vocabulary, never what it answers: the
// same tokenizer, built before and after the patch from the same JSON, must tokenize alike. Each
// test file runs in its own process (vitest's forks pool), so "before" is the library as shipped.

import fc from 'fast-check';
import { PreTrainedTokenizer } from '@huggingface/transformers';
import * as transformers from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { installCompactUnigramTrie } from '../../../src/core/embedding/compact-unigram-trie';

const SPACE = '▁';
const SPECIALS = ['<s>', '<pad>', '</s>', '<unk>'];
const CORPUS =
  "Journal du jeudi 26 décembre 2024 à 15:03. J'ai partagé Projet 20 - Créer un POC d'un RAG à un ami, " +
  "il m'a dit : pourquoi ne pas entraîner directement un modèle ? Voici ma réponse sous forme de note. " +
  'Retrieval Augmented Generation, pre-training, fine-tuning: 東京 😀 naïve œuvre ÉTÉ';

/** An XLM-R-shaped SentencePiece tokenizer whose pieces are the corpus's word starts and short substrings. */
function unigramTokenizerJson() {
  const pieces = new Set<string>();
  for (const w of CORPUS.split(/\s+/)) {
    const chars = Array.from(w);
    for (let i = 1; i <= chars.length; i++) pieces.add(SPACE + chars.slice(0, i).join(''));
    for (let i = 0; i < chars.length; i++) {
      for (let n = 1; n <= 4 && i + n <= chars.length; n++) pieces.add(chars.slice(i, i + n).join(''));
    }
  }
  pieces.add(SPACE);
  const vocab: [string, number][] = [...SPECIALS.map((t): [string, number] => [t, 0])];
  [...pieces].forEach((p, i) => vocab.push([p, -Math.log(i + 10) - Array.from(p).length * 0.1]));
  const id = (t: string) => SPECIALS.indexOf(t);
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map((t) => ({ id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'NFKC' },
    pre_tokenizer: { type: 'Metaspace', replacement: SPACE, prepend_scheme: 'always', split: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [],
      special_tokens: { '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] }, '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] } },
    },
    decoder: { type: 'Metaspace', replacement: SPACE, prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: id('<unk>'), vocab, byte_fallback: false },
  };
}

const CONFIG = { tokenizer_class: 'XLMRobertaTokenizer', bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>', pad_token: '<pad>' };

function build() {
  return new PreTrainedTokenizer(unigramTokenizerJson(), CONFIG);
}

/** The library's own Map-per-node trie holds its pieces under `root`; the compact one leaves it empty. */
function mapTrieNodes(tokenizer: PreTrainedTokenizer): number {
  const trie = (tokenizer as unknown as { _tokenizer: { model: { trie: { root: { children: Map<string, unknown> } } } } })._tokenizer.model.trie;
  return trie.root.children.size;
}

describe('installCompactUnigramTrie', () => {
  const shipped = build();

  it('tokenizes exactly as the library as shipped', () => {
    expect(mapTrieNodes(shipped)).toBeGreaterThan(0); // really the shipped trie
    expect(installCompactUnigramTrie(transformers)).toBe(true);
    const compact = build();
    expect(mapTrieNodes(compact)).toBe(0);

    const texts = [
      CORPUS,
      'Journal du vendredi 27 décembre 2024 à 09:41',
      'pourquoi pas un modèle entraîné ? RAG, RAG, RAG',
      'mots inconnus : xylophone, quokka, 😀😀, 東京タワー',
      '',
      '   espaces   multiples   ',
    ];
    for (const t of texts) expect(compact.encode(t)).toEqual(shipped.encode(t));
    const alphabet = fc.constantFrom(...Array.from('abcdefjlmnoprstuéèàç ?!:\'-0123456789東京😀ÉŒ'), ' ', '\u00a0');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (chars) => {
        const t = chars.join('');
        expect(compact.encode(t)).toEqual(shipped.encode(t));
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent, and leaves other tokenizer models alone', () => {
    expect(installCompactUnigramTrie(transformers)).toBe(true);
    expect(installCompactUnigramTrie(transformers)).toBe(true);
    const wordPiece = new PreTrainedTokenizer(
      {
        ...unigramTokenizerJson(),
        normalizer: null,
        pre_tokenizer: { type: 'Whitespace' },
        post_processor: null,
        decoder: null,
        model: { type: 'WordPiece', unk_token: '<unk>', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: { '<unk>': 0, jour: 1, '##nal': 2 } },
      },
      CONFIG,
    );
    expect(wordPiece.encode('journal', { add_special_tokens: false })).toEqual([1, 2]);
  });

  it('keeps a compacted trie correct when more words are added', () => {
    const compact = build();
    type Trie = { push(t: string): void; extend(t: string[]): void; common_prefix_search(c: string[], s?: number): Iterable<string> };
    const trie = (compact as unknown as { _tokenizer: { model: { trie: Trie } } })._tokenizer.model.trie;
    expect([...trie.common_prefix_search(Array.from('▁xylophone'))]).toEqual(['▁']);
    trie.push('▁xylo');
    trie.extend(['▁xylophone']);
    expect([...trie.common_prefix_search(Array.from('▁xylophone'))]).toEqual(['▁', '▁xylo', '▁xylophone']);
  });

  it('reports that it could not install when the library is not the one it knows', () => {
    const unknown = { PreTrainedTokenizer: class {} } as unknown as typeof transformers;
    expect(installCompactUnigramTrie(unknown)).toBe(false);
    const throwing = {
      PreTrainedTokenizer: class {
        constructor() {
          throw new Error('no');
        }
      },
    } as unknown as typeof transformers;
    expect(installCompactUnigramTrie(throwing)).toBe(false);
  });
});
