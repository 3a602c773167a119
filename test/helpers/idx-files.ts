// Writes small synthetic Fashion-MNIST-shaped IDX files, so loader tests know every byte they read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FASHION_MNIST_FILES } from '../../lib/data/files';
import { encodeIdx } from '../../lib/data/idx';

const created: string[] = [];
process.on('exit', () => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A new folder under the system's temporary folder, removed when the test process exits. */
export function temporaryDir(prefix = 'fmd-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Pixel value of image i at (row, column): deterministic and different per image. */
export function syntheticPixel(i: number, row: number, column: number): number {
  return (i * 7 + row * 28 + column) % 256;
}

export function syntheticImages(count: number): Uint8Array {
  const data = new Uint8Array(count * 28 * 28);
  for (let i = 0; i < count; i++) {
    for (let row = 0; row < 28; row++) {
      for (let column = 0; column < 28; column++) data[i * 784 + row * 28 + column] = syntheticPixel(i, row, column);
    }
  }
  return data;
}

export function syntheticLabels(count: number): Uint8Array {
  return Uint8Array.from({ length: count }, (_, i) => i % 10);
}

/** Writes all four files (train: trainCount images, test: testCount) into a new folder; returns it. */
export function writeSyntheticDataset(trainCount: number, testCount: number, options: { gzip?: boolean } = {}): string {
  const dir = temporaryDir();
  const write = (name: string, bytes: Uint8Array) =>
    options.gzip ? writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes)) : writeFileSync(join(dir, name), bytes);
  write(FASHION_MNIST_FILES.trainImages.name, encodeIdx([trainCount, 28, 28], syntheticImages(trainCount)));
  write(FASHION_MNIST_FILES.trainLabels.name, encodeIdx([trainCount], syntheticLabels(trainCount)));
  write(FASHION_MNIST_FILES.testImages.name, encodeIdx([testCount, 28, 28], syntheticImages(testCount)));
  write(FASHION_MNIST_FILES.testLabels.name, encodeIdx([testCount], syntheticLabels(testCount)));
  return dir;
}
