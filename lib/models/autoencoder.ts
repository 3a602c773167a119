// Denoising autoencoders: the reference dense one, the Keras tutorial's small convolutional one, and our default
// U-Net. Images in, images out.
import { tf, type LayersModel } from '../tf';
import {
  AUTOENCODER_ARCHITECTURE_ALIASES,
  AUTOENCODER_ARCHITECTURES,
  RECONSTRUCTION_LOSSES,
  type AutoencoderArchitecture,
  type ReconstructionLoss,
} from './names';
import { ConfigError, ShapeError } from '../errors';
import { adam, checkChoice, DEFAULT_LEARNING_RATE, IMAGE_SHAPE, PIXELS_PER_IMAGE } from './options';
import { seededInitializers } from './seeded';
import { residualUnet, unet } from './unet';
const DEFAULT_LOSS: Readonly<Record<AutoencoderArchitecture, ReconstructionLoss>> = {
  dense: 'binaryCrossentropy',
  unet: 'meanSquaredError',
  tutorial: 'binaryCrossentropy',
  pooling: 'meanSquaredError',
  'residual-unet': 'meanSquaredError',
};
/**
 * What each design needs of an image's sides: the dense one is fixed to 28×28; the convolutional ones halve the
 * image twice and double it back, so sides that 4 does not divide come back a different size.
 */
export const AUTOENCODER_SIDE_DIVISOR: Readonly<Record<AutoencoderArchitecture, number | 'fixed'>> = { dense: 'fixed', unet: 4, tutorial: 4, pooling: 4, 'residual-unet': 4 };
/** The reference notebook's code size. */
const DENSE_CODE_UNITS = 64;

export interface AutoencoderOptions {
  /**
   * 'dense' reproduces the reference Keras notebook (Flatten → Dense 64 → Dense 784 → Reshape);
   * 'tutorial' the small convolutional autoencoder of the Keras-tutorial projects (3,217 weights);
   * 'pooling' the max-pooling design of the fourth seed project (3 convolutions, 2 poolings, 2 upsamplings, 2 transposed
   * convolutions); 'unet' is our design, measured in docs/default-preset-design.md ('conv', its earlier name, is accepted too);
   * 'residual-unet' the same U-Net predicting the noise instead of the image, as DnCNN does (docs/blind-denoising.md).
   * @default 'unet' — the dense one reaches about 19 dB on the default noise (the U-Net 24), too blurry for the classifier
   */
  readonly architecture?: AutoencoderArchitecture | keyof typeof AUTOENCODER_ARCHITECTURE_ALIASES;
  /** Adam's step size. @default 0.001 — Keras's default, what the reference used */
  readonly learningRate?: number;
  /**
   * @default 'binaryCrossentropy' for 'dense' (what the reference used); 'meanSquaredError' for 'unet', which
   * optimises PSNR directly and measured about 0.2 dB higher at equal epochs (docs/default-preset-design.md)
   */
  readonly loss?: ReconstructionLoss;
  /** Seeds the weight initializers. @default undefined — fresh random weights on every build */
  readonly seed?: number;
  /** [height, width, channels] of the images. @default [28, 28, 1] */
  readonly imageShape?: readonly [number, number, number];
}

/** A new compiled autoencoder: [batch, 28, 28, 1] (noisy) images in [0, 1] → [batch, 28, 28, 1] in [0, 1]. */
export function buildAutoencoder(options: AutoencoderOptions = {}): LayersModel {
  const named = options.architecture ?? 'unet';
  const architecture = checkChoice('architecture', AUTOENCODER_ARCHITECTURE_ALIASES[named] ?? named, AUTOENCODER_ARCHITECTURES);
  const loss = checkChoice('loss', options.loss ?? DEFAULT_LOSS[architecture], RECONSTRUCTION_LOSSES);
  const imageShape = checkImageShape(architecture, options.imageShape ?? IMAGE_SHAPE);
  const optimizer = adam('learningRate', options.learningRate ?? DEFAULT_LEARNING_RATE);
  const build = { dense: referenceDense, unet, tutorial: kerasTutorial, pooling, 'residual-unet': residualUnet }[architecture];
  const model = build(options.seed, imageShape);
  model.compile({ optimizer, loss });
  return model;
}

function checkImageShape(architecture: AutoencoderArchitecture, shape: readonly number[]): [number, number, number] {
  const [height = 0, width = 0, channels = 0] = shape;
  // Every design ends in one grey channel: images in, images out holds for grey images only (colour goes channel by channel).
  if (channels !== 1) throw new ShapeError(`the ${architecture} autoencoder's image shape`, [...shape], '[height, width, 1]: grey images, one channel');
  const divisor = AUTOENCODER_SIDE_DIVISOR[architecture];
  const fits = shape.length === 3 && shape.every((side) => Number.isInteger(side) && side > 0) &&
    (divisor === 'fixed' ? shape.every((side, axis) => side === IMAGE_SHAPE[axis]) : height % divisor === 0 && width % divisor === 0);
  if (!fits) {
    const allowed = divisor === 'fixed' ? `${IMAGE_SHAPE.join('×')} images (its dense layers fix the size)` : `images whose height and width ${divisor} divides`;
    throw new ConfigError('autoencoder.architecture', architecture, `${allowed}; these images are ${shape.join('×')}`);
  }
  return [height, width, channels];
}

function referenceDense(seed: number | undefined): LayersModel {
  const init = seededInitializers(seed);
  return tf.sequential({
    name: 'autoencoder',
    layers: [
      tf.layers.flatten({ inputShape: IMAGE_SHAPE, name: 'ae_flatten' }), // [batch, 784]
      tf.layers.dense({ units: DENSE_CODE_UNITS, activation: 'relu', kernelInitializer: init(), name: 'ae_code' }), // [batch, 64]
      tf.layers.dense({ units: PIXELS_PER_IMAGE, activation: 'sigmoid', kernelInitializer: init(), name: 'ae_pixels' }), // [batch, 784]
      tf.layers.reshape({ targetShape: IMAGE_SHAPE, name: 'ae_image' }), // [batch, 28, 28, 1]
    ],
  });
}

/**
 * The model the Keras-tutorial denoising projects share, layer for layer: two stride-2 convolutions and one more
 * down to [7, 7, 8], two stride-2 transposed convolutions back up. Only the last layer has an activation (sigmoid):
 * the four before it are linear, as published. 3,217 weights.
 */
function kerasTutorial(seed: number | undefined, imageShape: [number, number, number]): LayersModel {
  const init = seededInitializers(seed);
  // Keras's Conv2D defaults (no activation, zero bias) with the tutorial's 3×3 'same' kernels.
  const layer = (filters: number, strides: number, name: string, extra: { inputShape?: number[]; activation?: 'sigmoid' } = {}) =>
    ({ filters, kernelSize: 3, strides, padding: 'same' as const, kernelInitializer: init(), name, ...extra });
  return tf.sequential({
    name: 'autoencoder',
    layers: [
      tf.layers.conv2d(layer(16, 2, 'ae_down1', { inputShape: imageShape })), // [batch, 14, 14, 16]
      tf.layers.conv2d(layer(8, 2, 'ae_down2')), // [batch, 7, 7, 8]
      tf.layers.conv2d(layer(8, 1, 'ae_code')), // [batch, 7, 7, 8]
      tf.layers.conv2dTranspose(layer(16, 2, 'ae_up1')), // [batch, 14, 14, 16]
      tf.layers.conv2dTranspose(layer(1, 2, 'ae_output', { activation: 'sigmoid' })), // [batch, 28, 28, 1]
    ],
  });
}

/**
 * The fourth seed project's design as it describes it ("3 convolutional, 2 max pooling, 2 upscaling and 2 transposed
 * convolutional layers"); it gives no filter counts, so these follow the U-Net's 32/64 and the same 3×3 ReLU layers:
 * convolution and 2×2 max pooling twice down to [7, 7, 64], then twice 2× upsampling and a transposed convolution,
 * and a sigmoid convolution to one channel. 74,497 weights.
 */
function pooling(seed: number | undefined, imageShape: [number, number, number]): LayersModel {
  const init = seededInitializers(seed);
  const relu = { kernelSize: 3, padding: 'same' as const, activation: 'relu' as const };
  return tf.sequential({
    name: 'autoencoder',
    layers: [
      tf.layers.conv2d({ ...relu, filters: 32, kernelInitializer: init(), inputShape: imageShape, name: 'ae_conv1' }), // [batch, 28, 28, 32]
      tf.layers.maxPooling2d({ poolSize: 2, name: 'ae_pool1' }), // [batch, 14, 14, 32]
      tf.layers.conv2d({ ...relu, filters: 64, kernelInitializer: init(), name: 'ae_conv2' }), // [batch, 14, 14, 64]
      tf.layers.maxPooling2d({ poolSize: 2, name: 'ae_pool2' }), // [batch, 7, 7, 64]
      tf.layers.upSampling2d({ size: [2, 2], name: 'ae_up1' }), // [batch, 14, 14, 64]
      tf.layers.conv2dTranspose({ ...relu, filters: 64, kernelInitializer: init(), name: 'ae_deconv1' }), // [batch, 14, 14, 64]
      tf.layers.upSampling2d({ size: [2, 2], name: 'ae_up2' }), // [batch, 28, 28, 64]
      tf.layers.conv2dTranspose({ ...relu, filters: 32, kernelInitializer: init(), name: 'ae_deconv2' }), // [batch, 28, 28, 32]
      tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid', kernelInitializer: init(), name: 'ae_output' }), // [batch, 28, 28, 1]
    ],
  });
}
