// One image through a saved autoencoder: optionally corrupted first (to measure what the model does), denoised at its
// own size plane by plane, and scored against the original. `npm run denoise` calls it for each file.
import { addNoise, type NoiseOptions } from '../noise';
import { tf, type Tensor3D, type Tensor4D } from '../tf';
import { colourHandling, denoiseColour, mapColour, splitAlpha, type ColourHandling } from './colour';
import type { ImageDenoiser } from './image-denoiser';
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
}

export interface DenoisedImage {
  /** What the model was given before any noise: the image as decoded, or resized to a fixed-size model's input. [h, w, c] */
  readonly original: Tensor3D;
  /** The original with the noise added, when `noise` was given. */
  readonly noisy: Tensor3D | undefined;
  readonly denoised: Tensor3D;
  /** The decoded [height, width], when a fixed-size model (the dense one) had the image resized to its input. */
  readonly resizedFrom: readonly [number, number] | undefined;
  readonly colour: ColourHandling;
  /** Forward passes of the model: one per plane when it ran whole, more when tiled. */
  readonly passes: number;
  /** PSNR and SSIM of the noisy and the denoised image against the original (alpha left out), when `noise` was given. */
  readonly scores: { readonly noisy: ImageScores; readonly denoised: ImageScores } | undefined;
}

/** Denoises `pixels` ([h, w, c], values in [0, 1], c = 1–4) with `denoiser`; the caller disposes the result (disposeDenoised). */
export function denoiseImage(denoiser: ImageDenoiser, pixels: Tensor3D, options: DenoiseImageOptions = {}): DenoisedImage {
  const mode = options.color ?? 'per-channel';
  const [height, width] = pixels.shape;
  const fixed = denoiser.fixedSize;
  const resize = fixed !== undefined && (fixed[0] !== height || fixed[1] !== width);
  const original = resize ? resizeTo(pixels, fixed) : pixels.clone();
  const noise = options.noise;
  const noisy = noise && mapColour(original, (colour) => tf.tidy(() => addNoise(colour.expandDims(0) as Tensor4D, noise).squeeze([0]) as Tensor3D));
  let passes = 0;
  const denoised = denoiseColour(noisy ?? original, mode, (planes) => {
    if (fixed) {
      passes += planes.shape[0];
      return denoiser.run(planes); // [k, 28, 28, 1]: already the model's size
    }
    const run = denoisePlanesTiled(planes, denoiser.divisor, denoiser.run, options);
    passes += run.tiles;
    return run.denoised;
  });
  return {
    original,
    noisy,
    denoised,
    resizedFrom: resize ? [height, width] : undefined,
    colour: colourHandling(pixels.shape[2], mode),
    passes,
    scores: noisy && { noisy: scoreColour(original, noisy), denoised: scoreColour(original, denoised) },
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

/** Averages blocks first, then resizes bilinearly: bilinear alone reads 4 pixels per output and aliases a large photo. */
function resizeTo(pixels: Tensor3D, [height, width]: readonly [number, number]): Tensor3D {
  return tf.tidy(() => {
    const blockRows = Math.max(1, Math.floor(pixels.shape[0] / height));
    const blockCols = Math.max(1, Math.floor(pixels.shape[1] / width));
    const averaged = tf.avgPool(pixels, [blockRows, blockCols], [blockRows, blockCols], 'valid');
    return tf.image.resizeBilinear(averaged, [height, width], false, true);
  });
}
