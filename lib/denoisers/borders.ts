// Extending images past their borders, the way scipy.ndimage (and so scikit-image) does, via index gathers.
import { ConfigError } from '../errors';
import { tf } from '../tf';
import type { Tensor4D } from '../tf';

/**
 * How pixels outside the image are made up, with scipy.ndimage's names (for a row `a b c d`):
 * - `reflect`: `b a | a b c d | d c` (half-sample symmetric; numpy calls it 'symmetric');
 * - `mirror`: `c b | a b c d | c b` (whole-sample symmetric; numpy calls it 'reflect');
 * - `nearest`: `a a | a b c d | d d` (edge pixel repeated).
 */
export type BorderMode = 'reflect' | 'mirror' | 'nearest';

export const BORDER_MODES: readonly BorderMode[] = ['reflect', 'mirror', 'nearest'];

/** Source index along an axis of length `size` for each of the `size + 2·pad` positions of the extended axis. */
export function borderIndices(size: number, pad: number, mode: BorderMode): Int32Array {
  const indices = new Int32Array(size + 2 * pad);
  for (let i = 0; i < indices.length; i++) indices[i] = sourceIndex(i - pad, size, mode);
  return indices;
}

function sourceIndex(i: number, size: number, mode: BorderMode): number {
  if (mode === 'nearest') return Math.min(size - 1, Math.max(0, i));
  // Both symmetric extensions are periodic: fold i into one period, then reflect the second half back.
  const period = mode === 'reflect' ? 2 * size : 2 * size - 2;
  if (period === 0) return 0; // a single pixel mirrors onto itself
  const folded = ((i % period) + period) % period;
  return folded < size ? folded : period - folded - (mode === 'reflect' ? 1 : 0);
}

/** [n, h, w, c] → [n, h + 2·padRows, w + 2·padCols, c], extended by `mode`. */
export function padImages(images: Tensor4D, padRows: number, padCols: number, mode: BorderMode): Tensor4D {
  if (!BORDER_MODES.includes(mode)) {
    throw new ConfigError('mode', mode, `one of ${BORDER_MODES.join(', ')}`);
  }
  const [, height, width] = images.shape;
  return tf.tidy(() => {
    const rows = tf.tensor1d(borderIndices(height, padRows, mode), 'int32');
    const cols = tf.tensor1d(borderIndices(width, padCols, mode), 'int32');
    return images.gather(rows, 1).gather(cols, 2);
  });
}
