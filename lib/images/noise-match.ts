// Whether an image's noise is like a model's training noise: both as the wavelet estimate σ̂ reads them.
import { BLIND_RANGES, levelAt } from '../noise/blind-plan';
import { addNoise } from '../noise/noise';
import { NOISE_TYPE_NAMES, type NoiseType } from '../noise/types';
import { tf, type Tensor4D } from '../tf';
import { estimateNoiseSigma } from './noise-estimate';

/** The field the training noise is put on: mid-grey, so that clipping at 0 and at 1 weighs the same. */
const FIELD_GREY = 0.5;
/** 128×128 gives 3,969 interior coefficients: over ten seeds, σ̂ of gaussian 0.1 stayed within 4% (0.099–0.104). */
const FIELD_SIDE = 128;
const FIELD_SEED = 0;
/** Levels read per type of a blind range, log-spaced like its training's: clipping makes σ̂ fall again at uniform's strong end. */
const BLIND_LEVEL_SAMPLES = 9;
/**
 * Below half the weakest σ̂ a model was trained on, the image is too clean for it: the default preset's model
 * (uniform 0.6, σ̂ 0.17) still improves photographs at uniform 0.3 (σ̂ 0.09, docs/denoise.md), and a clean image
 * (σ̂ under 0.01) can only come out worse.
 */
export const WEAKER_FACTOR = 0.5;
/**
 * Above 1.2 times the strongest, the image is too noisy for it. Clipping to [0, 1] holds σ̂ under about 0.55 however
 * strong the noise, so a factor of 2 would never fire above the blind range's top (σ̂ 0.38, gaussian 0.5); 1.2 times
 * it is reached by gaussian σ 1 (0.47). It also flags speckle 0.6 (σ̂ 0.28) for the uniform-0.6 model, which loses 2.3 dB on it.
 */
export const STRONGER_FACTOR = 1.2;
/** One 8-bit step: a training noise that reads less (sparse salt-and-pepper, whose impulses the median ignores) cannot be compared. */
export const MIN_COMPARABLE_SIGMA = 1 / 255;

/** What a model was trained on: one noise at one level, or every type over BLIND_RANGES. */
export type TrainingNoise = { readonly kind: 'fixed'; readonly type: NoiseType; readonly level: number } | { readonly kind: 'blind' };

/** The σ̂ its training noise reads: the weakest and strongest, with the noise that reads each. */
export interface SigmaRange {
  readonly min: number;
  readonly max: number;
  /** e.g. 'salt-and-pepper 0.002' */
  readonly weakest: string;
  readonly strongest: string;
}

/** How an image's σ̂ compares with a range: within it (as far as σ̂ can tell), or well outside on either side. */
export type NoiseMatch = 'like' | 'weaker' | 'stronger';

/** Applies the training noise (seeded) to a mid-grey field and reads its σ̂; a blind range is read at log-spaced levels of each type. */
export function trainingSigmaRange(training: TrainingNoise): SigmaRange {
  const noises = training.kind === 'fixed'
    ? [{ type: training.type, level: training.level }]
    : NOISE_TYPE_NAMES.flatMap((type) => Array.from({ length: BLIND_LEVEL_SAMPLES }, (_, i) => ({ type, level: roundLevel(levelAt(type, i / (BLIND_LEVEL_SAMPLES - 1), 'log')) })));
  const field = tf.fill([1, FIELD_SIDE, FIELD_SIDE, 1], FIELD_GREY) as Tensor4D;
  try {
    const read = noises.map((noise) => {
      const noisy = addNoise(field, { ...noise, seed: FIELD_SEED });
      try {
        return { sigma: estimateNoiseSigma(noisy)[0]!, name: `${noise.type} ${noise.level}` };
      } finally {
        noisy.dispose();
      }
    });
    const weakest = read.reduce((a, b) => (b.sigma < a.sigma ? b : a));
    const strongest = read.reduce((a, b) => (b.sigma > a.sigma ? b : a));
    return { min: weakest.sigma, max: strongest.sigma, weakest: weakest.name, strongest: strongest.name };
  } finally {
    field.dispose();
  }
}

/** 'weaker' below WEAKER_FACTOR × the range's min, 'stronger' above STRONGER_FACTOR × its max, else 'like'. */
export function matchNoise(sigma: number, range: SigmaRange): NoiseMatch {
  if (range.max < MIN_COMPARABLE_SIGMA) return 'like';
  if (sigma < WEAKER_FACTOR * range.min) return 'weaker';
  if (sigma > STRONGER_FACTOR * range.max) return 'stronger';
  return 'like';
}

/** Three significant digits: what the messages show, and exact at a range's ends. */
function roundLevel(level: number): number {
  return Number(level.toPrecision(3));
}
