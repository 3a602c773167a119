// Notebook 06's classical baselines: the filters, their candidate parameters, and how a choice is applied.
import { gaussianBlur, medianFilter, nlMeans } from '../denoisers/index';
import { ConfigError } from '../errors';
import type { NoiseType } from '../noise';
import { tf, type Tensor4D } from '../tf';

export const CLASSICAL_DENOISERS = ['gaussian_blur', 'median', 'nl_means'] as const;
export type ClassicalDenoiser = (typeof CLASSICAL_DENOISERS)[number];

/** Spans the measured optimum for uniform 0.6 (σ 0.6) up to the heavy blurs stronger noise wants. */
const BLUR_SIGMAS = [0.4, 0.5, 0.6, 0.75, 1, 1.5, 2];
/** Odd windows; 5×5 already loses 1 dB to 3×3 at uniform 0.6, and larger ones only blur more. */
const MEDIAN_SIZES = [3, 5];
/** NLM goes from "no averaging" to "averaging" between h 0.08 and 0.12 at uniform 0.6: denser there. */
const NLM_STRENGTHS = [0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.3, 0.45];
/** 3 costs half of 5; 7 costs twice 5 for ~0.2 dB more (measured at h 0.1), too slow to tune. */
const NLM_PATCH_DISTANCES = [3, 5];

/** A noise model by name and level, as in the pipeline's configuration. */
export interface NoiseSetting {
  readonly type: NoiseType;
  readonly level: number;
}

/**
 * A filter and its parameters. `offset` is subtracted from the noisy image before filtering: a filter averages
 * noise away but cannot remove its mean (+level/2 for uniform noise, less where clipping to [0, 1] cuts it, and
 * +0.08 for gaussian 0.5 after clipping). The output is clipped to [0, 1].
 */
export type DenoiserChoice =
  | { readonly denoiser: 'gaussian_blur'; readonly parameters: { readonly sigma: number; readonly offset: number } }
  | { readonly denoiser: 'median'; readonly parameters: { readonly size: number; readonly offset: number } }
  | { readonly denoiser: 'nl_means'; readonly parameters: { readonly h: number; readonly patchDistance: number; readonly offset: number } };

export type TunedDenoisers = Readonly<Record<ClassicalDenoiser, DenoiserChoice>>;

/** "sigma=0.6, offset=0.26" */
export function describeParameters(parameters: Readonly<Record<string, number>>): string {
  return Object.entries(parameters).map(([name, value]) => `${name}=${value}`).join(', ');
}

/** Every parameter candidate of each denoiser, all with the same `offset`. */
export function candidateGrid(offset: number): Readonly<Record<ClassicalDenoiser, readonly DenoiserChoice[]>> {
  return {
    gaussian_blur: BLUR_SIGMAS.map((sigma) => ({ denoiser: 'gaussian_blur', parameters: { sigma, offset } })),
    median: MEDIAN_SIZES.map((size) => ({ denoiser: 'median', parameters: { size, offset } })),
    nl_means: NLM_PATCH_DISTANCES.flatMap((patchDistance) =>
      NLM_STRENGTHS.map((h): DenoiserChoice => ({ denoiser: 'nl_means', parameters: { h, patchDistance, offset } })),
    ),
  };
}

/** The same filter and parameters, subtracting `offset` instead. */
export function withOffset(choice: DenoiserChoice, offset: number): DenoiserChoice {
  return { ...choice, parameters: { ...choice.parameters, offset } } as DenoiserChoice;
}

/** Denoises [n, h, w, c] with `choice`; the caller disposes the result. */
export function applyDenoiser(choice: DenoiserChoice, images: Tensor4D): Tensor4D {
  return tf.tidy(() => tf.clipByValue(filter(choice, images.sub(choice.parameters.offset) as Tensor4D), 0, 1));
}

function filter(choice: DenoiserChoice, images: Tensor4D): Tensor4D {
  switch (choice.denoiser) {
    case 'gaussian_blur':
      return gaussianBlur(images, { sigma: choice.parameters.sigma });
    case 'median':
      return medianFilter(images, { size: choice.parameters.size });
    case 'nl_means':
      return nlMeans(images, { h: choice.parameters.h, patchDistance: choice.parameters.patchDistance });
    default:
      throw new ConfigError('denoiser', (choice as { denoiser: unknown }).denoiser, `one of ${CLASSICAL_DENOISERS.join(', ')}`);
  }
}
