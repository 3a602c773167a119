// Graph-executed training steps against trainModel's eager steps on random data, same model, weights and batches:
// samples/s of each, alternating rounds (the machine is shared), and how far the graph's losses drift from eager's.
// Usage: tsx tools/bench/graph/step-bench.ts [unet|tutorial|pooling|dense|cnn|cnn-nodrop|mlp] [batch=128] [steps=20] [rounds=2]
// cnn-nodrop is the CNN without its dropout layers, whose JavaScript-drawn masks keep the CNN itself eager.
import { buildAutoencoder } from '../../../lib/models/autoencoder';
import { buildClassifier, labelTensor } from '../../../lib/models/classifier';
import { trainModel } from '../../../lib/train';
import { compiledParts } from '../../../lib/training/compiled';
import { GraphTrainStep } from '../../../lib/training/graph/graph-step';
import { tf, type LayersModel, type Tensor } from '../../../lib/tf';

const CLASSES = 10;
const ADAM = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;
// Untimed steps first: two traced eager steps, then the graph's first run, which Grappler optimises.
const WARMUP = 3;
const [architecture = 'unet', batchArg = '128', stepsArg = '20', roundsArg = '2'] = process.argv.slice(2);
const batch = Number(batchArg);
const steps = Number(stepsArg);
const rounds = Number(roundsArg);
const classifier = ['cnn', 'cnn-nodrop', 'mlp'].includes(architecture);

function build(): LayersModel {
  if (!classifier) return buildAutoencoder({ architecture: architecture as 'unet', learningRate: ADAM.learningRate, seed: 7 });
  const model = buildClassifier({ architecture: architecture === 'mlp' ? 'mlp' : 'cnn', learningRate: ADAM.learningRate, seed: 7 });
  if (architecture !== 'cnn-nodrop') return model;
  const stripped = tf.sequential({ layers: model.layers.filter((layer) => layer.getClassName() !== 'SeededDropout') });
  stripped.compile({ optimizer: tf.train.adam(ADAM.learningRate), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return stripped;
}

const count = (WARMUP + steps) * batch;
const x = tf.randomUniform([count, 28, 28, 1], 0, 1, 'float32', 3);
const y = classifier
  ? labelTensor(Int32Array.from({ length: count }, (_, i) => (i * 7919) % CLASSES))
  : tf.randomUniform([count, 28, 28, 1], 0, 1, 'float32', 4);

/** trainModel over the same batches in order: its own measure of gradient-step time, and each batch's loss. */
async function eager(): Promise<{ samplesPerSecond: number; losses: number[] }> {
  const model = build();
  const losses: number[] = [];
  const history = await trainModel(model, { x, y, epochs: 1, batchSize: batch, shuffle: false, onBatchEnd: ({ batchLoss }) => void losses.push(batchLoss) });
  model.optimizer.dispose();
  model.dispose();
  return { samplesPerSecond: history.samplesPerSecond, losses };
}

function graph(): { samplesPerSecond: number; losses: number[]; mode: string } {
  const model = build();
  const variables = model.trainableWeights.map((weight) => weight.read() as ReturnType<typeof tf.variable>);
  const step = new GraphTrainStep(model, compiledParts(model), variables, ADAM);
  const batches = Array.from({ length: WARMUP + steps }, (_, i) => [x.slice(i * batch, batch), y.slice(i * batch, batch)] as [Tensor, Tensor]);
  const losses: number[] = [];
  let start = 0n;
  batches.forEach(([bx, by], i) => {
    if (i === WARMUP) start = process.hrtime.bigint();
    losses.push(step.step(bx, by)[0]!);
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const mode = step.mode(batches[0]![0], batches[0]![1]);
  step.close();
  tf.dispose(batches.flat());
  model.optimizer.dispose();
  model.dispose();
  return { samplesPerSecond: (steps * batch) / seconds, losses, mode };
}

async function main(): Promise<void> {
  let gaps: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const reference = await eager();
    console.log(`${architecture} batch ${batch} round ${round} eager (trainModel, ${WARMUP + steps} steps): ${reference.samplesPerSecond.toFixed(0)} samples/s`);
    const compiled = graph();
    console.log(`${architecture} batch ${batch} round ${round} graph (${compiled.mode}, ${steps} steps after ${WARMUP}): ${compiled.samplesPerSecond.toFixed(0)} samples/s`);
    gaps = compiled.losses.map((loss, i) => Math.max(gaps[i] ?? 0, Math.abs(loss - reference.losses[i]!)));
    if (round < rounds) continue;
    console.log(`losses after ${compiled.losses.length} steps: eager ${reference.losses.at(-1)}, graph ${compiled.losses.at(-1)}; max |graph − eager| ${Math.max(...gaps)}`);
    console.log(`|graph − eager| by step: ${gaps.map((gap) => gap.toPrecision(2)).join(' ')}`);
  }
}

main().then(() => tf.dispose([x, y]));
