// A tampered index must not exhaust memory: gzip output and the term cache's counts are bounded
// before anything is allocated for them.
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { gunzip, inflateBound, useGzipCodec } from '../../../src/core/util/gzip';
import { nodeGzipCodec } from '../../../src/cli/node-gzip';
import { decodeNoteSegment } from '../../../src/core/index/note-segment';
import { LexicalRanker } from '../../../src/core/retrieval/lexical-ranker';
import { defaultSettings } from '../../../src/core/settings';
import { makeNote, prose } from '../index/fixtures';
import { gunzipSync } from 'node:zlib';

afterEach(() => useGzipCodec(null));

// 256 MiB of zeros: about 250 KB once compressed, so its bound is the 64 MiB floor.
const BOMB = gzipSync(Buffer.alloc(256 << 20), { level: 9 });

describe('bounded inflate', () => {
  for (const [name, codec] of [['CompressionStream', null], ['node:zlib', nodeGzipCodec]] as const) {
    it(`${name}: a gzip bomb is refused, an honest file inflates`, async () => {
      useGzipCodec(codec);
      expect(inflateBound(BOMB.length)).toBe(64 << 20);
      await expect(gunzip(new Uint8Array(BOMB))).rejects.toThrow();
      const honest = new TextEncoder().encode('x'.repeat(1000));
      expect(await gunzip(new Uint8Array(gzipSync(honest)))).toEqual(honest);
      await expect(gunzip(new Uint8Array(gzipSync(honest)), 999)).rejects.toThrow();
    });
  }

  it('a note segment that is a gzip bomb is a corrupt segment, not an out-of-memory', async () => {
    await expect(decodeNoteSegment('notes/g000001-000.json.gz', new Uint8Array(BOMB))).rejects.toThrow(/bad gzip data/);
  });

  it('term cache counts beyond the bytes are refused before allocation', async () => {
    const t = defaultSettings().retrieval.lexical;
    const records = Array.from({ length: 4 }, (_, i) => makeNote(`N${i}.md`, [prose(i)]));
    const ranker = new LexicalRanker(t);
    await ranker.rebuild(records, async () => {}, await ranker.readTermCache(null, async () => {}));
    const cache = gunzipSync(await ranker.encodeTermCache(async () => {}));
    // The header is JSON after the 4-byte magic and its varint length: raise its counts.
    let at = 4;
    let len = 0;
    for (let scale = 1; ; scale *= 128) {
      const b = cache[at++]!;
      len += (b & 0x7f) * scale;
      if (b < 0x80) break;
    }
    const header = JSON.parse(cache.subarray(at, at + len).toString('utf8')) as Record<string, number>;
    const rest = cache.subarray(at + len);
    for (const field of ['docs', 'terms', 'tokens'] as const) {
      const tampered = Buffer.from(JSON.stringify({ ...header, [field]: 4_000_000_000 }));
      const bytes = Buffer.concat([cache.subarray(0, 4), varint(tampered.length), tampered, rest]);
      const fresh = new LexicalRanker(t);
      const stats = await fresh.rebuild(records, async () => {}, await fresh.readTermCache(new Uint8Array(gzipSync(bytes)), async () => {}));
      expect(stats.cacheProblem, field).toMatch(/counts exceed the data/);
    }
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}
