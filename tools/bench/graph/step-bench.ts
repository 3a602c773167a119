// Graph-executed against eager training steps on random data, same model and weights: samples/s of each, alternating,
// and how far the graph's losses and weights drift from eager's. Usage: tsx tools/bench/graph/step-bench.ts
// [unet|tutorial|pooling|dense|cnn|mlp] [batch=128] [steps=20] [rounds=2]
import { buildAutoencoder } from '../../../lib/models/autoencoder';
import { buildClassifier } from '../../../lib/models/classifier';
import { compiledParts } from '../../../lib/training/compiled';
import { GraphTrainStep } from '../../../lib/training/graph/graph-step';
import { tf, type LayersModel, type Tensor } from '../../../lib/tf';

const CLASSIFIERS = ['cnn', 'mlp'];
const [architecture = 'unet', batchArg = '128', stepsArg = '20', roundsArg = '2'] = process.argv.slice(2);
const batch = Number(batchArg);
const steps = Number(stepsArg);
const rounds = Number(roundsArg);
// Steps before timing: two traced eager steps, then the graph's first run, which Grappler optimises.
const WARMUP = 3;

function build(): LayersModel {
  return CLASSIFIERS.includes(architecture)
    ? buildClassifier({ architecture: architecture as 'cnn', seed: 7 })
    : buildAutoencoder({ architecture: architecture as 'unet', seed: 7 });
}

function data(model: LayersModel): { x: Tensor; y: Tensor } {
  const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 3);
  if (!CLASSIFIERS.includes(architecture)) return { x, y: tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 4) };
  const classes = (model.outputs[0]!.shape as number[])[1]!;
  return { x, y: tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32', 5), classes).asType('float32') };
}

function run(graph: boolean): { samplesPerSecond: number; losses: number[]; weights: Float32Array[]; mode: string } {
  const model = build();
  const parts = compiledParts(model);
  const variables = model.trainableWeights.map((weight) => weight.read() as ReturnType<typeof tf.variable>);
  const step = new GraphTrainStep(model, parts, variables, { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, { graph });
  const { x, y } = data(model);
  const losses: number[] = [];
  for (let i = 0; i < WARMUP; i++) losses.push(step.step(x, y)[0]!);
  const start = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) losses.push(step.step(x, y)[0]!);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const mode = step.mode(x, y);
  const weights = variables.map((variable) => variable.dataSync() as Float32Array);
  step.close();
  tf.dispose([x, y]);
  model.optimizer.dispose();
  model.dispose();
  return { samplesPerSecond: (steps * batch) / seconds, losses, weights, mode };
}

const results: Record<string, ReturnType<typeof run>[]> = { eager: [], graph: [] };
for (let round = 0; round < rounds; round++) {
  for (const graph of [false, true]) {
    const result = run(graph);
    results[graph ? 'graph' : 'eager']!.push(result);
    console.log(`${architecture} batch ${batch} round ${round + 1} ${graph ? `graph (${result.mode})` : 'eager'}: ${result.samplesPerSecond.toFixed(0)} samples/s, loss after ${result.losses.length} steps ${result.losses.at(-1)}`);
  }
}
const [eager, graph] = [results.eager![0]!, results.graph![0]!];
const lossGap = Math.max(...eager.losses.map((loss, i) => Math.abs(loss - graph.losses[i]!)));
const weightGap = Math.max(...eager.weights.map((weights, i) => weights.reduce((worst, value, k) => Math.max(worst, Math.abs(value - graph.weights[i]![k]!)), 0)));
console.log(`max |loss graph − eager| over ${eager.losses.length} steps: ${lossGap}; max |weight graph − eager|: ${weightGap}`);
