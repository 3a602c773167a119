// predictInBatches as graphs against predictInBatches op by op on random images: same model and weights. Images/s of
// each in alternating rounds (the machine is shared), and the largest difference between their outputs.
// Usage: tsx tools/bench/graph/predict-bench.ts [unet|tutorial|pooling|dense|cnn|mlp] [images=10000] [batch=512] [rounds=3]
import { buildAutoencoder } from '../../../lib/models/autoencoder';
import { buildClassifier } from '../../../lib/models/classifier';
import { predictInBatches } from '../../../lib/models/predict';
import type { TrainingExecutor } from '../../../lib/config/schema';
import { tf, type LayersModel, type Tensor } from '../../../lib/tf';

const [architecture = 'unet', imagesArg = '10000', batchArg = '512', roundsArg = '3'] = process.argv.slice(2);
const [images, batchSize, rounds] = [imagesArg, batchArg, roundsArg].map(Number) as [number, number, number];

function build(): LayersModel {
  if (architecture === 'cnn' || architecture === 'mlp') return buildClassifier({ architecture, seed: 7 });
  return buildAutoencoder({ architecture: architecture as 'unet', seed: 7 });
}

function timed(model: LayersModel, x: Tensor, executor: TrainingExecutor): { rate: number; output: Tensor } {
  const start = performance.now();
  const output = predictInBatches(model, x, { batchSize, executor });
  return { rate: images / ((performance.now() - start) / 1000), output };
}

const model = build();
const x = tf.randomUniform([images, 28, 28, 1], 0, 1, 'float32', 3);
let gap = 0;
for (let round = 1; round <= rounds; round++) {
  const eager = timed(model, x, 'eager');
  const graph = timed(model, x, 'graph');
  gap = Math.max(gap, tf.tidy(() => eager.output.sub(graph.output).abs().max().dataSync()[0]!));
  console.log(`${architecture} batch ${batchSize} round ${round}: eager ${eager.rate.toFixed(0)}, graph ${graph.rate.toFixed(0)} images/s`);
  tf.dispose([eager.output, graph.output]);
}
console.log(`max |graph − eager| output: ${gap}; tensors left: ${tf.memory().numTensors}`);
