// Predictions over a whole dataset in fixed-size batches, so 60000 images never pass through the model at once, op by
// op or as one TensorFlow graph per batch shape.
import type { TrainingExecutor } from '../config/schema';
import { ConfigError, ModelError } from '../errors';
import { tf, type LayersModel, type Tensor } from '../tf';
import { EVAL_BATCH_SIZE } from '../training/evaluate';
import { modelBatchCall } from '../training/graph/graph-call';
import { predictionExecutor } from './executor';

export interface PredictOptions {
  /** Rows per forward pass. @default 512 — see EVAL_BATCH_SIZE */
  readonly batchSize?: number;
  /**
   * 'graph' runs each batch as one TensorFlow graph once two batches have traced it (the weights are fed to it, so
   * it holds no copy of them); a model the tracer cannot compile runs eagerly, saying why in one log line.
   * @default what the run set for this model (lib/models/executor.ts), else 'eager'
   */
  readonly executor?: TrainingExecutor;
}

/**
 * The model's outputs for every row of `x`, in inference mode. Each batch's activations are freed before the next
 * starts and its outputs copied into one preallocated buffer, so the peak is one batch plus the result.
 * @returns a new tensor [n, ...output shape] that the caller disposes.
 */
export function predictInBatches(model: LayersModel, x: Tensor, options: PredictOptions = {}): Tensor {
  const { batchSize = EVAL_BATCH_SIZE, executor = predictionExecutor(model) } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError('batchSize', batchSize, 'an integer ≥ 1');
  const outputShape = model.outputs[0]!.shape.slice(1);
  if (outputShape.some((d) => d === null)) {
    throw new ModelError(model.name, `its output has no fixed shape ([batch, ${outputShape.join(', ')}])`, 'predictInBatches stacks batches of a fixed output shape.');
  }
  const rowSize = (outputShape as number[]).reduce((a, b) => a * b, 1);
  const count = x.shape[0]!;
  const output = new Float32Array(count * rowSize);
  // apply, not predict: tfjs's predict cuts every batch into batches of 32, each layer then running as 16 small ops
  // instead of one, with a oneDNN reorder around each (docs/performance.md).
  const predict = modelBatchCall(model, executor, 'predicts', (rows) => tf.tidy(() => model.apply(rows, { training: false }) as Tensor));
  try {
    for (let start = 0; start < count; start += batchSize) {
      const rows = x.slice(start, Math.min(batchSize, count - start));
      const batch = predict(rows);
      rows.dispose();
      output.set(batch.dataSync() as Float32Array, start * rowSize);
      batch.dispose();
    }
  } finally {
    predict.close();
  }
  return tf.tensor(output, [count, ...(outputShape as number[])]);
}
