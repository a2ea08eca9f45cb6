// gzip for the index files (note segments, the lexical term cache), through the platform's
// CompressionStream (Node ≥ 18, Chromium/Electron, Safari ≥ 16.4). A host with a faster codec
// may install it: in Node, web streams over zlib cost ~100 ms of main-thread CPU more than zlib's
// own thread-pool calls when a 50k-chunk index opens, a tenth of the open.

export interface GzipCodec {
  gzip(parts: readonly Uint8Array[]): Promise<Uint8Array>;
  gunzip(data: Uint8Array): Promise<Uint8Array>;
}

export const canCompress = typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

const streamCodec: GzipCodec = {
  gzip: (parts) => pipe(parts, new CompressionStream('gzip')),
  gunzip: (data) => pipe([data], new DecompressionStream('gzip')),
};

let codec: GzipCodec = streamCodec;

/** Installs a host's codec (null: back to CompressionStream). It must read and write plain gzip. */
export function useGzipCodec(next: GzipCodec | null): void {
  codec = next ?? streamCodec;
}

export function gzip(parts: readonly Uint8Array[]): Promise<Uint8Array> {
  return codec.gzip(parts);
}

/** Rejects on bad data; callers turn that into their own corruption error. */
export function gunzip(data: Uint8Array): Promise<Uint8Array> {
  return codec.gunzip(data);
}

export function isGzip(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}

async function pipe(data: readonly Uint8Array[], transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const stream = new Blob(data as unknown as BlobPart[]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
