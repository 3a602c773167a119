// The four Fashion-MNIST files, their published sizes and content hashes, and checks against them.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { ChecksumError, IdxFormatError } from '../errors';

export type FileKey = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

export interface DatasetFile {
  /** Name of the decompressed file, as the dataset's authors publish it (plus .gz for the compressed one). */
  readonly name: string;
  readonly bytes: number;
  /** SHA-256 of the decompressed bytes: .gz files differ between mirrors, their contents do not. */
  readonly sha256: string;
}

export const FASHION_MNIST_FILES: Readonly<Record<FileKey, DatasetFile>> = {
  trainImages: {
    name: 'train-images-idx3-ubyte',
    bytes: 47_040_016,
    sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  },
  trainLabels: {
    name: 'train-labels-idx1-ubyte',
    bytes: 60_008,
    sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  },
  testImages: {
    name: 't10k-images-idx3-ubyte',
    bytes: 7_840_016,
    sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  },
  testLabels: {
    name: 't10k-labels-idx1-ubyte',
    bytes: 10_008,
    sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
  },
};

const GZIP_MAGIC = [0x1f, 0x8b] as const;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** Decompresses gzip content (detected by its magic bytes), passes raw content through. */
export function decompressIfGzip(bytes: Buffer, file: string): Buffer {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new IdxFormatError(file, 'a complete gzip stream', `a broken one (${(error as Error).message})`);
  }
}

/** Throws unless `content` (decompressed) is exactly the published file. */
export function verifyDatasetContent(content: Uint8Array, expected: DatasetFile, file: string): void {
  if (content.length !== expected.bytes) {
    throw new IdxFormatError(file, `${expected.bytes} bytes (decompressed)`, `${content.length} bytes`);
  }
  const found = createHash('sha256').update(content).digest('hex');
  if (found !== expected.sha256) {
    throw new ChecksumError(file, expected.sha256, found);
  }
}
