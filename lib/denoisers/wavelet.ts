// Wavelet shrinkage as scikit-image's restoration.denoise_wavelet computes it with its defaults: a Haar ('db1')
// decomposition, soft thresholds from BayesShrink or VisuShrink, and the inverse transform.
import { ConfigError } from '../errors';
import { tf } from '../tf';
import type { Tensor, Tensor4D } from '../tf';
import { mapInBatches } from './batches';

export const WAVELET_METHODS = ['BayesShrink', 'VisuShrink'] as const;
export type WaveletMethod = (typeof WAVELET_METHODS)[number];

/** scipy.stats.norm.ppf(0.75): the median of |N(0, σ²)| is σ times this. */
const MAD_PER_SIGMA = 0.6744897501960817;
/** numpy's float64 epsilon: skimage's floor under a sub-band's signal variance (its images are float64). */
const FLOAT64_EPSILON = 2.220446049250313e-16;
/** Each level keeps ~2 copies of the batch in sub-bands: 2000 28×28 images are ~12 MB. */
const WAVELET_BATCH_IMAGES = 2000;

export interface WaveletOptions {
  /**
   * 'BayesShrink' (Chang, Yu & Vetterli 2000): a threshold σ²/σ_signal per sub-band; 'VisuShrink' (Donoho &
   * Johnstone 1994): one universal threshold σ·√(2 ln pixels), which removes noise and much detail with it.
   * @default 'BayesShrink'
   */
  readonly method?: WaveletMethod;
  /** Noise standard deviation; left out, it is estimated per image and channel as skimage does (sigma=None). */
  readonly sigma?: number;
  /** Decomposition levels; skimage's default, 3 fewer than the most possible but at least 1, is 1 for 28×28. */
  readonly levels?: number;
}

/** pywt.dwtn_max_level for a filter of 2 taps: floor(log2(smallest side)). */
function maxWaveletLevels(height: number, width: number): number {
  return Math.floor(Math.log2(Math.min(height, width)));
}

/**
 * Denoises [n, h, w, c]; each image and channel is a separate single-channel image, as skimage with
 * channel_axis=-1 and convert2ycbcr=False treats them. Float images are neither rescaled nor clipped, so
 * skimage's rescale_sigma=True changes nothing. As in skimage, pywt's 'symmetric' extension pairs an odd last row
 * or column with itself, and σ is median(|non-zero finest diagonal details|) / 0.6745. Two deliberate differences,
 * where skimage returns NaN: when every finest diagonal detail is 0 (a constant image) its σ is a median of nothing,
 * here 0; and a threshold of 0 (sigma 0) makes pywt divide 0 by 0 for zero coefficients, which here stay 0.
 */
export function waveletDenoise(images: Tensor4D, options: WaveletOptions = {}): Tensor4D {
  const { method = 'BayesShrink', sigma } = options;
  const [, height, width] = images.shape;
  const possible = Math.max(maxWaveletLevels(height, width), 1);
  const levels = options.levels ?? Math.max(possible - 3, 1);
  if (!WAVELET_METHODS.includes(method)) throw new ConfigError('method', method, `one of ${WAVELET_METHODS.join(', ')}`);
  if (sigma !== undefined && !(Number.isFinite(sigma) && sigma >= 0)) {
    throw new ConfigError('sigma', sigma, 'a number ≥ 0, or left out to estimate it');
  }
  if (!Number.isInteger(levels) || levels < 1 || levels > possible) {
    throw new ConfigError('levels', levels, `an integer from 1 to ${possible} for ${height}×${width} images`);
  }
  return mapInBatches(images, WAVELET_BATCH_IMAGES, (batch) => shrinkBatch(batch, method, sigma, levels));
}

interface Level {
  /** The approximation this level decomposed: [n, h_l, w_l, c]. */
  readonly size: readonly [number, number];
  /** Detail sub-bands by pywt's key: 'ad' (columns), 'da' (rows), 'dd' (diagonal), each [n, ⌈h_l/2⌉, ⌈w_l/2⌉, c]. */
  readonly ad: Tensor4D;
  readonly da: Tensor4D;
  readonly dd: Tensor4D;
}

function shrinkBatch(batch: Tensor4D, method: WaveletMethod, sigma: number | undefined, levels: number): Tensor4D {
  const [, height, width] = batch.shape;
  const details: Level[] = []; // finest first
  let approx = batch;
  for (let level = 0; level < levels; level++) {
    const [a, d] = analyze(approx, 1); // along rows first, as pywt.dwtn does
    const [aa, ad] = analyze(a, 2);
    const [da, dd] = analyze(d, 2);
    details.push({ size: [approx.shape[1], approx.shape[2]], ad, da, dd });
    approx = aa;
  }
  const noise: Tensor | number = sigma ?? estimateSigma(details[0]!.dd); // [n, 1, 1, c] when estimated
  const universal = method === 'VisuShrink' ? tf.mul(noise, Math.sqrt(2 * Math.log(height * width))) : undefined;
  const shrink = (band: Tensor4D): Tensor4D => {
    const threshold = universal ?? bayesThreshold(band, noise);
    return band.sign().mul(tf.relu(band.abs().sub(threshold)));
  };
  for (const { size, ad, da, dd } of [...details].reverse()) {
    const a = synthesize(approx, shrink(ad), 2); // pywt.idwtn undoes columns first
    const d = synthesize(shrink(da), shrink(dd), 2);
    approx = synthesize(a, d, 1).slice([0, 0, 0, 0], [-1, size[0], size[1], -1]); // [n, h_l, w_l, c]
  }
  return approx;
}

/** One Haar step along `axis` (1 rows, 2 columns): (x₂ₖ ± x₂ₖ₊₁)/√2; an odd last sample pairs with itself. */
function analyze(x: Tensor4D, axis: 1 | 2): [Tensor4D, Tensor4D] {
  const size = x.shape[axis];
  const extended = size % 2 === 0 ? x : x.concat(x.gather([size - 1], axis), axis); // pywt's 'symmetric' extension
  const shape = [...extended.shape];
  shape.splice(axis, 1, extended.shape[axis] / 2, 2); // the axis as [pairs, 2]
  const [first, second] = tf.unstack(extended.reshape(shape), axis + 1) as [Tensor4D, Tensor4D];
  return [first.add(second).mul(Math.SQRT1_2), first.sub(second).mul(Math.SQRT1_2)];
}

/** The inverse of analyze: [.., k, ..] approximation and detail → [.., 2k, ..] samples. */
function synthesize(approx: Tensor4D, detail: Tensor4D, axis: 1 | 2): Tensor4D {
  const first = approx.add(detail).mul(Math.SQRT1_2);
  const second = approx.sub(detail).mul(Math.SQRT1_2);
  const shape = [...approx.shape] as [number, number, number, number];
  shape[axis] *= 2;
  return tf.stack([first, second], axis + 1).reshape(shape);
}

/** BayesShrink per image and channel: σ² / √max(mean(band²) - σ², ε), mean(band²) standing for the band's variance. */
function bayesThreshold(band: Tensor4D, sigma: Tensor | number): Tensor {
  const variance = tf.square(sigma);
  const bandVariance = band.square().mean([1, 2], true); // [n, 1, 1, c]
  return variance.div(tf.sqrt(tf.maximum(bandVariance.sub(variance), FLOAT64_EPSILON)));
}

/** numpy's median of the non-zero |coefficients| per image and channel, over 0.6745: [n, h', w', c] → [n, 1, 1, c]. */
function estimateSigma(diagonal: Tensor4D): Tensor4D {
  const [n, height, width, channels] = diagonal.shape;
  const count = height * width;
  const magnitudes = diagonal.abs().transpose([0, 3, 1, 2]).reshape([n * channels, count]);
  const nonZero = magnitudes.greater(0);
  const nonZeroCount = nonZero.cast('int32').sum(1); // [n·c]
  const sorted = tf.topk(tf.where(nonZero, magnitudes, -1), count).values; // descending, the zeros (as -1) last
  const at = (index: Tensor): Tensor => tf.oneHot(index.cast('int32'), count).mul(sorted).sum(1); // index -1 picks nothing
  // The middle one of an odd count, the mean of the middle two of an even one: indices ⌊(k-1)/2⌋ and ⌊k/2⌋.
  const median = at(tf.floorDiv(nonZeroCount.sub(1), 2)).add(at(tf.floorDiv(nonZeroCount, 2))).div(2);
  const sigma = tf.where(nonZeroCount.greater(0), median.div(MAD_PER_SIGMA), tf.zerosLike(median));
  return sigma.reshape([n, 1, 1, channels]);
}
