// trainModel with graph steps against trainModel's eager steps on random data: same model, weights and batches.
// Samples/s of each in alternating rounds (the machine is shared), and how far the graph's losses drift from eager's.
// Two epochs per run; the second epoch's rate is the steady one (the first holds two traced steps and the graph's
// first run, which Grappler optimises).
// Usage: tsx tools/bench/graph/step-bench.ts [unet|tutorial|pooling|dense|cnn|cnn-nodrop|mlp] [batch=128] [steps=20] [rounds=2]
// cnn-nodrop is the CNN without its dropout layers: what feeding the masks to the graph each step costs or saves.
import { buildAutoencoder } from '../../../lib/models/autoencoder';
import { buildClassifier, labelTensor } from '../../../lib/models/classifier';
import { trainModel } from '../../../lib/training/train';
import { tf, type LayersModel } from '../../../lib/tf';

const CLASSES = 10;
const LEARNING_RATE = 0.001;
const EPOCHS = 2;
const [architecture = 'unet', batchArg = '128', stepsArg = '20', roundsArg = '2'] = process.argv.slice(2);
const batch = Number(batchArg);
const steps = Number(stepsArg);
const rounds = Number(roundsArg);
const classifier = ['cnn', 'cnn-nodrop', 'mlp'].includes(architecture);

function build(): LayersModel {
  if (!classifier) return buildAutoencoder({ architecture: architecture as 'unet', learningRate: LEARNING_RATE, seed: 7 });
  const model = buildClassifier({ architecture: architecture === 'mlp' ? 'mlp' : 'cnn', learningRate: LEARNING_RATE, seed: 7 });
  if (architecture !== 'cnn-nodrop') return model;
  const stripped = tf.sequential({ layers: model.layers.filter((layer) => layer.getClassName() !== 'SeededDropout') });
  stripped.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return stripped;
}

const count = steps * batch;
const x = tf.randomUniform([count, 28, 28, 1], 0, 1, 'float32', 3);
const y = classifier
  ? labelTensor(Int32Array.from({ length: count }, (_, i) => (i * 7919) % CLASSES))
  : tf.randomUniform([count, 28, 28, 1], 0, 1, 'float32', 4);

/** Samples/s of each epoch alone (trainModel reports them cumulatively) and every batch's loss. */
async function run(graph: boolean): Promise<{ rates: number[]; losses: number[] }> {
  const model = build();
  const losses: number[] = [];
  const history = await trainModel(model, { x, y, epochs: EPOCHS, batchSize: batch, shuffle: false, graph, onBatchEnd: ({ batchLoss }) => void losses.push(batchLoss) });
  model.optimizer.dispose();
  model.dispose();
  const seconds = history.samplesPerSecondByEpoch.map((rate, i) => ((i + 1) * count) / rate);
  return { rates: seconds.map((total, i) => count / (total - (seconds[i - 1] ?? 0))), losses };
}

async function main(): Promise<void> {
  let gaps: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const results = { eager: await run(false), graph: await run(true) };
    for (const [name, { rates }] of Object.entries(results)) {
      console.log(`${architecture} batch ${batch} round ${round} ${name}: ${rates.map((rate, i) => `epoch ${i + 1} ${rate.toFixed(0)}`).join(', ')} samples/s`);
    }
    gaps = results.graph.losses.map((loss, i) => Math.max(gaps[i] ?? 0, Math.abs(loss - results.eager.losses[i]!)));
  }
  console.log(`max |graph − eager| batch loss over ${gaps.length} steps: ${Math.max(...gaps)}; by step: ${gaps.map((gap) => gap.toPrecision(2)).join(' ')}`);
}

main().then(() => tf.dispose([x, y]));
