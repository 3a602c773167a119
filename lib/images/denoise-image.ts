// One image through a saved autoencoder: optionally corrupted first (to measure what the model does), denoised at its
// own size plane by plane, and scored against the original. `npm run denoise` calls it for each file.
import { addNoise, type NoiseOptions } from '../noise/noise';
import { tf, type Tensor3D, type Tensor4D } from '../tf';
import { colourHandling, denoiseColour, mapColour, splitAlpha, type ColourHandling } from './colour';
import { denoisePlanesFixed } from './fixed-tiling';
import type { ImageDenoiser } from './image-denoiser';
import { estimateImageNoise, type NoiseEstimate } from './noise-estimate';
import type { ColorMode } from './options';
import { imageScores, type ImageScores } from './scores';
import { denoisePlanesTiled, type TilingOptions } from './tiling';

/** White columns between the images of a side-by-side strip. */
const STRIP_GAP = 4;

export interface DenoiseImageOptions extends TilingOptions {
  /** How a colour image's planes go through the grey-scale model (grey images have one). @default 'per-channel' */
  readonly color?: ColorMode;
  /** Noise added to the (clean) image first, seeded; then both the noisy and the denoised image are scored. @default undefined — denoise the image as it is */
  readonly noise?: NoiseOptions;
  /** Estimate σ̂ of the planes the model is given, before it runs (a median over each plane's wavelet coefficients). @default false */
  readonly estimateNoise?: boolean;
}

export interface DenoisedImage {
  /** What the model was given before any noise: the image as decoded. [h, w, c] */
  readonly original: Tensor3D;
  /** The original with the noise added, when `noise` was given. */
  readonly noisy: Tensor3D | undefined;
  readonly denoised: Tensor3D;
  readonly colour: ColourHandling;
  /** Tiles through the model: one per plane when it ran whole, more when tiled (always, for a fixed-size model). */
  readonly passes: number;
  /** PSNR and SSIM of the noisy and the denoised image against the original (alpha left out), when `noise` was given. */
  readonly scores: { readonly noisy: ImageScores; readonly denoised: ImageScores } | undefined;
  /** σ̂ of what the model was given (the noisy image when `noise` was given), when `estimateNoise` was set. */
  readonly estimate: NoiseEstimate | undefined;
}

/** Denoises `pixels` ([h, w, c], values in [0, 1], c = 1–4) with `denoiser`; the caller disposes the result (disposeDenoised). */
export function denoiseImage(denoiser: ImageDenoiser, pixels: Tensor3D, options: DenoiseImageOptions = {}): DenoisedImage {
  const mode = options.color ?? 'per-channel';
  const fixed = denoiser.fixedSize;
  const original = pixels.clone();
  const noise = options.noise;
  const noisy = noise && mapColour(original, (colour) => tf.tidy(() => addNoise(colour.expandDims(0) as Tensor4D, noise).squeeze([0]) as Tensor3D));
  const estimate = options.estimateNoise ? estimateImageNoise(noisy ?? original, mode) : undefined;
  let passes = 0;
  const denoised = denoiseColour(noisy ?? original, mode, (planes) => {
    const run = fixed ? denoisePlanesFixed(planes, fixed[0], denoiser.run) : denoisePlanesTiled(planes, denoiser, options);
    passes += run.tiles;
    return run.denoised;
  });
  return {
    original,
    noisy,
    denoised,
    colour: colourHandling(pixels.shape[2], mode),
    passes,
    scores: noisy && { noisy: scoreColour(original, noisy), denoised: scoreColour(original, denoised) },
    estimate,
  };
}

export function disposeDenoised(result: DenoisedImage): void {
  tf.dispose([result.original, result.denoised, ...(result.noisy ? [result.noisy] : [])]);
}

/** The images ([h, w, c] each, same shape) left to right with white gaps: e.g. input | noisy | denoised. */
export function sideBySide(images: readonly Tensor3D[]): Tensor3D {
  return tf.tidy(() => {
    const [height, , channels] = images[0]!.shape;
    const gap = tf.ones([height, STRIP_GAP, channels]);
    return tf.concat(images.flatMap((image, i) => (i === 0 ? [image] : [gap, image])), 1) as Tensor3D;
  });
}

function scoreColour(reference: Tensor3D, test: Tensor3D): ImageScores {
  const [referenceColour, referenceAlpha] = splitAlpha(reference);
  const [testColour, testAlpha] = splitAlpha(test);
  try {
    return imageScores(referenceColour, testColour);
  } finally {
    tf.dispose([referenceColour, testColour, ...[referenceAlpha, testAlpha].filter((alpha) => alpha !== undefined)]);
  }
}
