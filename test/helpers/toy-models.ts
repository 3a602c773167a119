// Hand-built models whose answers are known: a pixel-wise autoencoder and a brightness classifier, with their images.
import { tf, type LayersModel, type Tensor4D } from '../../lib/tf';

/** Mean brightness above this is class 0 ("bright"), below it class 1 ("dark"). */
export const THRESHOLD = 0.45;
export const DARK = 0.1;
export const BRIGHT = 0.9;

/** A 1×1 convolution out = weight·x + bias: weight 1, bias 0 is the identity; weight 0 outputs `bias` everywhere. */
export function pixelwiseAutoencoder(weight: number, bias: number): LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 1,
        kernelSize: 1,
        kernelInitializer: tf.initializers.constant({ value: weight }),
        biasInitializer: tf.initializers.constant({ value: bias }),
      }),
    ],
  });
}

/** Scores [m - THRESHOLD, THRESHOLD - m] for the mean brightness m: class 0 when bright, 1 when dark. */
export function brightnessClassifier(): LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.globalAveragePooling2d({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 2 })],
  });
  model.layers[1]!.setWeights([tf.tensor2d([[1, -1]]), tf.tensor1d([-THRESHOLD, THRESHOLD])]);
  return model;
}

/** Images of constant brightness: `dark` of them at DARK (label 1), `bright` at BRIGHT (label 0). */
export function darkAndBright(dark: number, bright: number): { images: Tensor4D; labels: Int32Array } {
  const levels = [...new Array<number>(dark).fill(DARK), ...new Array<number>(bright).fill(BRIGHT)];
  const images = tf.tidy(() => tf.tensor1d(levels).reshape([levels.length, 1, 1, 1]).tile([1, 28, 28, 1])) as Tensor4D;
  return { images, labels: Int32Array.from(levels, (level) => (level === DARK ? 1 : 0)) };
}
