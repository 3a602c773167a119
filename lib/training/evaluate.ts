// Loss and metrics of a compiled model over a whole dataset, one batch at a time, in inference mode.
import { tf, type LayersModel, type Tensor } from '../tf';
import { compiledParts, type CompiledParts } from './compiled';

/** Big enough to keep the native kernels busy, small enough for the conv models' activations (~100 MB). */
export const EVAL_BATCH_SIZE = 512;

export interface Evaluation {
  readonly loss: number;
  /** By tfjs's metric names ('acc' for accuracy). */
  readonly metrics: Record<string, number>;
}

/** Mean loss and metrics over all of (x, y), as Keras's `evaluate` reports them. Creates no lasting tensors. */
export function evaluateInBatches(
  model: LayersModel,
  x: Tensor,
  y: Tensor,
  batchSize = EVAL_BATCH_SIZE,
  parts: CompiledParts = compiledParts(model),
): Evaluation {
  const count = x.shape[0]!;
  const sums = new Float64Array(1 + parts.metrics.length);
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const values = tf.tidy(() => {
      const xBatch = x.slice(start, size);
      const yBatch = y.slice(start, size);
      const predicted = model.apply(xBatch, { training: false }) as Tensor;
      return tf.stack([parts.loss(yBatch, predicted).mean(), ...parts.metrics.map((m) => m.fn(yBatch, predicted).mean())]);
    });
    values.dataSync().forEach((value, i) => (sums[i] += value * size));
    values.dispose();
  }
  const metrics: Record<string, number> = {};
  parts.metrics.forEach((m, i) => (metrics[m.name] = sums[i + 1]! / count));
  return { loss: sums[0]! / count, metrics };
}
