// vectra's default JSON codec writes ~7.5 KB per 384-d vector and cannot serialise 100k items
// (string length limit); its protobuf codec reads a .proto file from disk, which a bundled
// plugin cannot do. This codec stores a vector segment as raw little-endian floats behind a
// small JSON header, so a 384-d vector costs 1.5 KB on disk and loads as a view, not a parse.
//
// Layout (all integers little-endian):
//   0  magic "AVV1"
//   4  u32 byte length H of the JSON header
//   8  header: { version, metadata_config, count, dimension, ids, metadata? }
//   …  zero padding to a multiple of 8
//      count × f64 norms, then count × dimension × f32 vectors
// `metadata` is present only when some item carries metadata; the index store keeps its
// records elsewhere, so its segments never do.
import type { DocumentCatalog, IndexCodec, IndexData, IndexItem, MetadataTypes } from 'vectra';

const MAGIC = [0x41, 0x56, 0x56, 0x31]; // "AVV1"
const PREFIX_BYTES = 8;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface Header {
  version: number;
  metadata_config: IndexData['metadata_config'];
  count: number;
  dimension: number;
  ids: string[];
  metadata?: (Record<string, MetadataTypes> | null)[];
}

/** Thrown for bytes that are not a well-formed vector segment. */
export class VectorCodecError extends Error {}

// vectra's codec interface is typed with Node's Buffer; only this codec and our FileStorage
// adapter ever see these bytes, and both need nothing beyond Uint8Array, so no Buffer
// polyfill is needed in the browser.
type Bytes = ReturnType<IndexCodec['serializeIndex']>;
const asBytes = (u: Uint8Array): Bytes => u as unknown as Bytes;

export class VectorSegmentCodec implements IndexCodec {
  readonly extension = '.vec';

  serializeIndex(data: IndexData): Bytes {
    const items = data.items;
    const count = items.length;
    const dimension = count > 0 ? items[0].vector.length : 0;
    const ids: string[] = new Array<string>(count);
    let metadata: Header['metadata'];
    for (let i = 0; i < count; i++) {
      const item = items[i];
      if (item.vector.length !== dimension) {
        throw new VectorCodecError(`vector ${item.id} has ${item.vector.length} dimensions, expected ${dimension}`);
      }
      ids[i] = item.id;
      if (item.metadata && Object.keys(item.metadata).length > 0) {
        metadata ??= new Array<Record<string, MetadataTypes> | null>(count).fill(null);
        metadata[i] = item.metadata;
      }
    }
    const header: Header = { version: data.version, metadata_config: data.metadata_config ?? {}, count, dimension, ids };
    if (metadata) header.metadata = metadata;
    const headerBytes = encoder.encode(JSON.stringify(header));
    const bodyStart = align8(PREFIX_BYTES + headerBytes.length);
    const out = new Uint8Array(bodyStart + count * 8 + count * dimension * 4);
    out.set(MAGIC, 0);
    const view = new DataView(out.buffer);
    view.setUint32(4, headerBytes.length, true);
    out.set(headerBytes, PREFIX_BYTES);

    const normsAt = bodyStart;
    const vectorsAt = bodyStart + count * 8;
    if (littleEndianHost) {
      const norms = new Float64Array(out.buffer, normsAt, count);
      const vectors = new Float32Array(out.buffer, vectorsAt, count * dimension);
      for (let i = 0; i < count; i++) {
        norms[i] = items[i].norm;
        vectors.set(items[i].vector, i * dimension);
      }
    } else {
      for (let i = 0; i < count; i++) {
        view.setFloat64(normsAt + i * 8, items[i].norm, true);
        const v = items[i].vector;
        for (let j = 0; j < dimension; j++) view.setFloat32(vectorsAt + (i * dimension + j) * 4, v[j], true);
      }
    }
    return asBytes(out);
  }

  /**
   * Item vectors are Float32Array views over one block (vectra only indexes them by position),
   * so a segment costs no per-number allocation when loaded.
   */
  deserializeIndex(buffer: Bytes): IndexData {
    const segment = parseVectorSegment(buffer);
    const { count, dimension, vectors, norms, metadata } = segment;
    const items: IndexItem[] = new Array<IndexItem>(count);
    for (let i = 0; i < count; i++) {
      items[i] = {
        id: segment.ids[i],
        metadata: metadata?.[i] ?? {},
        vector: vectors.subarray(i * dimension, (i + 1) * dimension) as unknown as number[],
        norm: norms[i],
      };
    }
    return { version: segment.version, metadata_config: segment.metadata_config, items };
  }

  serializeCatalog(catalog: DocumentCatalog): Bytes {
    return asBytes(encoder.encode(JSON.stringify(catalog)));
  }

  deserializeCatalog(buffer: Bytes): DocumentCatalog {
    return JSON.parse(decoder.decode(buffer)) as DocumentCatalog;
  }

  serializeMetadata(metadata: Record<string, MetadataTypes>): Bytes {
    return asBytes(encoder.encode(JSON.stringify(metadata)));
  }

  deserializeMetadata(buffer: Bytes): Record<string, MetadataTypes> {
    return JSON.parse(decoder.decode(buffer)) as Record<string, MetadataTypes>;
  }
}

/** A decoded segment: what vectra's items hold, as whole blocks rather than one object per item. */
export interface VectorSegment {
  version: number;
  metadata_config: IndexData['metadata_config'];
  count: number;
  /** 0 in an empty segment. */
  dimension: number;
  ids: string[];
  /** count × dimension floats, row after row; a view of the bytes when they allow it. */
  vectors: Float32Array;
  norms: Float64Array;
  metadata?: (Record<string, MetadataTypes> | null)[];
}

/**
 * Reads a segment without making an item per vector: the index loader copies `vectors` straight
 * into its table. Throws VectorCodecError for bytes that are not a well-formed segment.
 */
export function parseVectorSegment(bytes: Uint8Array): VectorSegment {
  if (bytes.length < PREFIX_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new VectorCodecError('not a vector segment (bad magic)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (PREFIX_BYTES + headerLength > bytes.length) throw new VectorCodecError('header runs past the end of the file');
  const header = parseHeader(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength));
  const { count, dimension } = header;
  const bodyStart = align8(PREFIX_BYTES + headerLength);
  const expected = bodyStart + count * 8 + count * dimension * 4;
  if (bytes.length !== expected) {
    throw new VectorCodecError(`wrong byte length (${bytes.length}, expected ${expected} for ${count} vectors)`);
  }

  let norms: Float64Array;
  let vectors: Float32Array;
  if (littleEndianHost) {
    // Typed-array views need aligned offsets; a pooled or sliced buffer may not be.
    const aligned = (bytes.byteOffset + bodyStart) % 8 === 0 ? bytes : bytes.slice();
    norms = new Float64Array(aligned.buffer, aligned.byteOffset + bodyStart, count);
    vectors = new Float32Array(aligned.buffer, aligned.byteOffset + bodyStart + count * 8, count * dimension);
  } else {
    norms = new Float64Array(count);
    vectors = new Float32Array(count * dimension);
    for (let i = 0; i < count; i++) norms[i] = view.getFloat64(bodyStart + i * 8, true);
    const at = bodyStart + count * 8;
    for (let i = 0; i < count * dimension; i++) vectors[i] = view.getFloat32(at + i * 4, true);
  }
  return { ...header, vectors, norms };
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

function parseHeader(bytes: Uint8Array): Header {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new VectorCodecError('bad header JSON');
  }
  const h = raw as Partial<Header> | null;
  if (
    !h ||
    typeof h !== 'object' ||
    typeof h.version !== 'number' ||
    !isCount(h.count) ||
    !isCount(h.dimension) ||
    !Array.isArray(h.ids) ||
    h.ids.length !== h.count ||
    !h.ids.every((id) => typeof id === 'string') ||
    (h.metadata !== undefined && (!Array.isArray(h.metadata) || h.metadata.length !== h.count))
  ) {
    throw new VectorCodecError('malformed header');
  }
  return { ...h, metadata_config: h.metadata_config ?? {} } as Header;
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}
