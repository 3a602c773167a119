// Pixel-error image quality: mean squared error and PSNR, per image and averaged over a dataset.
import { ConfigError, ShapeError } from '../errors';
import { tf } from '../tf';
import type { Tensor1D, Tensor4D } from '../tf';

/** Images are floats in [0, 1], so the largest possible pixel difference is 1. */
export const DATA_RANGE = 1;
/**
 * Where the dataset mean of PSNR counts an identical pair (PSNR = Infinity). One 8-bit step in one pixel of a
 * 28×28 image already gives 77 dB, so 100 dB ranks "identical" above every real difference without letting
 * one such pair turn the mean into Infinity.
 */
export const PSNR_CAP_DB = 100;
const METRIC_BATCH_IMAGES = 1000;

export interface ImageQualityOptions {
  /** Value range of the pixels, as skimage's `data_range`. @default 1 */
  readonly dataRange?: number;
  /** Images per slice while computing; bounds memory, not results. @default 1000 */
  readonly batchSize?: number;
}

/** One score per image, and their mean. */
export interface QualityScores {
  readonly perImage: Float64Array;
  readonly mean: number;
}

/** PSNR scores; `identical` counts pairs with MSE 0 (PSNR Infinity, counted as PSNR_CAP_DB in `mean`). */
export interface PsnrScores extends QualityScores {
  readonly identical: number;
}

/** Mean squared error of each image pair of `reference` and `test` ([n, h, w, c] each). */
export function mse(reference: Tensor4D, test: Tensor4D, options: ImageQualityOptions = {}): QualityScores {
  const perImage = perImagePairs(reference, test, options.batchSize, (a, b) => a.squaredDifference(b).mean([1, 2, 3]));
  return { perImage, mean: mean(perImage) };
}

/** Peak signal-to-noise ratio 10·log10(dataRange² / MSE) in dB, as skimage.metrics.peak_signal_noise_ratio. */
export function psnr(reference: Tensor4D, test: Tensor4D, options: ImageQualityOptions = {}): PsnrScores {
  const dataRange = validDataRange(options.dataRange);
  const errors = mse(reference, test, options).perImage;
  const perImage = errors.map((error) => 10 * Math.log10((dataRange * dataRange) / error)); // Infinity where error = 0
  const identical = errors.filter((error) => error === 0).length;
  return { perImage, mean: mean(perImage.map((db) => Math.min(db, PSNR_CAP_DB))), identical };
}

/**
 * Applies `score` ([b, h, w, c] pairs → [b]) to slices of at most `batchSize` pairs; float64 results.
 * Shared by every per-image metric so each computes on bounded memory.
 */
export function perImagePairs(
  reference: Tensor4D,
  test: Tensor4D,
  batchSize: number = METRIC_BATCH_IMAGES,
  score: (reference: Tensor4D, test: Tensor4D) => Tensor1D,
): Float64Array {
  if (reference.rank !== 4) {
    throw new ShapeError('reference.shape', reference.shape, 'a batch [n, height, width, channels]');
  }
  if (test.shape.join() !== reference.shape.join()) {
    throw new ShapeError('test.shape', test.shape, `the shape of reference [${reference.shape.join(', ')}]`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError('batchSize', batchSize, 'a positive integer');
  const n = reference.shape[0];
  const scores = new Float64Array(n);
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const values = tf.tidy(() => {
      const slice = (images: Tensor4D): Tensor4D => images.slice([start, 0, 0, 0], [size, -1, -1, -1]);
      return score(slice(reference), slice(test)).dataSync();
    });
    scores.set(values, start);
  }
  return scores;
}

export function validDataRange(dataRange: number = DATA_RANGE): number {
  if (!Number.isFinite(dataRange) || dataRange <= 0) throw new ConfigError('dataRange', dataRange, 'a positive number');
  return dataRange;
}

/** Float64 mean; NaN for no values. */
/** The mean of per-image scores. */
export function mean(values: Float64Array): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
