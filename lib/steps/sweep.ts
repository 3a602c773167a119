// Notebook 06's robustness checks: the classifier with and without the autoencoder, across noise levels and types.
import { ConfigError, ShapeError } from '../errors';
import { accuracy, psnr } from '../metrics/index';
import { addNoise, type NoiseType } from '../noise/noise';
import { predictInBatches } from '../models/predict';
import { tf, type LayersModel, type Tensor4D } from '../tf';
import type { NoiseSetting } from './classical';

/** Noise types the autoencoder was not trained on, each at the middle level of notebook 02's gallery (GALLERY_LEVELS). */
export const ROBUSTNESS_NOISES: readonly NoiseSetting[] = [
  { type: 'gaussian', level: 0.3 },
  { type: 'salt-and-pepper', level: 0.1 },
  { type: 'speckle', level: 0.6 },
];

/** The two models, and the labelled images they are measured on. */
export interface ModelsUnderTest {
  /** Trained on clean images; outputs class scores [n, 10]. */
  readonly classifier: LayersModel;
  /** Maps noisy images [n, 28, 28, 1] to denoised ones of the same shape. */
  readonly autoencoder: LayersModel;
  /** Clean images [n, 28, 28, 1] in [0, 1]. */
  readonly images: Tensor4D;
  readonly labels: Int32Array;
  /** Seed of the noise; every level and type uses the same one. */
  readonly seed: number;
}

/** How one noise setting affects image quality and accuracy, without and with denoising. */
export interface NoiseEffect {
  readonly psnr_noisy_db: number;
  readonly psnr_denoised_db: number;
  readonly accuracy_noisy: number;
  readonly accuracy_denoised: number;
}

export interface SweepRow extends NoiseEffect {
  readonly level: number;
}

export interface RobustnessRow extends NoiseEffect {
  /** e.g. "gaussian 0.3", with " (trained)" on the noise the autoencoder learned. */
  readonly noise: string;
}

export interface SweepRequest extends ModelsUnderTest {
  readonly noiseType: NoiseType;
  readonly levels: readonly number[];
}

export interface RobustnessRequest extends ModelsUnderTest {
  /** The noise the autoencoder was trained on; its row comes first. */
  readonly trainedOn: NoiseSetting;
  /** @default ROBUSTNESS_NOISES */
  readonly others?: readonly NoiseSetting[];
}

/** Adds `noise` to the images, denoises them, and scores both versions. */
export function measureNoiseEffect(models: ModelsUnderTest, noise: NoiseSetting): NoiseEffect {
  const { classifier, autoencoder, images, labels, seed } = models;
  if (labels.length !== images.shape[0]) throw new ShapeError('labels.length', labels.length, `one label per image (${images.shape[0]})`);
  const noisy = addNoise(images, { ...noise, seed });
  const denoised = predictInBatches(autoencoder, noisy) as Tensor4D; // [n, 28, 28, 1]
  try {
    return {
      psnr_noisy_db: psnr(images, noisy).mean,
      psnr_denoised_db: psnr(images, denoised).mean,
      accuracy_noisy: classifierAccuracy(classifier, noisy, labels),
      accuracy_denoised: classifierAccuracy(classifier, denoised, labels),
    };
  } finally {
    tf.dispose([noisy, denoised]);
  }
}

/** The classifier's accuracy on `images` against `labels`. */
export function classifierAccuracy(classifier: LayersModel, images: Tensor4D, labels: Int32Array): number {
  const scores = predictInBatches(classifier, images); // [n, 10]
  try {
    return accuracy(scores, labels);
  } finally {
    scores.dispose();
  }
}

/** One row per level of `noiseType`: PSNR and accuracy before and after the autoencoder. */
export function noiseLevelSweep(request: SweepRequest): SweepRow[] {
  if (request.levels.length === 0) throw new ConfigError('levels', [], 'at least one noise level');
  return request.levels.map((level) => ({ level, ...measureNoiseEffect(request, { type: request.noiseType, level }) }));
}

/**
 * The trained-on noise, then noise types the autoencoder never saw: one row each, as measured, including
 * where denoising lowers PSNR or accuracy.
 */
export function robustnessTable(request: RobustnessRequest): RobustnessRow[] {
  const { trainedOn, others = ROBUSTNESS_NOISES } = request;
  const settings = [{ ...trainedOn, note: ' (trained)' }, ...others.map((noise) => ({ ...noise, note: '' }))];
  return settings.map(({ type, level, note }) => ({ noise: `${type} ${level}${note}`, ...measureNoiseEffect(request, { type, level }) }));
}
