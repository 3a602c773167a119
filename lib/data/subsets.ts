// Carving a split into parts: a validation hold-out, examples per class, counts per class.
import { ConfigError } from '../errors';
import { tf, type Tensor4D } from '../tf';
import { NUM_CLASSES, type Split } from './fashion-mnist';

/**
 * Holds out the last `fraction` of a split for validation, as Keras's `validation_split` does, so both
 * presets validate on the same images. Returns new tensors; the input split is left to its owner.
 */
export function holdOut(split: Split, fraction: number): { train: Split; validation: Split } {
  const trainCount = trainingCount(split.labels.length, fraction);
  return {
    train: { images: split.images.slice(0, trainCount), labels: split.labels.slice(0, trainCount) },
    validation: { images: split.images.slice(trainCount), labels: split.labels.slice(trainCount) },
  };
}

/**
 * The split for a training that stops early after `patience` epochs without improvement: `holdOut`'s two parts, or,
 * with patience 0, every image to train on and no validation part, since a hold-out would then only withhold images.
 * Returns new tensors either way.
 */
export function holdOutForEarlyStopping(split: Split, fraction: number, patience: number): { train: Split; validation?: Split } {
  return patience > 0 ? holdOut(split, fraction) : { train: { images: split.images.clone(), labels: split.labels.slice() } };
}

/** How many of `count` images stay for training when the last `fraction` is held out for validation. */
export function trainingCount(count: number, fraction: number): number {
  const validationCount = Math.round(count * fraction);
  if (!(fraction > 0 && fraction < 1) || validationCount < 1 || validationCount >= count) {
    throw new ConfigError('data.validationSplit', fraction, `a fraction that leaves at least one image on each side of ${count}`);
  }
  return count - validationCount;
}

/** How many images of each class, indexed by class. */
export function classCounts(labels: Int32Array): number[] {
  const counts = new Array<number>(NUM_CLASSES).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

/** Indices of the first `perClass` images of each class, ordered class by class. */
export function firstOfEachClass(labels: Int32Array, perClass = 1): number[] {
  const chosen: number[][] = Array.from({ length: NUM_CLASSES }, () => []);
  labels.forEach((label, index) => {
    const bucket = chosen[label];
    if (bucket && bucket.length < perClass) bucket.push(index);
  });
  return chosen.flat();
}

/** The images at `indices`, in that order. */
export function gatherImages(images: Tensor4D, indices: readonly number[]): Tensor4D {
  return tf.tidy(() => tf.gather(images, tf.tensor1d(indices as number[], 'int32'))) as Tensor4D;
}
