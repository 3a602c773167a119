// Predictions over a whole dataset in fixed-size batches, so 60000 images never pass through the model at once.
import { ConfigError, ModelError } from '../errors';
import { tf, type LayersModel, type Tensor } from '../tf';
import { EVAL_BATCH_SIZE } from '../training/evaluate';

/**
 * The model's outputs for every row of `x`, in inference mode. Each batch's activations are freed before the next
 * starts and its outputs copied into one preallocated buffer, so the peak is one batch plus the result.
 * @param batchSize rows per forward pass. @default 512 — see EVAL_BATCH_SIZE
 * @returns a new tensor [n, ...output shape] that the caller disposes.
 */
export function predictInBatches(model: LayersModel, x: Tensor, batchSize = EVAL_BATCH_SIZE): Tensor {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError('batchSize', batchSize, 'an integer ≥ 1');
  const outputShape = model.outputs[0]!.shape.slice(1);
  if (outputShape.some((d) => d === null)) {
    throw new ModelError(model.name, `its output has no fixed shape ([batch, ${outputShape.join(', ')}])`, 'predictInBatches stacks batches of a fixed output shape.');
  }
  const rowSize = (outputShape as number[]).reduce((a, b) => a * b, 1);
  const count = x.shape[0]!;
  const output = new Float32Array(count * rowSize);
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const batch = tf.tidy(() => model.predict(x.slice(start, size)) as Tensor);
    output.set(batch.dataSync() as Float32Array, start * rowSize);
    batch.dispose();
  }
  return tf.tensor(output, [count, ...(outputShape as number[])]);
}
