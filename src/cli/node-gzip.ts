// The CLI's gzip: node:zlib runs in libuv's thread pool, off the main thread, where the web
// CompressionStream the core defaults to adds stream overhead on it.
import { gzip, gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { GzipCodec } from '../core/util/gzip';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export const nodeGzipCodec: GzipCodec = {
  gzip: async (parts) => new Uint8Array(await gzipAsync(parts.length === 1 ? parts[0] : Buffer.concat(parts))),
  // zlib stops at maxOutputLength and fails with ERR_BUFFER_TOO_LARGE: nothing larger is allocated.
  gunzip: async (data, maxBytes) => new Uint8Array(await gunzipAsync(data, { maxOutputLength: maxBytes })),
};
