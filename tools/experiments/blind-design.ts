// Weighs the blind autoencoder's design on a subset (docs/blind-denoising.md): level spacing × image or residual
// output, against the specialist trained on uniform 0.6, each scored on every noise type at weak to strong levels.
// Usage (one training process at a time: the machine has 2 cores):
//   tsx tools/experiments/blind-design.ts [--train=10000] [--test=1000] [--epochs=5] [--only=<name>,<name>]
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadFashionMnist } from '../../lib/data/fashion-mnist';
import { holdOut } from '../../lib/data/subsets';
import { psnr } from '../../lib/metrics/index';
import { buildAutoencoder } from '../../lib/models/autoencoder';
import { seededInitializers } from '../../lib/models/seeded';
import { predictInBatches } from '../../lib/models/predict';
import { addBlindNoise } from '../../lib/noise/blind';
import { LEVEL_SPACINGS, type LevelSpacing } from '../../lib/noise/blind-plan';
import { addNoise, type NoiseType } from '../../lib/noise/noise';
import { RUNS_DIR } from '../../lib/paths';
import { tf, type LayersModel, type Tensor4D } from '../../lib/tf';
import { trainModel } from '../../lib/training/train';

const OUT_DIR = join(RUNS_DIR, 'experiments', 'blind-design');
const SEEDS = { trainNoise: 1, validationNoise: 3, testNoise: 2, weights: 42 };
/** The grid's levels (weak, middle, strong), then one weaker level per type for the "never worse than its input" check. */
const CELLS: readonly { type: NoiseType; levels: readonly number[] }[] = [
  { type: 'uniform', levels: [0.3, 0.6, 1.0, 0.05] },
  { type: 'gaussian', levels: [0.1, 0.3, 0.5, 0.02] },
  { type: 'salt-and-pepper', levels: [0.05, 0.1, 0.25, 0.01] },
  { type: 'speckle', levels: [0.3, 0.6, 1.0, 0.05] },
  { type: 'poisson', levels: [50, 10, 3, 500] },
];

const flags = Object.fromEntries(process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=') as [string, string]));
const option = (name: string, fallback: number) => (flags[name] === undefined ? fallback : Number(flags[name]));

type Symbolic = ReturnType<typeof tf.input>;

/**
 * lib's U-Net layer for layer, with DnCNN's residual learning: the last convolution is linear and its output is
 * added to the noisy input, then clipped to [0, 1]; the network predicts minus the noise.
 */
function residualUnet(seed: number, identityStart: boolean): LayersModel {
  const init = seededInitializers(seed);
  const on = (layer: { apply: (x: Symbolic | Symbolic[]) => unknown }, x: Symbolic | Symbolic[]) => layer.apply(x) as Symbolic;
  const conv = (filters: number, strides: number) => tf.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', activation: 'relu', kernelInitializer: init() });
  const up = (filters: number) => tf.layers.conv2dTranspose({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init() });
  const image = tf.input({ shape: [28, 28, 1] });
  const down1 = on(conv(32, 1), on(conv(32, 2), image)); // [batch, 14, 14, 32]
  const down2 = on(conv(64, 1), on(conv(64, 2), down1)); // [batch, 7, 7, 64]
  const merged1 = on(conv(32, 1), on(tf.layers.concatenate(), [on(up(32), down2), down1])); // [batch, 14, 14, 32]
  const merged2 = on(conv(16, 1), on(tf.layers.concatenate(), [on(up(16), merged1), image])); // [batch, 28, 28, 16]
  const correctionInit = init(); // drawn either way, so both variants' other layers start from the same weights
  const correction = on(tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', kernelInitializer: identityStart ? 'zeros' : correctionInit }), merged2); // [batch, 28, 28, 1]
  const output = on(tf.layers.reLU({ maxValue: 1 }), on(tf.layers.add(), [image, correction]));
  const model = tf.model({ inputs: image, outputs: output });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });
  return model;
}

interface Candidate {
  readonly name: string;
  readonly noise: LevelSpacing | 'uniform 0.6';
  readonly output: 'image' | 'residual' | 'residual from identity';
}

const CANDIDATES: readonly Candidate[] = [
  { name: 'specialist', noise: 'uniform 0.6', output: 'image' },
  ...LEVEL_SPACINGS.flatMap((spacing) => (['image', 'residual'] as const).map((output) => ({ name: `blind ${spacing} ${output}`, noise: spacing, output }))),
  // The last layer's kernel zero: the model starts as the identity, each image at its noisy PSNR.
  { name: 'blind log residual from identity', noise: 'log', output: 'residual from identity' },
];

function trainingInputs(images: Tensor4D, candidate: Candidate, seed: number): Tensor4D {
  if (candidate.noise === 'uniform 0.6') return addNoise(images, { type: 'uniform', level: 0.6, seed });
  return addBlindNoise(images, { seed, spacing: candidate.noise });
}

async function main(): Promise<void> {
  const [trainSize, testSize, epochs] = [option('train', 10_000), option('test', 1000), option('epochs', 5)];
  const only = flags.only?.split(',');
  const data = loadFashionMnist();
  const subset = { images: data.train.images.slice(0, trainSize), labels: data.train.labels.slice(0, trainSize) };
  const { train, validation } = holdOut(subset, 0.1);
  const test = data.test.images.slice(0, testSize);
  mkdirSync(OUT_DIR, { recursive: true });
  for (const candidate of CANDIDATES.filter((c) => !only || only.includes(c.name))) {
    const model = candidate.output === 'image' ? buildAutoencoder({ architecture: 'unet', loss: 'meanSquaredError', seed: SEEDS.weights }) : residualUnet(SEEDS.weights, candidate.output === 'residual from identity');
    const [x, validationX] = [trainingInputs(train.images, candidate, SEEDS.trainNoise), trainingInputs(validation.images, candidate, SEEDS.validationNoise)];
    const history = await trainModel(model, { x, y: train.images, validation: { x: validationX, y: validation.images }, epochs, batchSize: 128, patience: 0, seed: SEEDS.weights });
    tf.dispose([x, validationX]);
    const cells = CELLS.flatMap(({ type, levels }) =>
      levels.map((level) => {
        const noisy = addNoise(test, { type, level, seed: SEEDS.testNoise });
        const denoised = predictInBatches(model, noisy) as Tensor4D;
        const cell = { type, level, noisy_db: psnr(test, noisy).mean, denoised_db: psnr(test, denoised).mean };
        tf.dispose([noisy, denoised]);
        return cell;
      }),
    );
    const result = { ...candidate, trainSize, testSize, epochs, train_seconds: history.wallTimeSeconds, final_val_loss: history.valLoss.at(-1), cells };
    appendFileSync(join(OUT_DIR, 'results.jsonl'), `${JSON.stringify(result)}\n`);
    console.log(`${candidate.name}: ${cells.map((c) => `${c.type} ${c.level} ${c.noisy_db.toFixed(1)}→${c.denoised_db.toFixed(1)}`).join(' | ')} (${history.wallTimeSeconds.toFixed(0)} s)`);
    model.dispose();
  }
}

void main();
