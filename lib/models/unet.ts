// The U-Net autoencoders: our default design, which outputs the clean image, and its residual twin, which outputs
// the noise to take away from its input (DnCNN's residual learning), the blind preset's design.
import { tf, type LayersModel } from '../tf';
import { seededInitializers } from './seeded';

type Symbolic = ReturnType<typeof tf.input>;

const on = (layer: { apply: (x: Symbolic | Symbolic[]) => unknown }, x: Symbolic | Symbolic[]) => layer.apply(x) as Symbolic;

/**
 * A small U-Net: two stride-2 stages down, two transposed-conv stages up, each up stage concatenated with the
 * encoder map of the same size, the last one with the noisy input itself, so edges need not pass the 7×7 bottleneck.
 * Measured on the full dataset (docs/default-preset-design.md): 24.3 dB after 20 epochs (109,153 weights), against
 * 23.5 dB for the plain encoder–decoder of the reference projects.
 */
export function unet(seed: number | undefined, imageShape: [number, number, number]): LayersModel {
  const init = seededInitializers(seed);
  const { image, features } = unetLayers(init, imageShape);
  const output = on(
    tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid', kernelInitializer: init(), name: 'ae_output' }),
    features,
  ); // [batch, 28, 28, 1]
  return tf.model({ name: 'autoencoder', inputs: image, outputs: output });
}

/**
 * The same layers, but the last convolution is linear and its output is added to the noisy input, then clipped to
 * [0, 1] by a ReLU capped at 1: the network predicts minus the noise. On a 10,000-image subset trained on every noise
 * type it scored 1.2–3.0 dB above the image-predicting U-Net in every cell of the grid (docs/blind-denoising.md). 109,153 weights.
 */
export function residualUnet(seed: number | undefined, imageShape: [number, number, number]): LayersModel {
  const init = seededInitializers(seed);
  const { image, features } = unetLayers(init, imageShape);
  const correction = on(tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', kernelInitializer: init(), name: 'ae_correction' }), features); // [batch, 28, 28, 1]
  const output = on(tf.layers.reLU({ maxValue: 1, name: 'ae_output' }), on(tf.layers.add({ name: 'ae_residual' }), [image, correction])); // [batch, 28, 28, 1]
  return tf.model({ name: 'autoencoder', inputs: image, outputs: output });
}

/** Input to the last [batch, 28, 28, 16] feature map; layers take their initializers from `init` in a fixed order. */
function unetLayers(init: ReturnType<typeof seededInitializers>, imageShape: [number, number, number]): { image: Symbolic; features: Symbolic } {
  const conv = (filters: number, strides: number, name: string) =>
    tf.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', activation: 'relu', kernelInitializer: init(), name });
  const up = (filters: number, name: string) =>
    tf.layers.conv2dTranspose({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(), name });
  const concat = (a: Symbolic, b: Symbolic, name: string) => on(tf.layers.concatenate({ name }), [a, b]);

  const image = tf.input({ shape: imageShape, name: 'ae_input' }); // [batch, 28, 28, 1]
  const down1 = on(conv(32, 1, 'ae_down1b'), on(conv(32, 2, 'ae_down1a'), image)); // [batch, 14, 14, 32]
  const down2 = on(conv(64, 1, 'ae_down2b'), on(conv(64, 2, 'ae_down2a'), down1)); // [batch, 7, 7, 64]
  const up1 = concat(on(up(32, 'ae_up1'), down2), down1, 'ae_skip1'); // [batch, 14, 14, 64]
  const merged1 = on(conv(32, 1, 'ae_merge1'), up1); // [batch, 14, 14, 32]
  const up2 = concat(on(up(16, 'ae_up2'), merged1), image, 'ae_skip2'); // [batch, 28, 28, 17]
  const features = on(conv(16, 1, 'ae_merge2'), up2); // [batch, 28, 28, 16]
  return { image, features };
}
