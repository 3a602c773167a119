// Median filter as scikit-image's filters.median (scipy.ndimage.median_filter) computes it on a square window.
import { ConfigError } from '../errors';
import { tf } from '../tf';
import type { Tensor4D } from '../tf';
import { padImages } from './borders';
import type { BorderMode } from './borders';
import { mapInBatches } from './batches';

/** 500 images × 784 pixels × 25 neighbours (5×5) is 39 MB of float32 per batch. */
const MEDIAN_BATCH_IMAGES = 500;
const MAX_MEDIAN_SIZE = 15;

export interface MedianFilterOptions {
  /** Side k of the k×k window, odd so the window has a center and the median is one of its values. @default 3 */
  readonly size?: number;
  /** Border handling; 'nearest' is skimage.filters.median's default. @default 'nearest' */
  readonly mode?: BorderMode;
}

/** Replaces each pixel of [n, h, w, c] by the median of its k×k neighbourhood, channel by channel. */
export function medianFilter(images: Tensor4D, options: MedianFilterOptions = {}): Tensor4D {
  const { size = 3, mode = 'nearest' } = options;
  if (!Number.isInteger(size) || size % 2 === 0 || size < 1 || size > MAX_MEDIAN_SIZE) {
    throw new ConfigError('size', size, `an odd integer in [1, ${MAX_MEDIAN_SIZE}]`);
  }
  const radius = (size - 1) / 2;
  const middle = (size * size + 1) / 2; // the median is the middle-th largest of size² values
  return mapInBatches(images, MEDIAN_BATCH_IMAGES, (batch) => {
    const [n, height, width, channels] = batch.shape;
    const padded = padImages(batch, radius, radius, mode); // [n, h + 2r, w + 2r, c]
    const neighbours: Tensor4D[] = [];
    for (let dy = 0; dy < size; dy++) {
      for (let dx = 0; dx < size; dx++) neighbours.push(padded.slice([0, dy, dx, 0], [n, height, width, channels]));
    }
    const stacked = tf.stack(neighbours, 4); // [n, h, w, c, k²]
    const { values } = tf.topk(stacked, middle); // [n, h, w, c, middle], largest first
    return values.slice([0, 0, 0, 0, middle - 1], [n, height, width, channels, 1]).reshape([n, height, width, channels]);
  });
}
