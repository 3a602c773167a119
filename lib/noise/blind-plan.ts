// Blind noise's plan: which noise type and level each training image gets, drawn from a seed; free of TensorFlow.
import { ConfigError } from '../errors';
import { mulberry32 } from '../random';
import { NOISE_TYPE_NAMES, type NoiseType } from './types';

/** How levels spread over a type's range: evenly, or evenly in their logarithm (as many 0.01–0.1 as 0.1–1). */
export const LEVEL_SPACINGS = ['uniform', 'log'] as const;
export type LevelSpacing = (typeof LEVEL_SPACINGS)[number];

/**
 * Each type's range of levels. The strong ends are the strongest levels of notebook 02's gallery; the weak ends are
 * barely visible noise (about 40 dB PSNR), so the model also learns to leave a nearly clean image alone.
 */
export const BLIND_RANGES: Readonly<Record<NoiseType, { readonly min: number; readonly max: number }>> = {
  uniform: { min: 0.02, max: 1 },
  gaussian: { min: 0.01, max: 0.5 },
  'salt-and-pepper': { min: 0.002, max: 0.25 },
  speckle: { min: 0.02, max: 1 },
  poisson: { min: 3, max: 1000 }, // peak counts: 1000 is the weak end, 3 the strong one
};

/**
 * The measured choice (docs/blind-denoising.md): the grid's mean PSNR equals even spacing's, and the weakest levels
 * come out 3.4 dB closer to their input, at 0.6 dB less on the strongest.
 */
export const DEFAULT_LEVEL_SPACING: LevelSpacing = 'log';

/** One noise per image: `types[i]` indexes NOISE_TYPE_NAMES, `levels[i]` is in that type's units. */
export interface BlindPlan {
  readonly types: Uint8Array;
  readonly levels: Float64Array;
}

/** Poisson's level is a peak count, where larger is weaker: its strength 1/peak is what spreads evenly. */
const STRENGTH_IS_INVERSE: Readonly<Record<NoiseType, boolean>> = { uniform: false, gaussian: false, 'salt-and-pepper': false, speckle: false, poisson: true };

/**
 * Draws a type (each of NOISE_TYPE_NAMES equally likely) and a level within BLIND_RANGES for each of `count` images.
 * The same seed gives the same plan; image i's draw does not depend on `count`.
 */
export function drawBlindPlan(count: number, seed: number, spacing: LevelSpacing = DEFAULT_LEVEL_SPACING): BlindPlan {
  if (!Number.isInteger(count) || count < 0) throw new ConfigError('count', count, 'a whole number of images, 0 or more');
  if (!Number.isSafeInteger(seed)) throw new ConfigError('seed', seed, 'an integer (the same seed gives the same noise)');
  if (!(LEVEL_SPACINGS as readonly string[]).includes(spacing)) throw new ConfigError('spacing', spacing, `one of ${LEVEL_SPACINGS.join(', ')}`);
  const random = mulberry32(seed);
  const types = new Uint8Array(count);
  const levels = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const type = Math.min(Math.floor(random() * NOISE_TYPE_NAMES.length), NOISE_TYPE_NAMES.length - 1);
    types[i] = type;
    levels[i] = levelAt(NOISE_TYPE_NAMES[type]!, random(), spacing);
  }
  return { types, levels };
}

/** The level at quantile `u` ∈ [0, 1) of a type's range under `spacing`. */
export function levelAt(type: NoiseType, u: number, spacing: LevelSpacing): number {
  const { min, max } = BLIND_RANGES[type];
  if (spacing === 'log') return Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)));
  if (!STRENGTH_IS_INVERSE[type]) return min + u * (max - min);
  const [weakest, strongest] = [1 / max, 1 / min];
  return 1 / (weakest + u * (strongest - weakest));
}
