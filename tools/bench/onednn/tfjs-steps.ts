// The tfjs side: `steps` training steps of lib's trainModel (the preset's batch, from index.ts) on one executor, or
// `steps` batches of predictInBatches, after a warm-up that also traces the graphs, between markers; prints the wall
// time per step. Run with ONEDNN_VERBOSE=1 by index.ts.
import type { TrainingExecutor } from '../../../lib/config/schema';
import { buildAutoencoder } from '../../../lib/models/autoencoder';
import { buildClassifier, labelTensor } from '../../../lib/models/classifier';
import { predictInBatches } from '../../../lib/models/predict';
import { tf } from '../../../lib/tf';
import { trainModel } from '../../../lib/training/train';
import { MARK_END, MARK_START, WALL_PREFIX } from './markers';

async function main(): Promise<void> {
  const [kind, stepsArg, batchArg, executorArg, mode] = process.argv.slice(2);
  const steps = Number(stepsArg);
  const batchSize = Number(batchArg);
  const executor = executorArg as TrainingExecutor;
  const x = tf.randomUniform([batchSize * steps, 28, 28, 1], 0, 1, 'float32', 1);
  const model = kind === 'autoencoder' ? buildAutoencoder({ architecture: 'unet', seed: 1 }) : buildClassifier({ architecture: 'cnn', seed: 1 });
  let measured: () => Promise<void>;
  if (mode === 'predict') {
    const predict = async () => tf.dispose(predictInBatches(model, x, { batchSize, executor }));
    await predict();
    measured = predict;
  } else {
    const y = kind === 'autoencoder' ? x : labelTensor(Int32Array.from({ length: batchSize * steps }, (_, i) => i % 10));
    await trainModel(model, { x, y, epochs: 1, batchSize, seed: 1, graph: executor === 'graph' });
    measured = async () => void (await trainModel(model, { x, y, epochs: 1, batchSize, seed: 2, graph: executor === 'graph' }));
  }
  console.log(MARK_START);
  const start = performance.now();
  await measured();
  console.log(`${WALL_PREFIX}${(performance.now() - start) / steps}`);
  console.log(MARK_END);
}

void main();
