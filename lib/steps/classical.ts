// Notebook 06's classical baselines: the filters, their candidate parameters, and how a choice is applied.
import { anisotropicDiffusion, gaussianBlur, medianFilter, nlMeans, tvChambolle, waveletDenoise } from '../denoisers/index';
import type { Conduction, WaveletMethod } from '../denoisers/index';
import { ConfigError } from '../errors';
import type { NoiseType } from '../noise/noise';
import { tf, type Tensor4D } from '../tf';

export const CLASSICAL_DENOISERS = ['gaussian_blur', 'median', 'nl_means', 'wavelet', 'anisotropic_diffusion', 'tv_chambolle'] as const;
export type ClassicalDenoiser = (typeof CLASSICAL_DENOISERS)[number];

// Each grid brackets the best value at uniform 0.6, gaussian 0.3 and gaussian 0.5 (validation PSNR, 1000 images).
/** From under the best σ of weak noise to past the 1 that gaussian 0.5 wants; uniform 0.6 wants 0.6. */
const BLUR_SIGMAS = [0.3, 0.4, 0.5, 0.6, 0.75, 1, 1.25, 1.5, 2, 3];
/** 1 (no filtering) to 7: uniform 0.6 wants 3, gaussian 0.5 wants 5. */
const MEDIAN_SIZES = [1, 3, 5, 7];
/** PSNR falls steeply on either side of the best h (0.12 at uniform 0.6, 0.25 at gaussian 0.5): a fine grid. */
const NLM_STRENGTHS = [0.06, 0.08, 0.1, 0.12, 0.135, 0.15, 0.175, 0.2, 0.25, 0.3, 0.4];
/**
 * Not tuned: once h is tuned finely, search distances 3, 4 and 5 end within 0.15 dB of each other at the four levels
 * measured (5, nlMeans's default, does best at uniform 0.6). Tuned with a coarser h, the best distance ran to the
 * ends of the range (9, the largest tried, at gaussian 0.3; 1, the smallest, at uniform 1.0), and each distance
 * tried costs a whole h grid more.
 */
const NLM_PATCH_DISTANCE = 5;
/** 28×28 images allow 4 Haar levels; skimage's default is 1, and 2 does best (BayesShrink, +0.2 dB at uniform 0.6). */
const WAVELET_LEVELS = [1, 2, 3, 4];
const WAVELET_METHOD_NAMES: readonly WaveletMethod[] = ['BayesShrink', 'VisuShrink'];
/** Fewer iterations with a larger κ trade off against more with a smaller one; rational, 10 and κ 0.1 to 0.2 win. */
const DIFFUSION_ITERATIONS = [3, 5, 10, 20];
const DIFFUSION_KAPPAS = [0.05, 0.1, 0.15, 0.2, 0.3, 0.5];
const DIFFUSION_CONDUCTIONS: readonly Conduction[] = ['exponential', 'rational'];
/** The stable maximum: half the step with twice the iterations gained ≤ 0.03 dB at uniform 0.6, for twice the time. */
const DIFFUSION_STEP = 0.25;
/** uniform 0.6 wants 0.08, gaussian 0.5 0.2. */
const TV_WEIGHTS = [0.04, 0.06, 0.08, 0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.4];

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
  | { readonly denoiser: 'nl_means'; readonly parameters: { readonly h: number; readonly patchDistance: number; readonly offset: number } }
  | { readonly denoiser: 'wavelet'; readonly parameters: { readonly method: WaveletMethod; readonly levels: number; readonly offset: number } }
  | {
      readonly denoiser: 'anisotropic_diffusion';
      readonly parameters: { readonly conduction: Conduction; readonly iterations: number; readonly kappa: number; readonly step: number; readonly offset: number };
    }
  | { readonly denoiser: 'tv_chambolle'; readonly parameters: { readonly weight: number; readonly offset: number } };

export type TunedDenoisers = Readonly<Record<ClassicalDenoiser, DenoiserChoice>>;

/** "sigma=0.6, offset=0.26" */
export function describeParameters(parameters: Readonly<Record<string, number | string>>): string {
  return Object.entries(parameters).map(([name, value]) => `${name}=${value}`).join(', ');
}

/** Every parameter candidate of each denoiser, all with the same `offset`. */
export function candidateGrid(offset: number): Readonly<Record<ClassicalDenoiser, readonly DenoiserChoice[]>> {
  const product = <A, B>(as: readonly A[], bs: readonly B[]): [A, B][] => as.flatMap((a) => bs.map((b): [A, B] => [a, b]));
  return {
    gaussian_blur: BLUR_SIGMAS.map((sigma) => ({ denoiser: 'gaussian_blur', parameters: { sigma, offset } })),
    median: MEDIAN_SIZES.map((size) => ({ denoiser: 'median', parameters: { size, offset } })),
    nl_means: NLM_STRENGTHS.map((h) => ({ denoiser: 'nl_means', parameters: { h, patchDistance: NLM_PATCH_DISTANCE, offset } })),
    wavelet: product(WAVELET_METHOD_NAMES, WAVELET_LEVELS).map(([method, levels]) => ({ denoiser: 'wavelet', parameters: { method, levels, offset } })),
    anisotropic_diffusion: product(product(DIFFUSION_CONDUCTIONS, DIFFUSION_ITERATIONS), DIFFUSION_KAPPAS).map(([[conduction, iterations], kappa]) => ({
      denoiser: 'anisotropic_diffusion',
      parameters: { conduction, iterations, kappa, step: DIFFUSION_STEP, offset },
    })),
    tv_chambolle: TV_WEIGHTS.map((weight) => ({ denoiser: 'tv_chambolle', parameters: { weight, offset } })),
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
    case 'wavelet':
      return waveletDenoise(images, { method: choice.parameters.method, levels: choice.parameters.levels });
    case 'anisotropic_diffusion': {
      const { conduction, iterations, kappa, step } = choice.parameters;
      return anisotropicDiffusion(images, { conduction, iterations, kappa, step });
    }
    case 'tv_chambolle':
      return tvChambolle(images, { weight: choice.parameters.weight });
    default:
      throw new ConfigError('denoiser', (choice as { denoiser: unknown }).denoiser, `one of ${CLASSICAL_DENOISERS.join(', ')}`);
  }
}
