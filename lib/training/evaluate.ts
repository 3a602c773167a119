// Loss and metrics of a compiled model over a whole dataset, one batch at a time, in inference mode, op by op or as one
// TensorFlow graph per batch shape.
import type { TrainingExecutor } from '../config/schema';
import { tf, type LayersModel, type Tensor } from '../tf';
import { compiledParts, type CompiledParts } from './compiled';
import { modelBatchCall } from './graph/graph-call';

/** Big enough to keep the native kernels busy, small enough for the conv models' activations (~100 MB). */
export const EVAL_BATCH_SIZE = 512;

export interface Evaluation {
  readonly loss: number;
  /** By tfjs's metric names ('acc' for accuracy). */
  readonly metrics: Record<string, number>;
}

/**
 * Mean loss and metrics over all of (x, y), as Keras's `evaluate` reports them, for one model again and again (a
 * training's validation each epoch), keeping its graphs between calls. Creates no lasting tensors but the graphs.
 */
export interface Evaluator {
  evaluate(x: Tensor, y: Tensor, batchSize?: number): Evaluation;
  /** Frees the graphs. */
  close(): void;
}

export function openEvaluator(model: LayersModel, parts: CompiledParts = compiledParts(model), executor: TrainingExecutor = 'eager'): Evaluator {
  const eager = (x: Tensor, y: Tensor) => tf.tidy(() => {
    const predicted = model.apply(x, { training: false }) as Tensor;
    return tf.stack([parts.loss(y, predicted).mean(), ...parts.metrics.map((m) => m.fn(y, predicted).mean())]);
  });
  const valuesOf = modelBatchCall(model, executor, 'evaluates', eager);
  return {
    evaluate(x, y, batchSize = EVAL_BATCH_SIZE) {
      const count = x.shape[0]!;
      const sums = new Float64Array(1 + parts.metrics.length);
      for (let start = 0; start < count; start += batchSize) {
        const size = Math.min(batchSize, count - start);
        const [xBatch, yBatch] = [x.slice(start, size), y.slice(start, size)];
        const values = valuesOf(xBatch, yBatch);
        tf.dispose([xBatch, yBatch]);
        values.dataSync().forEach((value, i) => (sums[i] += value * size));
        values.dispose();
      }
      const metrics: Record<string, number> = {};
      parts.metrics.forEach((m, i) => (metrics[m.name] = sums[i + 1]! / count));
      return { loss: sums[0]! / count, metrics };
    },
    close: () => valuesOf.close(),
  };
}
