// Notebook 02's steps, and the one definition of "the noisy images" every later notebook uses.
import type { PipelineConfig } from '../config/index';
import { histogramChart, imageGrid, type DisplayBundle } from '../display/index';
import { psnr, ssim } from '../metrics/index';
import { addNoise, type NoiseType } from '../noise';
import type { Split } from '../data/fashion-mnist';
import { trainingCount } from '../data/subsets';
import type { Tensor4D } from '../tf';

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

/** The configured noise applied to a split's images; the caller disposes the result. */
export function noisyImages(images: Tensor4D, config: PipelineConfig, split: 'train' | 'test'): Tensor4D {
  return addNoise(images, { type: config.noise.type, level: config.noise.level, seed: noiseSeed(config, split) });
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

export interface QualitySummary {
  readonly psnr_db: number;
  readonly ssim: number;
}

/** Mean PSNR and SSIM of `test` against `reference`. */
export function imageQuality(reference: Tensor4D, test: Tensor4D): QualitySummary {
  return { psnr_db: psnr(reference, test).mean, ssim: ssim(reference, test).mean };
}

/** The noise section of results.json and the notebook's one-line conclusion. */
export function noiseConclusion(config: PipelineConfig, quality: QualitySummary): { record: Record<string, unknown>; conclusion: string } {
  const { type, level } = config.noise;
  return {
    record: { type, level, psnr_noisy_db: quality.psnr_db, ssim_noisy: quality.ssim },
    conclusion: `${type} noise at level ${level} brings the test images to ${quality.psnr_db.toFixed(1)} dB PSNR and SSIM ${quality.ssim.toFixed(3)}.`,
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
