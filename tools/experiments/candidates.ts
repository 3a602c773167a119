// Candidate architectures weighed for the default preset (docs/default-preset-design.md); the winners live in lib/models.
import { NUM_CLASSES } from '../../lib/data/fashion-mnist';
import { buildAutoencoder } from '../../lib/models/autoencoder';
import { buildClassifier } from '../../lib/models/classifier';
import { IMAGE_SHAPE } from '../../lib/models/options';
import { tf, type LayersModel } from '../../lib/tf';

type Symbolic = ReturnType<typeof tf.input>;
type Layer = { apply: (x: Symbolic | Symbolic[]) => unknown };

const conv = (filters: number, strides = 1, activation: 'relu' | 'sigmoid' = 'relu') =>
  tf.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', activation });
const up = (filters: number) => tf.layers.conv2dTranspose({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' });
const pool = () => tf.layers.maxPooling2d({ poolSize: 2 });
const on = (layer: Layer, x: Symbolic | Symbolic[]) => layer.apply(x) as Symbolic;
const concat = (a: Symbolic, b: Symbolic) => on(tf.layers.concatenate(), [a, b]);

function functional(build: (image: Symbolic) => Symbolic): LayersModel {
  const image = tf.input({ shape: IMAGE_SHAPE });
  return tf.model({ inputs: image, outputs: build(image) });
}

function sequential(layers: Layer[]): LayersModel {
  return tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: IMAGE_SHAPE }), ...(layers as never[])] });
}

const head = (units: number, dropout: number): Layer[] => [
  tf.layers.flatten(),
  tf.layers.dropout({ rate: dropout }),
  tf.layers.dense({ units, activation: 'relu' }),
  tf.layers.dropout({ rate: dropout }),
  tf.layers.dense({ units: NUM_CLASSES, activation: 'softmax' }),
];

/** Uncompiled classifier candidates by name; 'lib' is whatever lib/models/classifier builds now. */
export const CLASSIFIERS: Record<string, () => LayersModel> = {
  plain: () => sequential([conv(32), pool(), conv(64), pool(), ...head(128, 0.3)]),
  doubleSmall: () => sequential([conv(32), pool(), conv(64), conv(64), pool(), ...head(256, 0.4)]),
  double: () => sequential([conv(32), conv(32), pool(), conv(64), conv(64), pool(), ...head(256, 0.4)]),
  lib: () => buildClassifier(),
};

/** Uncompiled autoencoder candidates by name; 'lib' is whatever lib/models/autoencoder builds now. */
export const AUTOENCODERS: Record<string, () => LayersModel> = {
  plain: () => functional((x) => on(conv(1, 1, 'sigmoid'), on(up(32), on(up(64), on(conv(64, 2), on(conv(32, 2), x)))))),
  unetLite: () =>
    functional((x) => {
      const down1 = on(conv(32, 2), x); // [batch, 14, 14, 32]
      const down2 = on(conv(64, 2), down1); // [batch, 7, 7, 64]
      const up1 = concat(on(up(32), down2), down1); // [batch, 14, 14, 64]
      const up2 = concat(on(up(32), up1), x); // [batch, 28, 28, 33]
      return on(conv(1, 1, 'sigmoid'), up2);
    }),
  unetLite2: () =>
    functional((x) => {
      const down1 = on(conv(32), on(conv(32, 2), x)); // [batch, 14, 14, 32]
      const down2 = on(conv(64), on(conv(64, 2), down1)); // [batch, 7, 7, 64]
      const up1 = on(conv(32), concat(on(up(32), down2), down1)); // [batch, 14, 14, 32]
      const up2 = concat(on(up(16), up1), x); // [batch, 28, 28, 17]
      return on(conv(1, 1, 'sigmoid'), on(conv(16), up2));
    }),
  lib: () => buildAutoencoder(),
};

/** Candidate `name` of `kind`, compiled with Adam at `learningRate` and `loss`. */
export function buildCandidate(kind: 'classifier' | 'autoencoder', name: string, loss: string, learningRate: number): LayersModel {
  const build = (kind === 'classifier' ? CLASSIFIERS : AUTOENCODERS)[name];
  if (build === undefined) throw new Error(`unknown ${kind} '${name}'; known: ${Object.keys(kind === 'classifier' ? CLASSIFIERS : AUTOENCODERS)}`);
  const model = build();
  const metrics = kind === 'classifier' ? ['accuracy'] : [];
  model.compile({ optimizer: tf.train.adam(learningRate), loss, metrics });
  return model;
}
