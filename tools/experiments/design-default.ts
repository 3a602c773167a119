// Trains and scores one candidate for the default preset on the full dataset; see docs/default-preset-design.md.
// Usage (one training process at a time: the machine has 2 cores):
//   tsx tools/experiments/design-default.ts classifier <candidate> [--epochs=20] [--patience=3] [--lr=0.001]
//   tsx tools/experiments/design-default.ts autoencoder <candidate> [--loss=binaryCrossentropy] [--epochs=…] …
//   tsx tools/experiments/design-default.ts composite <autoencoder run folder> <classifier run folder> [--fine-tune=2]
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, saveModel, writeJson } from '../../lib/artifacts/model-files';
import { loadFashionMnist, type Split } from '../../lib/data/fashion-mnist';
import { holdOut } from '../../lib/data/subsets';
import { accuracy, psnr } from '../../lib/metrics/index';
import { buildComposite } from '../../lib/models/composite';
import { labelTensor } from '../../lib/models/classifier';
import { addNoise } from '../../lib/noise/noise';
import { RUNS_DIR } from '../../lib/paths';
import { predictInBatches } from '../../lib/models/predict';
import { tf, type LayersModel, type Tensor, type Tensor4D } from '../../lib/tf';
import { trainModel, type EpochProgress } from '../../lib/training/train';
import { buildCandidate } from './candidates';

const OUT_DIR = join(RUNS_DIR, 'experiments', 'design-default');
const VALIDATION_SPLIT = 0.1; // as the default preset
const NOISE_LEVEL = 0.6;
const SEEDS = { trainNoise: 1, testNoise: 2, validationNoise: 3, shuffle: 42 };

const [kind, ...rest] = process.argv.slice(2);
const flags = Object.fromEntries(rest.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=') as [string, string]));
const positional = rest.filter((a) => !a.startsWith('--'));
const option = (name: string, fallback: number) => (flags[name] === undefined ? fallback : Number(flags[name]));

function noisy(images: Tensor4D, seed: number): Tensor4D {
  return addNoise(images, { type: 'uniform', level: NOISE_LEVEL, seed });
}

function logEpoch(p: EpochProgress): void {
  const metrics = Object.entries(p.valMetrics).map(([k, v]) => ` val_${k} ${v.toFixed(4)}`).join('');
  const line = `epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(5)} val_loss ${p.valLoss?.toFixed(5)}${metrics}`;
  console.log(`${line} | ${p.samplesPerSecond.toFixed(0)} samples/s, ${p.elapsedSeconds.toFixed(0)} s, best ${p.bestEpoch}`);
}

function classify(model: LayersModel, images: Tensor, labels: Int32Array): number {
  const probabilities = predictInBatches(model, images);
  const predicted = tf.tidy(() => probabilities.argMax(1));
  const score = accuracy(predicted, labels);
  tf.dispose([probabilities, predicted]);
  return score;
}

async function finish(name: string, model: LayersModel | undefined, result: Record<string, unknown>): Promise<void> {
  const dir = join(OUT_DIR, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(dir, { recursive: true });
  if (model) await saveModel(model, dir);
  writeJson(join(dir, 'result.json'), result);
  appendFileSync(join(OUT_DIR, 'results.jsonl'), `${JSON.stringify({ dir, ...result })}\n`);
  console.log(JSON.stringify(result, null, 2), `\nsaved in ${dir}`);
}

async function main(): Promise<void> {
  const data = loadFashionMnist();
  const { train, validation } = holdOut(data.train, VALIDATION_SPLIT);
  data.train.images.dispose();
  const test: Split = data.test;
  const noisyTest = noisy(test.images, SEEDS.testNoise);
  const training = { epochs: option('epochs', 20), patience: option('patience', 3), batchSize: 128, seed: SEEDS.shuffle, onEpochEnd: logEpoch };
  const candidate = positional[0] ?? 'lib';
  if (kind === 'classifier') {
    const model = buildCandidate('classifier', candidate, 'sparseCategoricalCrossentropy', option('lr', 0.001));
    const history = await trainModel(model, {
      x: train.images, y: labelTensor(train.labels), validation: { x: validation.images, y: labelTensor(validation.labels) }, ...training,
    });
    const clean = classify(model, test.images, test.labels);
    const noisyAccuracy = classify(model, noisyTest, test.labels);
    await finish(`classifier-${candidate}`, model, { kind, candidate, params: model.countParams(), clean, noisy: noisyAccuracy, history });
  } else if (kind === 'autoencoder') {
    const loss = flags.loss ?? 'meanSquaredError'; // the chosen loss; pass --loss=binaryCrossentropy to compare
    const model = buildCandidate('autoencoder', candidate, loss, option('lr', 0.001));
    const history = await trainModel(model, {
      x: noisy(train.images, SEEDS.trainNoise), y: train.images,
      validation: { x: noisy(validation.images, SEEDS.validationNoise), y: validation.images }, ...training,
    });
    const denoised = predictInBatches(model, noisyTest) as Tensor4D;
    const result = { noisyPsnr: psnr(test.images, noisyTest).mean, denoisedPsnr: psnr(test.images, denoised).mean };
    await finish(`autoencoder-${candidate}-${loss}`, model, { kind, candidate, loss, params: model.countParams(), ...result, history });
  } else if (kind === 'composite') {
    const [autoencoder, classifier] = [await loadModel(positional[0]!), await loadModel(positional[1]!)];
    const composite = buildComposite(autoencoder, classifier, { fineTune: true });
    const before = classify(composite, noisyTest, test.labels);
    const fineTuneEpochs = option('fine-tune', 0);
    let after: number | undefined;
    if (fineTuneEpochs > 0) {
      const x = noisy(train.images, SEEDS.trainNoise);
      const validationX = noisy(validation.images, SEEDS.validationNoise);
      await trainModel(composite, { ...training, x, y: labelTensor(train.labels), validation: { x: validationX, y: labelTensor(validation.labels) }, epochs: fineTuneEpochs, patience: 0 });
      after = classify(composite, noisyTest, test.labels);
    }
    await finish('composite', undefined, { kind, autoencoder: positional[0], classifier: positional[1], composite: before, fineTuned: after, fineTuneEpochs });
  } else {
    throw new Error('first argument: classifier, autoencoder or composite');
  }
}

void main();
