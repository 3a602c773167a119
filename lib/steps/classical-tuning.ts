// Choosing each classical denoiser's parameters on validation pairs: the test images never take part.
import { tuneParameter, type ValidationPairs } from '../denoisers/index';
import { ConfigError } from '../errors';
import { psnr } from '../metrics/index';
import { tf, type Tensor4D } from '../tf';
import {
  CLASSICAL_DENOISERS,
  applyDenoiser,
  candidateGrid,
  describeParameters,
  withOffset,
  type ClassicalDenoiser,
  type DenoiserChoice,
  type TunedDenoisers,
} from './classical';

/** 1000 images give mean PSNR to ±0.1 dB; the ~100 candidates then take 36 s on 2 cores shared with other jobs (uniform 0.6). */
const TUNING_IMAGES = 1000;
/** Offsets are rounded to 1/100: 0.005 off adds 2.5e-5 to an MSE of ~0.01, under 0.01 dB. */
const OFFSETS_PER_UNIT = 100;
const CHOSEN_MARK = '✓';

export interface TuningOptions {
  /** Validation pairs used (the first ones); tuning time grows linearly with it. @default 1000 */
  readonly maxImages?: number;
}

/** The mean of noisy - clean, which is the noise's mean after clipping to [0, 1], measured two ways. */
export interface NoiseOffsets {
  /** Over every pixel: what makes the noisy images unbiased, so what an averaging filter should subtract. */
  readonly shift: number;
  /**
   * Over the pixels that are 0 in the clean image (Fashion-MNIST's background), where clipping only cuts
   * negative noise; undefined when there are none. A median filter sometimes does better with it.
   */
  readonly background: number | undefined;
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
  /** The noisy images' own PSNR first (what a denoiser must beat), then every candidate in the order tried. */
  readonly rows: TuningRow[];
  /** The offsets measured on the validation pairs, rounded to 0.01. */
  readonly offsets: NoiseOffsets;
  /** Validation pairs used. */
  readonly images: number;
  readonly seconds: number;
}

/** Measures NoiseOffsets on `clean` and `noisy`, both [n, h, w, c]. */
export function noiseOffsets(clean: Tensor4D, noisy: Tensor4D): NoiseOffsets {
  const [shift, backgroundSum, backgroundCount] = tf.tidy(() => {
    const difference = noisy.sub(clean);
    const background = clean.equal(0).cast('float32');
    return [difference.mean(), difference.mul(background).sum(), background.sum()].map((value) => value.dataSync()[0] as number);
  }) as [number, number, number];
  const round = (value: number): number => Math.round(value * OFFSETS_PER_UNIT) / OFFSETS_PER_UNIT;
  return { shift: round(shift), background: backgroundCount > 0 ? round(backgroundSum / backgroundCount) : undefined };
}

/** The offsets tried on each grid's winner: none, and the background's shift, unless the grid used them already. */
function otherOffsets({ shift, background }: NoiseOffsets): number[] {
  return [...new Set(background === undefined ? [0] : [0, background])].filter((offset) => offset !== shift);
}

/**
 * Tunes every classical denoiser on validation pairs, keeping each one's best by mean PSNR. First its parameters
 * (see candidateGrid) with the measured mean shift subtracted, then the winner with the other offsets: none, and
 * the background's shift. Pass held-out training images: tuning on test images would flatter them.
 */
export function tuneClassicalDenoisers(validation: ValidationPairs, options: TuningOptions = {}): ClassicalTuning {
  const maxImages = options.maxImages ?? TUNING_IMAGES;
  if (!Number.isInteger(maxImages) || maxImages < 1) throw new ConfigError('maxImages', maxImages, 'a positive integer');
  const count = Math.min(maxImages, validation.clean.shape[0]);
  const start = Date.now();
  const clean = validation.clean.slice(0, count);
  const noisy = validation.noisy.slice(0, count);
  try {
    const rows: TuningRow[] = [{ denoiser: 'none (noisy)', parameters: '', validation_psnr_db: psnr(clean, noisy).mean, chosen: '' }];
    const offsets = noiseOffsets(clean, noisy);
    const alternatives = otherOffsets(offsets);
    const grid = candidateGrid(offsets.shift);
    const score = (candidates: readonly DenoiserChoice[]) =>
      tuneParameter(candidates, (images: Tensor4D, choice) => applyDenoiser(choice, images), { clean, noisy });
    const tuned = {} as Record<ClassicalDenoiser, DenoiserChoice>;
    for (const denoiser of CLASSICAL_DENOISERS) {
      const first = score(grid[denoiser]);
      const second = alternatives.length > 0 ? score(alternatives.map((offset) => withOffset(first.best, offset))).scores : [];
      const scores = [...first.scores, ...second];
      const best = scores.reduce((winner, candidate) => (candidate.meanPsnr > winner.meanPsnr ? candidate : winner));
      tuned[denoiser] = best.value;
      for (const { value, meanPsnr } of scores) {
        rows.push({
          denoiser,
          parameters: describeParameters(value.parameters),
          validation_psnr_db: meanPsnr,
          chosen: value === best.value ? CHOSEN_MARK : '',
        });
      }
    }
    return { tuned, rows, offsets, images: count, seconds: (Date.now() - start) / 1000 };
  } finally {
    clean.dispose();
    noisy.dispose();
  }
}
