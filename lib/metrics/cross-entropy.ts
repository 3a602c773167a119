// Binary cross-entropy of images as Keras reports it: the number the Keras-tutorial denoising projects publish.
import type { Tensor4D } from '../tf';
import { mean, perImagePairs, type ImageQualityOptions, type QualityScores } from './image-quality';

/** Keras's backend epsilon: predictions are clipped to [ε, 1 − ε] before the logarithms, so 0 and 1 stay finite. */
export const KERAS_EPSILON = 1e-7;

/**
 * −(y·log p + (1 − y)·log(1 − p)) averaged over the pixels of each image pair, with `predicted` clipped to
 * [1e-7, 1 − 1e-7] as Keras's `binary_crossentropy` does; the mean over images is then Keras's loss over the whole
 * set (its mean over all pixels, every image having as many).
 */
export function binaryCrossentropy(target: Tensor4D, predicted: Tensor4D, options: Pick<ImageQualityOptions, 'batchSize'> = {}): QualityScores {
  const perImage = perImagePairs(target, predicted, options.batchSize, (y, raw) => {
    const p = raw.clipByValue(KERAS_EPSILON, 1 - KERAS_EPSILON);
    return y.mul(p.log()).add(y.neg().add(1).mul(p.neg().add(1).log())).neg().mean([1, 2, 3]);
  });
  return { perImage, mean: mean(perImage) };
}
