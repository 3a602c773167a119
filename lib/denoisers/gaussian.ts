// Gaussian blur as scikit-image's filters.gaussian computes it: a separable, truncated, normalized kernel.
import { ConfigError } from '../errors';
import { tf } from '../tf';
import type { Tensor4D } from '../tf';
import { padImages } from './borders';
import type { BorderMode } from './borders';
import { mapInBatches } from './batches';

/** scipy.ndimage.gaussian_filter's default: the kernel reaches 4σ on each side. */
export const GAUSSIAN_TRUNCATE = 4;
const BLUR_BATCH_IMAGES = 2000;

export interface GaussianBlurOptions {
  /** Standard deviation of the kernel in pixels. @default 1 */
  readonly sigma?: number;
  /** Border handling; 'nearest' is skimage.filters.gaussian's default. @default 'nearest' */
  readonly mode?: BorderMode;
  /** Kernel radius in standard deviations, as scipy's `truncate`. @default 4 */
  readonly truncate?: number;
}

/** scipy's radius for a truncated gaussian: round(truncate·σ), so σ = 1.5 with truncate 3.5 gives 11 taps. */
export function gaussianRadius(sigma: number, truncate: number): number {
  return Math.floor(truncate * sigma + 0.5);
}

/** Weights exp(-x²/2σ²) for x = -radius..radius, normalized to sum 1 (scipy's _gaussian_kernel1d). */
export function gaussianKernel1d(sigma: number, radius: number): Float32Array {
  const weights = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return Float32Array.from(weights, (weight) => weight / total);
}

/**
 * Correlates every channel with `kernel` along rows, then along columns, without padding:
 * [n, h, w, c] → [n, h - k + 1, w - k + 1, c] for a kernel of k taps.
 */
export function separableFilterValid(images: Tensor4D, kernel: Float32Array): Tensor4D {
  const channels = images.shape[3];
  const taps = kernel.length;
  return tf.tidy(() => {
    const column = tf.tensor1d(kernel).reshape([taps, 1, 1, 1]).tile([1, 1, channels, 1]) as Tensor4D; // [k, 1, c, 1]
    const row = column.reshape([1, taps, channels, 1]) as Tensor4D; // [1, k, c, 1]
    const alongRows = tf.depthwiseConv2d(images, column, 1, 'valid'); // [n, h - k + 1, w, c]
    return tf.depthwiseConv2d(alongRows, row, 1, 'valid'); // [n, h - k + 1, w - k + 1, c]
  });
}

/** Blurs a batch [n, h, w, c] with a gaussian of standard deviation `sigma`; same shape out. */
export function gaussianBlur(images: Tensor4D, options: GaussianBlurOptions = {}): Tensor4D {
  const { sigma = 1, mode = 'nearest', truncate = GAUSSIAN_TRUNCATE } = options;
  if (!Number.isFinite(sigma) || sigma <= 0 || sigma > 100) throw new ConfigError('sigma', sigma, 'a number in (0, 100]');
  if (!Number.isFinite(truncate) || truncate <= 0) throw new ConfigError('truncate', truncate, 'a positive number');
  const radius = gaussianRadius(sigma, truncate);
  const kernel = gaussianKernel1d(sigma, radius);
  return mapInBatches(images, BLUR_BATCH_IMAGES, (batch) => separableFilterValid(padImages(batch, radius, radius, mode), kernel));
}
