import { afterEach, describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync } from 'node:zlib';
import { gunzip, gzip, isGzip, useGzipCodec } from '../../../src/core/util/gzip';
import { nodeGzipCodec } from '../../../src/cli/node-gzip';

const text = new TextEncoder().encode('Journal du jeudi 26 décembre 2024 à 15:03 — '.repeat(500));

describe('gzip codecs', () => {
  afterEach(() => useGzipCodec(null));

  for (const [name, codec] of [['CompressionStream', null], ['node:zlib', nodeGzipCodec]] as const) {
    it(`${name}: writes plain gzip that the other reads, from several parts`, async () => {
      useGzipCodec(codec);
      const packed = await gzip([text.subarray(0, 100), text.subarray(100)]);
      expect(isGzip(packed)).toBe(true);
      expect(packed.length).toBeLessThan(text.length / 10);
      expect(Buffer.from(gunzipSync(packed)).equals(Buffer.from(text))).toBe(true);
      const unpacked = await gunzip(gzipSync(text));
      expect(Buffer.from(unpacked).equals(Buffer.from(text))).toBe(true);
    });

    it(`${name}: rejects damaged data`, async () => {
      useGzipCodec(codec);
      const packed = gzipSync(text);
      await expect(gunzip(packed.subarray(0, packed.length >> 1))).rejects.toThrow();
    });
  }
});
