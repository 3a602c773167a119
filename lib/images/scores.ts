// PSNR and SSIM of one image of any size against its original, with lib/metrics' definitions (skimage's).
import { psnr, ssim } from '../metrics/index';
import { tf, type Tensor3D, type Tensor4D } from '../tf';

/** skimage's 11×11 gaussian window: SSIM needs images at least this big and drops (window − 1) / 2 rows each side. */
const SSIM_WINDOW = 11;
/** Values per SSIM band: its filters hold about ten copies of a band, so 4M values stay near 160 MB however big the image. */
const SSIM_BAND_VALUES = 4 * 1024 * 1024;

export interface ImageScoreOptions {
  /** Pixels × channels per SSIM band; bounds memory, not results. @default 4,194,304 */
  readonly bandValues?: number;
}

export interface ImageScores {
  readonly psnrDb: number;
  /** Undefined for images smaller than the SSIM window in either side. */
  readonly ssim: number | undefined;
}

/** Scores `test` against `reference` ([h, w, c] each, values in [0, 1]); channels are averaged as skimage's channel_axis does. */
export function imageScores(reference: Tensor3D, test: Tensor3D, options: ImageScoreOptions = {}): ImageScores {
  const whole = (image: Tensor3D) => image.expandDims(0) as Tensor4D;
  const psnrDb = tf.tidy(() => psnr(whole(reference), whole(test)).perImage[0]!);
  const [height, width, channels] = reference.shape;
  if (Math.min(height, width) < SSIM_WINDOW) return { psnrDb, ssim: undefined };
  // SSIM's mean is over the pixels whose window fits, so bands that overlap by window − 1 rows give disjoint
  // parts of the same map: their means weighted by rows are the whole image's.
  const bandRows = Math.max(SSIM_WINDOW, Math.floor((options.bandValues ?? SSIM_BAND_VALUES) / (width * channels)));
  let weighted = 0;
  let rows = 0;
  for (let top = 0; ; top += bandRows - (SSIM_WINDOW - 1)) {
    const size = Math.min(bandRows, height - top);
    const band = (image: Tensor3D) => image.slice([top, 0, 0], [size, -1, -1]).expandDims(0) as Tensor4D;
    const mean = tf.tidy(() => ssim(band(reference), band(test)).perImage[0]!);
    weighted += mean * (size - SSIM_WINDOW + 1);
    rows += size - SSIM_WINDOW + 1;
    if (top + size >= height) break;
  }
  return { psnrDb, ssim: weighted / rows };
}
