// IDX, the format of (Fashion-)MNIST: a magic number naming the element type and rank, then dimensions, then data.
import { readFileSync } from 'node:fs';
import { DatasetMissingError, IdxFormatError } from '../errors';
import { decompressIfGzip } from './files';

const IDX_UBYTE_TYPE = 0x08;
const HEADER_BYTES_PER_DIMENSION = 4;
const MAGIC_BYTES = 4;

export interface IdxArray {
  /** Sizes along each axis, e.g. [60000, 28, 28] for images, [60000] for labels. */
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/**
 * Parses unsigned-byte IDX content. `rank` is the number of dimensions the caller expects (3 for images,
 * 1 for labels); `file` names the source in errors.
 */
export function parseIdx(bytes: Uint8Array, rank: number, file: string): IdxArray {
  if (bytes.length < MAGIC_BYTES) {
    throw new IdxFormatError(file, `an IDX file (at least ${MAGIC_BYTES} header bytes)`, `${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const expectedMagic = (IDX_UBYTE_TYPE << 8) | rank;
  if (magic !== expectedMagic) {
    throw new IdxFormatError(file, `magic number 0x${hex(expectedMagic)} (unsigned bytes, ${rank} dimensions)`, `0x${hex(magic)}`);
  }
  const headerBytes = MAGIC_BYTES + HEADER_BYTES_PER_DIMENSION * rank;
  if (bytes.length < headerBytes) {
    throw new IdxFormatError(file, `a ${headerBytes}-byte header`, `${bytes.length} bytes`);
  }
  const dims = Array.from({ length: rank }, (_, axis) => view.getUint32(MAGIC_BYTES + HEADER_BYTES_PER_DIMENSION * axis));
  const elements = dims.reduce((product, size) => product * size, 1);
  if (bytes.length !== headerBytes + elements) {
    throw new IdxFormatError(
      file,
      `${headerBytes + elements} bytes for dimensions [${dims.join(', ')}]`,
      `${bytes.length} bytes (truncated or padded)`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/** Reads a dataset file's bytes, decompressed when gzip; a missing file is a DatasetMissingError. */
export function readDatasetFile(path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DatasetMissingError(path);
    throw error;
  }
  return decompressIfGzip(bytes, path);
}

/** Reads an IDX file, gzip-compressed or raw (detected from its first bytes). */
export function readIdxFile(path: string, rank: number): IdxArray {
  return parseIdx(readDatasetFile(path), rank, path);
}

/** Serializes an unsigned-byte IDX array: the inverse of parseIdx, used to write test files. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const headerBytes = MAGIC_BYTES + HEADER_BYTES_PER_DIMENSION * dims.length;
  const bytes = new Uint8Array(headerBytes + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, (IDX_UBYTE_TYPE << 8) | dims.length);
  dims.forEach((size, axis) => view.setUint32(MAGIC_BYTES + HEADER_BYTES_PER_DIMENSION * axis, size));
  bytes.set(data, headerBytes);
  return bytes;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
