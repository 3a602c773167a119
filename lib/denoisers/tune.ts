// Choosing a denoiser's parameter on validation pairs by mean PSNR; the test set never takes part.
import { ConfigError } from '../errors';
import { psnr } from '../metrics/image-quality';
import type { Tensor4D } from '../tf';

/** Noisy inputs and their clean originals, both [n, h, w, c]: held-out training data, never the test set. */
export interface ValidationPairs {
  readonly noisy: Tensor4D;
  readonly clean: Tensor4D;
}

export interface CandidateScore<T> {
  readonly value: T;
  /** Mean PSNR (dB) of the denoised validation images against the clean ones. */
  readonly meanPsnr: number;
}

export interface TuningResult<T> {
  /** The candidate with the highest mean PSNR (the earliest one on a tie). */
  readonly best: T;
  readonly bestPsnr: number;
  /** Every candidate, in the order given. */
  readonly scores: readonly CandidateScore<T>[];
}

/**
 * Denoises the validation images with each candidate value and keeps the one with the best mean PSNR.
 * `denoise` returns a new tensor, which is disposed here after scoring.
 * Example: `tuneParameter([0.5, 1, 1.5], (x, sigma) => gaussianBlur(x, { sigma }), validation)`.
 */
export function tuneParameter<T>(
  candidates: readonly T[],
  denoise: (noisy: Tensor4D, value: T) => Tensor4D,
  validation: ValidationPairs,
): TuningResult<T> {
  if (candidates.length === 0) throw new ConfigError('candidates', [], 'at least one candidate value');
  const scores = candidates.map((value) => {
    const denoised = denoise(validation.noisy, value);
    try {
      return { value, meanPsnr: psnr(validation.clean, denoised).mean };
    } finally {
      denoised.dispose();
    }
  });
  const best = scores.reduce((winner, score) => (score.meanPsnr > winner.meanPsnr ? score : winner));
  return { best: best.value, bestPsnr: best.meanPsnr, scores };
}
