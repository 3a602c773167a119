// Measures one of our models on tfjs-node in a process of its own (so its peak RSS is its own): training through
// lib/training/train.ts's trainModel, inference through lib/models/predict.ts's predictInBatches, on the job's executor.
// Prints a WorkerResult as its last line.
// Usage (from index.ts): tsx tools/bench/tfjs-worker.ts <autoencoder|classifier> '<job JSON>'
//                    or: tsx tools/bench/tfjs-worker.ts describe   (both models' layers, before anything is timed)
import { buildAutoencoder } from '../../lib/models/autoencoder';
import { buildClassifier } from '../../lib/models/classifier';
import { predictInBatches } from '../../lib/models/predict';
import { assertNativeBackend, tf, type LayersModel, type Tensor } from '../../lib/tf';
import { trainModel } from '../../lib/training/train';
import { readArray, type BenchData } from './data';
import { MODEL_KINDS, PREDICT_BATCH_SIZE, presetSetup, type ModelKind, type PresetSetup } from './settings';
import { warmUpCount, type Job } from './job';
import type { LayerSignature, ModelDescription, WorkerResult } from './worker-result';

const SEED = 1;

function build(kind: ModelKind, preset: PresetSetup): LayersModel {
  // Exactly what the preset builds; the seed only fixes the initial weights. A design the Keras twin does not mirror
  // fails the layer comparison before anything is timed.
  const { autoencoder, classifier } = preset;
  return kind === 'autoencoder'
    ? buildAutoencoder({ architecture: autoencoder.architecture, loss: autoencoder.loss, learningRate: autoencoder.learningRate, seed: SEED })
    : buildClassifier({ architecture: classifier.architecture, learningRate: classifier.learningRate, seed: SEED });
}

function loadTensors(kind: ModelKind, data: BenchData): { x: Tensor; y: Tensor; xTest: Tensor } {
  const x = tf.tensor(readArray(data.xTrain), data.xTrain.shape);
  const target = kind === 'autoencoder' ? data.yTrain : data.labels;
  const y = tf.tensor(readArray(target), target.shape);
  return { x, y, xTest: tf.tensor(readArray(data.xTest), data.xTest.shape) };
}

/** lib's SeededDropout computes what Keras's Dropout does; only where its masks come from differs. */
const kerasKind = (className: string) => (className === 'SeededDropout' ? 'Dropout' : className);

/** Keras's names for the settings that change the computation; see keras_worker.py's layer_signature. */
function signature(model: LayersModel): LayerSignature[] {
  const keys: Record<string, string> = {
    activation: 'activation', strides: 'strides', padding: 'padding', kernelSize: 'kernel_size', filters: 'filters',
    units: 'units', rate: 'rate', poolSize: 'pool_size',
  };
  return model.layers
    .filter((layer) => layer.getClassName() !== 'InputLayer')
    .map((layer) => {
      const raw = layer.getConfig() as Record<string, unknown>;
      const config: Record<string, string | number> = {};
      for (const [tfjsKey, kerasKey] of Object.entries(keys)) {
        const value = raw[tfjsKey];
        if (value !== undefined && value !== null) config[kerasKey] = Array.isArray(value) ? value.join(',') : (value as string | number);
      }
      const shape = layer.outputShape as Array<number | null>;
      return { name: layer.name, kind: kerasKind(layer.getClassName()), outputShape: shape.slice(1) as number[], params: layer.countParams(), config };
    });
}

const log = (kind: ModelKind, line: string) => process.stderr.write(`[tfjs ${kind}] ${line}\n`);

async function measure(kind: ModelKind, { data, settings, executor = 'eager' }: Job): Promise<WorkerResult> {
  const backend = assertNativeBackend();
  const model = build(kind, settings.preset);
  const { batchSize } = settings.preset[kind];
  const { x, y, xTest } = loadTensors(kind, data);
  const n = x.shape[0]!;
  const warm = warmUpCount(n, batchSize);
  const graph = executor === 'graph';
  log(kind, `${model.countParams()} parameters, ${executor} executor; warm-up on ${warm} images`);
  // Warm-up: Adam's slot variables and the kernels' first-call setup, for both batch shapes the timed epochs see.
  const [wx, wy] = [x.slice(0, warm), y.slice(0, warm)];
  await trainModel(model, { x: wx, y: wy, epochs: 1, batchSize, graph });
  tf.dispose([wx, wy]);
  const wTest = xTest.slice(0, warmUpCount(xTest.shape[0]!, PREDICT_BATCH_SIZE));
  predictInBatches(model, wTest, { batchSize: PREDICT_BATCH_SIZE, executor }).dispose();
  wTest.dispose();

  // One training of every timed epoch, as a notebook trains: a graph step is compiled once per training, not per
  // epoch. The tensor count and RSS at each epoch's end must stay flat from the first on.
  const trainSamplesPerSecond: number[] = [];
  const counts: number[] = [];
  const rssMbByEpoch: number[] = [];
  let epochStart = performance.now();
  const history = await trainModel(model, {
    x, y, epochs: settings.repetitions, batchSize, seed: SEED, graph,
    onEpochEnd: ({ epoch, loss }) => {
      trainSamplesPerSecond.push(n / ((performance.now() - epochStart) / 1000));
      counts.push(tf.memory().numTensors);
      rssMbByEpoch.push(process.memoryUsage().rss / 2 ** 20);
      log(kind, `epoch ${epoch}/${settings.repetitions}: ${trainSamplesPerSecond.at(-1)!.toFixed(0)} samples/s, loss ${loss.toFixed(4)}, tensors ${counts.at(-1)}, RSS ${rssMbByEpoch.at(-1)!.toFixed(0)} MB`);
      epochStart = performance.now();
    },
  });
  const trainLoss = history.loss;
  const [before, ...after] = counts as [number, ...number[]];
  const inferenceImagesPerSecond: number[] = [];
  for (let rep = 1; rep <= settings.inferenceRepetitions; rep++) {
    const start = performance.now();
    predictInBatches(model, xTest, { batchSize: PREDICT_BATCH_SIZE, executor }).dispose();
    inferenceImagesPerSecond.push(xTest.shape[0]! / ((performance.now() - start) / 1000));
  }
  log(kind, `inference: ${inferenceImagesPerSecond.map((v) => v.toFixed(0)).join(', ')} images/s`);
  const result: WorkerResult = {
    side: 'tfjs', executor, model: kind,
    runtime: `tfjs-node ${backend.tfjsVersion} / libtensorflow ${backend.tensorflowVersion}`,
    params: model.countParams(), layers: signature(model), trainImages: n,
    trainSamplesPerSecond, trainLoss, inferenceImagesPerSecond, inferenceImages: xTest.shape[0]!,
    peakRssMb: process.resourceUsage().maxRSS / 1024, rssMbByEpoch,
    cpuSeconds: cpuSeconds(),
    numTensors: { before, after },
  };
  tf.dispose([x, y, xTest]);
  model.dispose();
  return result;
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function describe(): ModelDescription[] {
  const preset = presetSetup();
  return MODEL_KINDS.map((kind) => {
    const model = build(kind, preset);
    const description = { model: kind, params: model.countParams(), layers: signature(model) };
    model.dispose();
    return description;
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === 'describe') return void process.stdout.write(`${JSON.stringify(describe())}\n`);
  const kind = process.argv[2] as ModelKind;
  const job = JSON.parse(process.argv[3] ?? '{}') as Job;
  const result = await measure(kind, job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
