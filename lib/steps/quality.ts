// Notebook 06's image-quality comparison: noisy, autoencoder and the tuned classical denoisers on the same test images.
import { ConfigError, ShapeError } from '../errors';
import { mse, psnr, ssim } from '../metrics/index';
import type { Tensor4D } from '../tf';
import { CLASSICAL_DENOISERS, applyDenoiser, describeParameters, type ClassicalDenoiser, type TunedDenoisers } from './classical';

export interface QualityInputs {
  /** Test images [n, 28, 28, 1]. */
  readonly clean: Tensor4D;
  /** The same images with the configured noise. */
  readonly noisy: Tensor4D;
  /** The autoencoder's output for `noisy`. */
  readonly denoised: Tensor4D;
  /** Parameters chosen on validation images (tuneClassicalDenoisers(...).tuned). */
  readonly tuned: TunedDenoisers;
}

export interface QualityRow {
  readonly method: string;
  readonly parameters: string;
  readonly mse: number;
  readonly psnr_db: number;
  readonly ssim: number;
}

/** One classical denoiser's test scores, as results.json's `baselines` holds them. */
export interface BaselineRecord {
  readonly psnr_db: number;
  readonly ssim: number;
  readonly mse: number;
  readonly parameters: Readonly<Record<string, number | string>>;
}

export interface QualityComparison {
  /** noisy, autoencoder, then each classical denoiser. */
  readonly rows: QualityRow[];
  readonly baselines: Readonly<Record<ClassicalDenoiser, BaselineRecord>>;
}

interface Scores {
  readonly mse: number;
  readonly psnr_db: number;
  readonly ssim: number;
}

function scores(clean: Tensor4D, images: Tensor4D): Scores {
  return { mse: mse(clean, images).mean, psnr_db: psnr(clean, images).mean, ssim: ssim(clean, images).mean };
}

/** Mean MSE, PSNR (dB) and SSIM against `clean` of the noisy images and of every denoiser's output. */
export function qualityTable(inputs: QualityInputs): QualityComparison {
  const { clean, noisy, denoised, tuned } = inputs;
  for (const [name, images] of [['noisy', noisy], ['denoised', denoised]] as const) {
    if (images.shape.join() !== clean.shape.join()) {
      throw new ShapeError(`${name}.shape`, images.shape, `the shape of clean [${clean.shape.join(', ')}]`);
    }
  }
  const rows: QualityRow[] = [
    { method: 'noisy', parameters: '', ...scores(clean, noisy) },
    { method: 'autoencoder', parameters: '', ...scores(clean, denoised) },
  ];
  const baselines = {} as Record<ClassicalDenoiser, BaselineRecord>;
  for (const denoiser of CLASSICAL_DENOISERS) {
    const choice = tuned[denoiser];
    if (choice === undefined) throw new ConfigError(`tuned.${denoiser}`, choice, 'the choice tuneClassicalDenoisers(...).tuned holds');
    const output = applyDenoiser(choice, noisy);
    try {
      const result = scores(clean, output);
      baselines[denoiser] = { ...result, parameters: choice.parameters };
      rows.push({ method: denoiser, parameters: describeParameters(choice.parameters), ...result });
    } finally {
      output.dispose();
    }
  }
  return { rows, baselines };
}
