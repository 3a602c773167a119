// Fashion-MNIST from the verified local cache: images as [n, 28, 28, 1] floats in [0, 1], labels as ints.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, IdxFormatError } from '../errors';
import { FASHION_MNIST_CACHE_DIR } from '../paths';
import { tf, type Tensor4D } from '../tf';
import { FASHION_MNIST_FILES, verifyDatasetContent, type FileKey } from './files';
import { parseIdx, readDatasetFile, type IdxArray } from './idx';

export const IMAGE_SIZE = 28;
export const NUM_CLASSES = 10;
export const TRAIN_SIZE = 60_000;
export const TEST_SIZE = 10_000;
const PIXEL_MAX = 255;
const IMAGE_RANK = 3;
const LABEL_RANK = 1;

/** Class names in label order, as published with the dataset. */
export const CLASS_NAMES: readonly string[] = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

export interface Split {
  /** [n, 28, 28, 1], float32 in [0, 1]. The caller owns it and disposes it. */
  readonly images: Tensor4D;
  /** Class indices 0–9, one per image. */
  readonly labels: Int32Array;
}

export interface FashionMnist {
  readonly train: Split;
  readonly test: Split;
  readonly classNames: readonly string[];
}

export interface LoadOptions {
  /** Folder holding the four IDX files (raw or .gz). @default data/fashion-mnist, filled by `npm run setup` */
  readonly dir?: string;
  /** Keep only the first `trainSize` training images, for quick runs. @default every image in the file (60000) */
  readonly trainSize?: number;
  /** Keep only the first `testSize` test images. @default every image in the file (10000) */
  readonly testSize?: number;
  /** Check each file's SHA-256 against the published one; off only for synthetic test files. @default true */
  readonly verifyChecksums?: boolean;
}

/** Loads both splits. Throws naming the file when one is missing, corrupt or inconsistent. */
export function loadFashionMnist(options: LoadOptions = {}): FashionMnist {
  const dir = options.dir ?? FASHION_MNIST_CACHE_DIR;
  const verify = options.verifyChecksums ?? true;
  const trainSize = checkSubsetSize('trainSize', options.trainSize, TRAIN_SIZE);
  const testSize = checkSubsetSize('testSize', options.testSize, TEST_SIZE);
  const train = loadSplit(dir, 'trainImages', 'trainLabels', { name: 'trainSize', size: trainSize }, verify);
  try {
    const test = loadSplit(dir, 'testImages', 'testLabels', { name: 'testSize', size: testSize }, verify);
    return { train, test, classNames: CLASS_NAMES };
  } catch (error) {
    train.images.dispose();
    throw error;
  }
}

function checkSubsetSize(name: string, size: number | undefined, max: number): number | undefined {
  if (size === undefined) return undefined;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new ConfigError(name, size, `an integer from 1 to ${max}`);
  }
  return size;
}

function readFile(dir: string, key: FileKey, rank: number, verify: boolean): IdxArray {
  const file = FASHION_MNIST_FILES[key];
  const raw = join(dir, file.name);
  const path = existsSync(raw) || !existsSync(`${raw}.gz`) ? raw : `${raw}.gz`;
  const content = readDatasetFile(path);
  if (verify) verifyDatasetContent(content, file, path);
  return parseIdx(content, rank, path);
}

interface Subset {
  readonly name: string;
  /** undefined keeps every image in the file. */
  readonly size: number | undefined;
}

function loadSplit(dir: string, imagesKey: FileKey, labelsKey: FileKey, subset: Subset, verify: boolean): Split {
  const images = readFile(dir, imagesKey, IMAGE_RANK, verify);
  const labels = readFile(dir, labelsKey, LABEL_RANK, verify);
  const imagesPath = join(dir, FASHION_MNIST_FILES[imagesKey].name);
  const labelsPath = join(dir, FASHION_MNIST_FILES[labelsKey].name);
  const [count, height, width] = images.dims as [number, number, number];
  if (height !== IMAGE_SIZE || width !== IMAGE_SIZE) {
    throw new IdxFormatError(imagesPath, `${IMAGE_SIZE}×${IMAGE_SIZE} images`, `${height}×${width}`);
  }
  if (labels.dims[0] !== count) {
    throw new IdxFormatError(labelsPath, `${count} labels (one per image in ${imagesPath})`, `${labels.dims[0]}`);
  }
  const size = subset.size ?? count;
  if (size > count) {
    throw new ConfigError(subset.name, size, `at most ${count}, the number of images in ${imagesPath}`);
  }
  const labelValues = Int32Array.from(labels.data.subarray(0, size));
  const badLabel = labelValues.findIndex((label) => label >= NUM_CLASSES);
  if (badLabel >= 0) {
    throw new IdxFormatError(labelsPath, `labels 0–${NUM_CLASSES - 1}`, `${labelValues[badLabel]} at index ${badLabel}`);
  }
  const pixels = images.data.subarray(0, size * IMAGE_SIZE * IMAGE_SIZE);
  const tensor = tf.tidy(() =>
    tf.tensor4d(pixels, [size, IMAGE_SIZE, IMAGE_SIZE, 1], 'int32').toFloat().div(PIXEL_MAX),
  ) as Tensor4D; // [size, 28, 28, 1]
  return { images: tensor, labels: labelValues };
}
