// The benchmark's data, written once as raw little-endian float32 files that both sides read: identical bytes in.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFashionMnist, TEST_SIZE } from '../../lib/data/fashion-mnist';
import { addNoise } from '../../lib/noise/noise';
import { tf, type Tensor } from '../../lib/tf';
import type { PresetSetup } from './settings';

export interface ArrayFile {
  readonly path: string;
  readonly shape: number[];
}

/** What tools/bench/keras_worker.py reads too (keep the field names in step). */
export interface BenchData {
  readonly dir: string;
  /** Noisy training images [n, 28, 28, 1]: the autoencoder's input and the classifier's. */
  readonly xTrain: ArrayFile;
  /** Clean training images [n, 28, 28, 1]: the autoencoder's target. */
  readonly yTrain: ArrayFile;
  /** Class indices [n] as float32 (what lib's labelTensor makes). */
  readonly labels: ArrayFile;
  /** Noisy test images [10000, 28, 28, 1]: what inference denoises (and classifies). */
  readonly xTest: ArrayFile;
}

/** Real Fashion-MNIST with the preset's noise, in a fresh temporary folder the caller removes. */
export function writeBenchData(trainImages: number, noise: PresetSetup['noise']): BenchData {
  const dir = mkdtempSync(join(tmpdir(), 'fmnist-bench-'));
  const data = loadFashionMnist({ trainSize: trainImages, testSize: TEST_SIZE });
  const noisyTrain = addNoise(data.train.images, noise);
  // A different seed for the test split, as the pipeline uses: train and test noise must not repeat.
  const noisyTest = addNoise(data.test.images, { ...noise, seed: noise.seed + 1 });
  try {
    return {
      dir,
      xTrain: writeTensor(dir, 'x_train', noisyTrain),
      yTrain: writeTensor(dir, 'y_train', data.train.images),
      labels: writeArray(dir, 'labels', Float32Array.from(data.train.labels), [trainImages]),
      xTest: writeTensor(dir, 'x_test', noisyTest),
    };
  } finally {
    tf.dispose([noisyTrain, noisyTest, data.train.images, data.test.images]);
  }
}

function writeTensor(dir: string, name: string, tensor: Tensor): ArrayFile {
  return writeArray(dir, name, tensor.dataSync() as Float32Array, tensor.shape);
}

function writeArray(dir: string, name: string, values: Float32Array, shape: number[]): ArrayFile {
  const path = join(dir, `${name}.f32`);
  writeFileSync(path, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return { path, shape };
}

/** Reads a file written above; checks its size against the shape so a stale or truncated file cannot pass. */
export function readArray(file: ArrayFile): Float32Array {
  const bytes = readFileSync(file.path);
  const expected = file.shape.reduce((a, b) => a * b, 1) * Float32Array.BYTES_PER_ELEMENT;
  if (bytes.byteLength !== expected) {
    throw new Error(`${file.path}: expected ${expected} bytes for shape [${file.shape.join(', ')}], found ${bytes.byteLength}`);
  }
  // Node's Buffer may start at any offset of a shared pool; copy into an aligned array.
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
