// How noisy an image is, without its clean original: the wavelet MAD estimate of scikit-image's estimate_sigma.
import { tf, type Tensor3D, type Tensor4D } from '../tf';
import { modelPlanes } from './colour';
import type { ColorMode } from './options';

/** Median |x| / MAD_TO_SIGMA is σ for gaussian x: the normal distribution's 0.75 quantile, as skimage rounds it. */
export const MAD_TO_SIGMA = 0.6745;

/**
 * pywt's Wavelet('db2').dec_hi, reversed: pywt convolves while conv2d correlates, so this kernel gives pywt's
 * coefficients. Its squares sum to 1 (an orthonormal wavelet), so white noise keeps its σ in the coefficients.
 */
const DB2_HIGH_PASS = [1 - Math.sqrt(3), -(3 - Math.sqrt(3)), 3 + Math.sqrt(3), -(1 + Math.sqrt(3))].map((value) => value / (4 * Math.SQRT2));

/** What the model is given of one image, and how noisy each of those planes reads. */
export interface NoiseEstimate {
  /** σ̂ of each plane the model is given (grey; R, G, B; or Y), in pixel units of [0, 1]. */
  readonly planes: readonly number[];
  /** The largest of `planes`: the noise of the plane that needs the strongest denoising. */
  readonly sigma: number;
}

/**
 * The diagonal detail coefficients of a one-level db2 wavelet transform of each plane ([k, h, w, 1] → [k, h', w', 1]),
 * interior only: a 'valid' 4×4 filter at stride 2, so h' = floor((h − 4) / 2) + 1. pywt's dwt2 also gives the border
 * coefficients of its symmetric extension, which mirror the image's own edges into the estimate.
 */
export function diagonalDetails(planes: Tensor4D): Tensor4D {
  return tf.tidy(() => {
    const column = tf.tensor2d(DB2_HIGH_PASS, [4, 1]);
    const kernel = column.matMul(column.transpose()).reshape([4, 4, 1, 1]) as Tensor4D; // separable: g[m]·g[n]
    return tf.conv2d(planes, kernel, 2, 'valid');
  });
}

/**
 * σ̂ = median(|diagonal details|) / 0.6745 for each plane of `planes` ([k, h, w, 1], values in [0, 1]; at least
 * 4×4): skimage's estimate_sigma for gaussian noise, on interior coefficients. Robust to the image's edges, which
 * are few among the coefficients, and so also to sparse impulses: salt-and-pepper noise reads low.
 */
export function estimateNoiseSigma(planes: Tensor4D): number[] {
  const [count, height, width] = planes.shape;
  if (height < 4 || width < 4) return Array.from({ length: count }, () => 0);
  const magnitudes = tf.tidy(() => diagonalDetails(planes).abs()); // [k, h', w', 1]
  try {
    const perPlane = magnitudes.shape[1] * magnitudes.shape[2];
    const values = magnitudes.dataSync() as Float32Array; // one download; each plane's median reorders its part in place
    return Array.from({ length: count }, (_, i) => median(values.subarray(i * perPlane, (i + 1) * perPlane)) / MAD_TO_SIGMA);
  } finally {
    magnitudes.dispose();
  }
}

/** The noise estimate of `image` ([h, w, c], c = 1–4) as `mode` feeds it to the model: per plane, alpha left out. */
export function estimateImageNoise(image: Tensor3D, mode: ColorMode): NoiseEstimate {
  const planes = modelPlanes(image, mode);
  try {
    const sigmas = estimateNoiseSigma(planes);
    return { planes: sigmas, sigma: Math.max(...sigmas) };
  } finally {
    planes.dispose();
  }
}

/** numpy's median (the mean of the two middle values for an even count); reorders `values` in place. */
function median(values: Float32Array): number {
  const middle = values.length >> 1;
  const upper = select(values, middle);
  if (values.length % 2 === 1) return upper;
  let lower = -Infinity; // select left the smaller half before `middle`: the other middle value is its largest
  for (let i = 0; i < middle; i++) lower = Math.max(lower, values[i]!);
  return (lower + upper) / 2;
}

/** The k-th smallest of `values` (Hoare's quickselect): linear time, where sorting 3 million coefficients took seconds. */
function select(values: Float32Array, k: number): number {
  let [left, right] = [0, values.length - 1];
  while (left < right) {
    const pivot = values[(left + right) >> 1]!;
    let [i, j] = [left, right];
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        [values[i], values[j]] = [values[j]!, values[i]!];
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k]!;
}
