// Scores a saved autoencoder at each noise type's weakest level of the blind design measurement (docs/blind-denoising.md):
// barely visible noise, where a denoiser trained on strong noise is likeliest to make an image worse than it was.
// Usage: tsx tools/experiments/weakest-levels.ts <model folder> [--test=1000]
import { loadModel } from '../../lib/artifacts/model-files';
import { loadFashionMnist } from '../../lib/data/fashion-mnist';
import { ProjectError } from '../../lib/errors';
import { psnr } from '../../lib/metrics/index';
import { predictInBatches } from '../../lib/models/predict';
import { addNoise, type NoiseType } from '../../lib/noise/noise';
import { tf, type Tensor4D } from '../../lib/tf';
import { EXIT, runCommand } from '../command';

/** The design measurement's test-noise seed, so the numbers sit beside its table's. */
const TEST_NOISE_SEED = 2;
const USAGE = 'usage: tsx tools/experiments/weakest-levels.ts <model folder> [--test=1000]';
const WEAKEST: readonly (readonly [NoiseType, number])[] = [['uniform', 0.05], ['gaussian', 0.02], ['salt-and-pepper', 0.01], ['speckle', 0.05], ['poisson', 500]];

runCommand(async (argv) => {
  const [modelDir] = argv.filter((arg) => !arg.startsWith('--'));
  if (modelDir === undefined) throw new ProjectError(`no model folder given; ${USAGE}`);
  const testArg = argv.find((arg) => arg.startsWith('--test='))?.slice('--test='.length) ?? '1000';
  const testSize = Number(testArg);
  if (!Number.isInteger(testSize) || testSize < 1 || testSize > 10_000) throw new ProjectError(`--test=${testArg}: give a whole number of test images from 1 to 10000; ${USAGE}`);
  const model = await loadModel(modelDir);
  const test = loadFashionMnist().test.images.slice(0, testSize);
  for (const [type, level] of WEAKEST) {
    const noisy = addNoise(test, { type, level, seed: TEST_NOISE_SEED });
    const denoised = predictInBatches(model, noisy) as Tensor4D;
    const [before, after] = [psnr(test, noisy).mean, psnr(test, denoised).mean];
    console.log(`${type} ${level}: noisy ${before.toFixed(2)} dB → denoised ${after.toFixed(2)} dB (${after >= before ? '+' : ''}${(after - before).toFixed(2)})`);
    tf.dispose([noisy, denoised]);
  }
  return EXIT.done;
});
