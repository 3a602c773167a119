// Classification metrics: accuracy, per-class accuracy and the confusion matrix, from label arrays or tensors.
import { NUM_CLASSES } from '../data/fashion-mnist';
import { ConfigError, ShapeError } from '../errors';
import { tf } from '../tf';
import type { Tensor } from '../tf';

/**
 * Class labels: integer arrays, a rank-1 tensor of labels, or a rank-2 tensor [n, classes] of scores,
 * probabilities or one-hot rows (reduced to labels by argmax).
 */
export type Labels = Int32Array | Uint8Array | readonly number[] | Tensor;

/** Fraction of positions where `predicted` equals `actual`. */
export function accuracy(predicted: Labels, actual: Labels, numClasses = NUM_CLASSES): number {
  const [p, a] = labelPair(predicted, actual, numClasses);
  let correct = 0;
  for (let i = 0; i < a.length; i++) if (p[i] === a[i]) correct += 1;
  return correct / a.length;
}

/**
 * Counts [actual][predicted] (rows are true classes, as in scikit-learn): entry [i][j] is how many
 * examples of class i were predicted as class j.
 */
export function confusionMatrix(predicted: Labels, actual: Labels, numClasses = NUM_CLASSES): number[][] {
  const [p, a] = labelPair(predicted, actual, numClasses);
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < a.length; i++) (matrix[a[i] as number] as number[])[p[i] as number] += 1;
  return matrix;
}

/**
 * Accuracy within each true class (the recall of each class): entry i is the fraction of class-i examples
 * predicted as i; NaN for a class with no examples, since there is nothing to be right or wrong about.
 */
export function perClassAccuracy(predicted: Labels, actual: Labels, numClasses = NUM_CLASSES): number[] {
  return confusionMatrix(predicted, actual, numClasses).map((row, label) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return total === 0 ? Number.NaN : (row[label] as number) / total;
  });
}

function labelPair(predicted: Labels, actual: Labels, numClasses: number): [Int32Array, Int32Array] {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new ConfigError('numClasses', numClasses, 'a positive integer');
  }
  const p = toLabelArray(predicted, 'predicted', numClasses);
  const a = toLabelArray(actual, 'actual', numClasses);
  if (p.length !== a.length) {
    throw new ShapeError('predicted.length', p.length, `the number of actual labels (${a.length})`);
  }
  if (a.length === 0) throw new ConfigError('actual.length', 0, 'at least one label');
  return [p, a];
}

function toLabelArray(labels: Labels, name: string, numClasses: number): Int32Array {
  const raw: ArrayLike<number> = labels instanceof tf.Tensor ? tensorLabels(labels, name) : labels;
  for (let i = 0; i < raw.length; i++) {
    const label = raw[i] as number;
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new ConfigError(`${name}[${i}]`, label, `an integer class label in [0, ${numClasses - 1}]`);
    }
  }
  return Int32Array.from(raw);
}

function tensorLabels(labels: Tensor, name: string): ArrayLike<number> {
  if (labels.rank === 1) return labels.dataSync();
  if (labels.rank === 2) return tf.tidy(() => labels.argMax(1).dataSync() as Int32Array);
  throw new ShapeError(`${name}.shape`, labels.shape, 'labels [n] or class scores [n, classes]');
}
