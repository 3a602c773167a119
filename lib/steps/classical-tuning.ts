// Choosing each classical denoiser's parameters on validation pairs: the test images never take part.
import { tuneParameter, type ValidationPairs } from '../denoisers/index';
import { ConfigError } from '../errors';
import { psnr } from '../metrics/index';
import type { Tensor4D } from '../tf';
import {
  CLASSICAL_DENOISERS,
  applyDenoiser,
  candidateGrid,
  describeParameters,
  type ClassicalDenoiser,
  type DenoiserChoice,
  type NoiseSetting,
  type TunedDenoisers,
} from './classical';

/** 1000 images give mean PSNR to ±0.1 dB; the whole grid then takes 25 s on 2 shared cores (uniform noise). */
const TUNING_IMAGES = 1000;
const CHOSEN_MARK = '✓';

export interface TuningOptions {
  /** Validation pairs used (the first ones); tuning time grows linearly with it. @default 1000 */
  readonly maxImages?: number;
}

/** One candidate tried during tuning. */
export interface TuningRow {
  readonly denoiser: ClassicalDenoiser | 'none (noisy)';
  readonly parameters: string;
  readonly validation_psnr_db: number;
  /** '✓' on each denoiser's pick. */
  readonly chosen: string;
}

export interface ClassicalTuning {
  /** Each denoiser's candidate with the best mean validation PSNR. */
  readonly tuned: TunedDenoisers;
  /** The noisy images' own PSNR first (what a denoiser must beat), then every candidate in grid order. */
  readonly rows: TuningRow[];
  /** Validation pairs used. */
  readonly images: number;
  readonly seconds: number;
}

/**
 * Tries every candidate of every classical denoiser (see candidateGrid) on validation pairs with `noise`, and
 * keeps each one's best by mean PSNR. Pass held-out training images: tuning on test images would flatter them.
 */
export function tuneClassicalDenoisers(validation: ValidationPairs, noise: NoiseSetting, options: TuningOptions = {}): ClassicalTuning {
  const maxImages = options.maxImages ?? TUNING_IMAGES;
  if (!Number.isInteger(maxImages) || maxImages < 1) throw new ConfigError('maxImages', maxImages, 'a positive integer');
  const count = Math.min(maxImages, validation.clean.shape[0]);
  const start = Date.now();
  const clean = validation.clean.slice(0, count);
  const noisy = validation.noisy.slice(0, count);
  try {
    const rows: TuningRow[] = [{ denoiser: 'none (noisy)', parameters: '', validation_psnr_db: psnr(clean, noisy).mean, chosen: '' }];
    const grid = candidateGrid(noise);
    const tuned = {} as Record<ClassicalDenoiser, DenoiserChoice>;
    for (const denoiser of CLASSICAL_DENOISERS) {
      const result = tuneParameter(grid[denoiser], (images: Tensor4D, choice) => applyDenoiser(choice, images), { clean, noisy });
      tuned[denoiser] = result.best;
      for (const score of result.scores) {
        rows.push({
          denoiser,
          parameters: describeParameters(score.value.parameters),
          validation_psnr_db: score.meanPsnr,
          chosen: score.value === result.best ? CHOSEN_MARK : '',
        });
      }
    }
    return { tuned, rows, images: count, seconds: (Date.now() - start) / 1000 };
  } finally {
    clean.dispose();
    noisy.dispose();
  }
}
