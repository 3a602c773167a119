// Applying an image-to-image function to a large batch a slice at a time, so intermediates stay small.
import { ConfigError, ShapeError } from '../errors';
import { tf } from '../tf';
import type { Tensor4D } from '../tf';

/**
 * Runs `transform` on consecutive slices of at most `batchSize` images and concatenates the results.
 * Intermediates of each slice are freed before the next one starts; the caller disposes the result.
 */
export function mapInBatches(images: Tensor4D, batchSize: number, transform: (batch: Tensor4D) => Tensor4D): Tensor4D {
  if (images.rank !== 4) throw new ShapeError('images.shape', images.shape, 'a batch [n, height, width, channels]');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError('batchSize', batchSize, 'a positive integer');
  const n = images.shape[0];
  if (n <= batchSize) return tf.tidy(() => transform(images));
  const parts: Tensor4D[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    parts.push(tf.tidy(() => transform(images.slice([start, 0, 0, 0], [size, -1, -1, -1]))));
  }
  const all = tf.concat(parts, 0); // [n, h', w', c']
  parts.forEach((part) => part.dispose());
  return all;
}
