// Structural similarity (Wang et al. 2004), computed exactly as scikit-image's structural_similarity with
// gaussian_weights=True, sigma=1.5, use_sample_covariance=False: gaussian local statistics, borders cropped.
import { ShapeError } from '../errors';
import { gaussianKernel1d, gaussianRadius, separableFilterValid } from '../denoisers/gaussian';
import { tf } from '../tf';
import type { Tensor1D, Tensor4D } from '../tf';
import { perImagePairs, validDataRange } from './image-quality';
import type { ImageQualityOptions, QualityScores } from './image-quality';

/** Wang et al.'s gaussian window: σ = 1.5, truncated at 3.5σ as skimage does → 11×11. */
export const SSIM_SIGMA = 1.5;
const SSIM_TRUNCATE = 3.5;
/** Wang et al.'s stabilizing constants, C1 = (K1·L)², C2 = (K2·L)² for data range L. */
export const SSIM_K1 = 0.01;
export const SSIM_K2 = 0.03;

/**
 * Mean SSIM of each image pair, and their mean. Border handling: skimage filters the whole image
 * (mode 'reflect') and then crops (11 - 1) / 2 = 5 pixels from every side before averaging; the kept pixels'
 * windows never reach past the image, so a 'valid' convolution gives the same numbers with no padding at all.
 * A 28×28 image is therefore averaged over its central 18×18 SSIM map. Channels are averaged, as skimage
 * does with channel_axis. Images smaller than the window are refused, as skimage refuses them.
 */
export function ssim(reference: Tensor4D, test: Tensor4D, options: ImageQualityOptions = {}): QualityScores {
  const dataRange = validDataRange(options.dataRange);
  const kernel = gaussianKernel1d(SSIM_SIGMA, gaussianRadius(SSIM_SIGMA, SSIM_TRUNCATE));
  const [, height = 0, width = 0] = reference.shape;
  if (Math.min(height, width) < kernel.length) {
    throw new ShapeError('reference.shape', reference.shape, `images of at least ${kernel.length}×${kernel.length} pixels (the SSIM window)`);
  }
  const perImage = perImagePairs(reference, test, options.batchSize, (x, y) => ssimMean(x, y, kernel, dataRange));
  return { perImage, mean: perImage.reduce((sum, value) => sum + value, 0) / perImage.length };
}

/** [b, h, w, c] pairs → [b] mean SSIM over the valid map and the channels. */
function ssimMean(x: Tensor4D, y: Tensor4D, kernel: Float32Array, dataRange: number): Tensor1D {
  const c1 = (SSIM_K1 * dataRange) ** 2;
  const c2 = (SSIM_K2 * dataRange) ** 2;
  // Variances are differences of nearly equal float32 numbers; subtracting each image's mean first shrinks
  // them (variance is shift-invariant): float32 then agrees with skimage's float64 to ~1e-7 instead of ~4e-5.
  const xMean = x.mean([1, 2, 3], true); // [b, 1, 1, 1]
  const yMean = y.mean([1, 2, 3], true);
  const xc = x.sub(xMean);
  const yc = y.sub(yMean);
  const stacked = tf.concat([xc, yc, xc.square(), yc.square(), xc.mul(yc)], 3) as Tensor4D; // [b, h, w, 5c]
  const filtered = separableFilterValid(stacked, kernel); // [b, h - 10, w - 10, 5c]
  const [uxc, uyc, uxx, uyy, uxy] = tf.split(filtered, 5, 3) as Tensor4D[] as [Tensor4D, Tensor4D, Tensor4D, Tensor4D, Tensor4D];
  const vx = uxx.sub(uxc.square());
  const vy = uyy.sub(uyc.square());
  const vxy = uxy.sub(uxc.mul(uyc));
  const ux = uxc.add(xMean); // local means of the original images, for the luminance term
  const uy = uyc.add(yMean);
  const luminance = ux.mul(uy).mul(2).add(c1).div(ux.square().add(uy.square()).add(c1));
  const structure = vxy.mul(2).add(c2).div(vx.add(vy).add(c2));
  return luminance.mul(structure).mean([1, 2, 3]) as Tensor1D;
}
