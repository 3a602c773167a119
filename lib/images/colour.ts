// Colour images through grey-scale models: split into grey planes, denoise those, put the image back together.
// Alpha is never denoised: it passes through untouched.
import { tf, type Tensor3D, type Tensor4D } from '../tf';
import type { ColorMode } from './options';

/** What was denoised: a grey image's one plane, or a colour image's planes by `ColorMode`. */
export type ColourHandling = 'grey' | ColorMode;

/** RGB → YCbCr rows (Cb, Cr centred on 0) and back, JFIF's coefficients. */
const RGB_TO_YCBCR = [
  [0.299, 0.587, 0.114],
  [-0.168736, -0.331264, 0.5],
  [0.5, -0.418688, -0.081312],
];
const YCBCR_TO_RGB = [
  [1, 0, 1.402],
  [1, -0.344136, -0.714136],
  [1, 1.772, 0],
];

export function colourHandling(channels: number, mode: ColorMode): ColourHandling {
  return channels <= 2 ? 'grey' : mode;
}

/**
 * Runs `denoisePlanes` ([k, h, w, 1] → [k, h, w, 1]) on the grey planes of `image` ([h, w, c], c = 1–4, values in
 * [0, 1]) chosen by `mode`, and returns the image rebuilt from its output, with any alpha channel as it was.
 * The caller disposes the result.
 */
export function denoiseColour(image: Tensor3D, mode: ColorMode, denoisePlanes: (planes: Tensor4D) => Tensor4D): Tensor3D {
  const handling = colourHandling(image.shape[2], mode);
  return mapColour(image, (colour) => (handling === 'luminance' ? throughLuminance(colour, denoisePlanes) : throughPlanes(colour, denoisePlanes)));
}

/**
 * Applies `change` to the grey or RGB channels of `image` ([h, w, c]) and returns them with the alpha channel, if
 * any, as it was. `change` must return a new tensor of the same shape; the caller disposes the result.
 */
export function mapColour(image: Tensor3D, change: (colour: Tensor3D) => Tensor3D): Tensor3D {
  const [colour, alpha] = splitAlpha(image);
  try {
    const changed = change(colour);
    if (alpha === undefined) return changed;
    try {
      return tf.concat([changed, alpha], 2);
    } finally {
      changed.dispose();
    }
  } finally {
    tf.dispose([colour, ...(alpha ? [alpha] : [])]);
  }
}

/**
 * The grey planes `denoiseColour` gives the model for `image` ([h, w, c]) under `mode`: [c', h, w, 1], the grey
 * plane, R, G and B, or Y alone; alpha left out. The caller disposes the result.
 */
export function modelPlanes(image: Tensor3D, mode: ColorMode): Tensor4D {
  const [colour, alpha] = splitAlpha(image);
  try {
    return tf.tidy(() => {
      const planes = colourHandling(image.shape[2], mode) === 'luminance' ? mixChannels(colour, RGB_TO_YCBCR.slice(0, 1)) : colour;
      return planes.transpose([2, 0, 1]).expandDims(3) as Tensor4D; // [c', h, w, 1]
    });
  } finally {
    tf.dispose([colour, ...(alpha ? [alpha] : [])]);
  }
}

/** [h, w, c] → the grey or RGB channels, and the alpha channel if c is 2 or 4 (new tensors the caller disposes). */
export function splitAlpha(image: Tensor3D): [Tensor3D, Tensor3D | undefined] {
  const channels = image.shape[2];
  if (channels === 1 || channels === 3) return [image.clone(), undefined];
  const [colour, alpha] = tf.split(image, [channels - 1, 1], 2) as [Tensor3D, Tensor3D];
  return [colour, alpha];
}

/** Each channel a plane: [h, w, c] → [c, h, w, 1] → model → back. */
function throughPlanes(colour: Tensor3D, denoisePlanes: (planes: Tensor4D) => Tensor4D): Tensor3D {
  const planes = tf.tidy(() => colour.transpose([2, 0, 1]).expandDims(3)) as Tensor4D; // [c, h, w, 1]
  const denoised = runAndDispose(planes, denoisePlanes);
  try {
    return tf.tidy(() => denoised.squeeze([3]).transpose([1, 2, 0])); // [h, w, c]
  } finally {
    denoised.dispose();
  }
}

/** Y through the model, Cb and Cr kept: [h, w, 3] → Y [1, h, w, 1] → model → RGB. */
function throughLuminance(rgb: Tensor3D, denoisePlanes: (planes: Tensor4D) => Tensor4D): Tensor3D {
  const ycbcr = tf.tidy(() => mixChannels(rgb, RGB_TO_YCBCR));
  const [y, chroma] = tf.split(ycbcr, [1, 2], 2) as [Tensor3D, Tensor3D];
  ycbcr.dispose();
  try {
    const denoisedY = runAndDispose(y.expandDims(0), denoisePlanes); // [1, h, w, 1]
    try {
      return tf.tidy(() => mixChannels(tf.concat([denoisedY.squeeze([0]), chroma], 2) as Tensor3D, YCBCR_TO_RGB).clipByValue(0, 1) as Tensor3D);
    } finally {
      denoisedY.dispose();
    }
  } finally {
    tf.dispose([y, chroma]);
  }
}

/** out[..., i] = Σ_j matrix[i][j] · image[..., j]: [h, w, 3] → [h, w, rows of matrix]. */
function mixChannels(image: Tensor3D, matrix: number[][]): Tensor3D {
  const [height, width] = image.shape;
  const flat = image.reshape([height * width, 3]); // [h·w, 3]
  return flat.matMul(tf.tensor2d(matrix).transpose()).reshape([height, width, matrix.length]);
}

function runAndDispose(planes: Tensor4D, denoisePlanes: (planes: Tensor4D) => Tensor4D): Tensor4D {
  try {
    return denoisePlanes(planes);
  } finally {
    planes.dispose();
  }
}
