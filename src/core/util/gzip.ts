// gzip for the index files (note segments, the lexical term cache), through the platform's
// CompressionStream (Node ≥ 18, Chromium/Electron, Safari ≥ 16.4). A host with a faster codec
// may install it: in Node, web streams over zlib cost ~100 ms of main-thread CPU more than zlib's
// own thread-pool calls when a 50k-chunk index opens, a tenth of the open.

import { timeSlicer } from './yield';

export interface GzipCodec {
  gzip(parts: readonly Uint8Array[]): Promise<Uint8Array>;
  /** Rejects, without allocating it, an output longer than `maxBytes`. */
  gunzip(data: Uint8Array, maxBytes: number): Promise<Uint8Array>;
}

/**
 * The most a file of the index may inflate to: a tampered one (a gzip bomb) must not exhaust
 * memory. Real segments compress 5 to 20 times; 200 times the input, at least 64 MiB, at most 1 GiB.
 */
export function inflateBound(compressedBytes: number): number {
  return Math.min(1 << 30, Math.max(64 << 20, compressedBytes * 200));
}

export class GzipTooLargeError extends Error {}

export const canCompress = typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

const streamCodec: GzipCodec = {
  gzip: (parts) => pipe(parts, new CompressionStream('gzip')),
  gunzip: (data, maxBytes) => inflateBounded(data, maxBytes),
};

let codec: GzipCodec = streamCodec;

/** Installs a host's codec (null: back to CompressionStream). It must read and write plain gzip. */
export function useGzipCodec(next: GzipCodec | null): void {
  codec = next ?? streamCodec;
}

export function gzip(parts: readonly Uint8Array[]): Promise<Uint8Array> {
  return codec.gzip(parts);
}

/** Rejects on bad data or an output beyond `maxBytes`; callers turn that into their own corruption error. */
export function gunzip(data: Uint8Array, maxBytes = inflateBound(data.length)): Promise<Uint8Array> {
  return codec.gunzip(data, maxBytes);
}

export function isGzip(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

// The stream codec deflates on the calling thread, as each piece is written: fed whole, a note
// segment or the term cache (megabytes) was one main-thread task of 90+ ms at the end of
// indexing (issue 16). Fed in pieces, with a macrotask between slices, no task holds it long.
// The bytes are the same: deflate buffers its input whatever the pieces.
const PIECE_BYTES = 16 << 10;
const SLICE_MS = 8;

async function pipe(data: readonly Uint8Array[], transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = transform.writable.getWriter();
  const output = new Response(transform.readable).arrayBuffer();
  // A failed write fails the output too; it is awaited (and thrown) below, never left unhandled.
  output.catch(() => undefined);
  const pause = timeSlicer(SLICE_MS);
  for (const part of data) {
    for (let at = 0; at < part.byteLength; at += PIECE_BYTES) {
      await writer.write(part.subarray(at, at + PIECE_BYTES) as Uint8Array<ArrayBuffer>);
      await pause();
    }
  }
  await writer.close();
  return new Uint8Array(await output);
}

/** Inflates chunk by chunk, stopping as soon as the output would pass `maxBytes`. */
async function inflateBounded(data: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const reader = new Blob([data as unknown as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new GzipTooLargeError(`inflates to more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
