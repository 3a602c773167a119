// Notebook 02's steps, and the one definition of "the noisy images" every later notebook uses.
import type { PipelineConfig } from '../config/index';
import { histogramChart, imageGrid, type DisplayBundle } from '../display/index';
import { psnr, ssim } from '../metrics/index';
import { addBlindNoise } from '../noise/blind';
import { addNoise, type NoiseType } from '../noise/noise';
import type { FashionMnist, Split } from '../data/fashion-mnist';
import { trainingCount } from '../data/subsets';
import { tf, type Tensor4D } from '../tf';

/** Train and test noise differ, so nothing learns the test set's exact noise from the training set. */
const TEST_SEED_OFFSET = 1;

/** Levels shown per noise type, mild to strong (poisson's level is a peak count: smaller is noisier). */
export const GALLERY_LEVELS: Readonly<Record<NoiseType, readonly number[]>> = {
  uniform: [0.3, 0.6, 1.0],
  gaussian: [0.1, 0.3, 0.5],
  'salt-and-pepper': [0.05, 0.1, 0.25],
  speckle: [0.3, 0.6, 1.0],
  poisson: [50, 10, 3],
};

/** The seed of a split's noise: the configured one for training images, another for test images. */
export function noiseSeed(config: PipelineConfig, split: 'train' | 'test'): number {
  return config.noise.seed + (split === 'test' ? TEST_SEED_OFFSET : 0);
}

/** The noise level of a split: `noise.testLevel` for test images unless it is 'same', `noise.level` otherwise. */
export function noiseLevel(config: PipelineConfig, split: 'train' | 'test'): number {
  // The test level is read for test images only: trainings read this too, and their cache records leave it out.
  if (split === 'train') return config.noise.level;
  const { level, testLevel } = config.noise;
  return testLevel !== 'same' ? testLevel : level;
}

/** The configured noise applied to a split's images; the caller disposes the result. */
export function noisyImages(images: Tensor4D, config: PipelineConfig, split: 'train' | 'test'): Tensor4D {
  return addNoise(images, { type: config.noise.type, level: noiseLevel(config, split), seed: noiseSeed(config, split) });
}

/**
 * The autoencoder's noisy training inputs: the configured noise, or with noise.training 'blind' a noise type and
 * level of its own per image, from the same seed. The caller disposes the result.
 */
export function autoencoderTrainingInputs(images: Tensor4D, config: PipelineConfig): Tensor4D {
  if (config.noise.training === 'blind') return addBlindNoise(images, { seed: noiseSeed(config, 'train') });
  return noisyImages(images, config, 'train');
}

/** The same images under every noise type at several levels, one row per (type, level). */
export async function noiseGallery(images: Tensor4D, seed: number, levels = GALLERY_LEVELS): Promise<DisplayBundle> {
  const rows = [{ title: 'clean', images: images.clone() }];
  for (const [type, typeLevels] of Object.entries(levels) as [NoiseType, readonly number[]][]) {
    for (const level of typeLevels) rows.push({ title: `${type} ${level}`, images: addNoise(images, { type, level, seed }) });
  }
  try {
    return await imageGrid(rows);
  } finally {
    rows.forEach((row) => row.images.dispose());
  }
}

/** Pixel-value distributions of clean and noisy images, overlaid. */
export function pixelHistogram(clean: Tensor4D, noisy: Tensor4D, title: string): Promise<DisplayBundle> {
  return histogramChart({ clean, noisy }, { title, bins: 50, domain: [0, 1], yScale: 'sqrt', xTitle: 'pixel value' });
}

/** Images per histogram, training or test: as many as the test set has, enough for the shape of a distribution. */
const HISTOGRAM_IMAGES = 10_000;

/** The test pixels' histogram, clean against noisy, then the training pixels' when their noise level differs. */
export async function noisyPixelHistograms(data: FashionMnist, config: PipelineConfig): Promise<DisplayBundle[]> {
  const splits = noiseLevel(config, 'test') === noiseLevel(config, 'train') ? (['test'] as const) : (['test', 'train'] as const);
  const histograms: DisplayBundle[] = [];
  for (const split of splits) {
    const images = data[split].images;
    const clean = images.slice(0, Math.min(HISTOGRAM_IMAGES, images.shape[0]));
    const noisy = noisyImages(clean, config, split);
    try {
      const title = `${split === 'test' ? 'Test' : 'Training'} pixels, clean vs ${config.noise.type} noise ${noiseLevel(config, split)}`;
      histograms.push(await pixelHistogram(clean, noisy, title));
    } finally {
      tf.dispose([clean, noisy]);
    }
  }
  return histograms;
}

export interface QualitySummary {
  readonly psnr_db: number;
  readonly ssim: number;
}

/** Mean PSNR and SSIM of `test` against `reference`. */
export function imageQuality(reference: Tensor4D, test: Tensor4D): QualitySummary {
  return { psnr_db: psnr(reference, test).mean, ssim: ssim(reference, test).mean };
}

/** The noise section of results.json and the notebook's one-line conclusion; `quality` is the noisy test images'. */
export function noiseConclusion(config: PipelineConfig, quality: QualitySummary): { record: Record<string, unknown>; conclusion: string } {
  const { type, level } = config.noise;
  const testLevel = noiseLevel(config, 'test');
  const levels = testLevel === level ? `level ${level}` : `level ${level} (training images) and ${testLevel} (test images)`;
  return {
    record: { type, level, test_level: testLevel, psnr_noisy_db: quality.psnr_db, ssim_noisy: quality.ssim },
    conclusion: `${type} noise at ${levels} brings the test images to ${quality.psnr_db.toFixed(1)} dB PSNR and SSIM ${quality.ssim.toFixed(3)}.`,
  };
}

/**
 * The validation hold-out of the training images, clean and with the training noise: the same images and noise the
 * autoencoder was validated on, and what classical denoisers are tuned on (never the test set).
 */
export function validationPairs(config: PipelineConfig, train: Split): { noisy: Tensor4D; clean: Tensor4D } {
  const start = trainingCount(train.labels.length, config.data.validationSplit);
  const noisyTrain = noisyImages(train.images, config, 'train');
  try {
    return { noisy: noisyTrain.slice(start), clean: train.images.slice(start) };
  } finally {
    noisyTrain.dispose();
  }
}
