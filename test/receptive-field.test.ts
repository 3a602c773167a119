// receptiveReach against a measurement: change one input pixel and see how far away the output changes.
import assert from 'node:assert/strict';
import { ModelError } from '../lib/errors';
import { buildAutoencoder } from '../lib/models/autoencoder';
import { AUTOENCODER_ARCHITECTURES } from '../lib/models/names';
import { receptiveReach } from '../lib/models/receptive-field';
import { tf, type LayersModel, type Tensor4D } from '../lib/tf';
import { disposeModel } from './helpers/models';

const SIDE = 64;

/**
 * The farthest (rows or columns) that a change of one input pixel moved the output, over pixels at each offset of a
 * stride-4 grid: strided layers reach differently from different phases.
 */
function measuredReach(model: LayersModel): number {
  const channels = model.inputs[0]!.shape[3]!;
  const base = tf.randomUniform([1, SIDE, SIDE, channels], 0, 1, 'float32', 11) as Tensor4D;
  const before = (model.predict(base) as Tensor4D).arraySync()[0]!;
  let reach = 0;
  for (let phase = 0; phase < 4; phase++) {
    const at = SIDE / 2 + phase;
    const changed = tf.tidy(() => base.add(tf.oneHot(at * SIDE + at, SIDE * SIDE).reshape([1, SIDE, SIDE, 1]).tile([1, 1, 1, channels])));
    const after = (model.predict(changed) as Tensor4D).arraySync()[0]!;
    changed.dispose();
    after.forEach((row, r) => row.forEach((pixel, c) => {
      if (pixel.some((value, k) => value !== before[r]![c]![k])) reach = Math.max(reach, Math.abs(r - at), Math.abs(c - at));
    }));
  }
  base.dispose();
  return reach;
}

type Layer = LayersModel['layers'][number];

function sequential(layers: Layer[]): LayersModel {
  return tf.sequential({ layers });
}

describe('receptiveReach', function () {
  this.timeout(120_000);

  it('equals the measured reach of every convolutional autoencoder in the catalog; the dense one reads everything', () => {
    for (const architecture of AUTOENCODER_ARCHITECTURES) {
      const saved = buildAutoencoder({ architecture, seed: 5 });
      if (architecture === 'dense') {
        assert.equal(receptiveReach(saved), Infinity);
      } else {
        const model = buildAutoencoder({ architecture, seed: 5, imageShape: [SIDE, SIDE, 1] });
        model.setWeights(saved.getWeights());
        assert.equal(receptiveReach(saved), measuredReach(model), architecture);
        disposeModel(model);
      }
      disposeModel(saved);
    }
  });

  it('counts dilation, even kernels, average pooling and upsampling as a measurement does', () => {
    const input = { inputShape: [SIDE, SIDE, 1] };
    const models: Record<string, LayersModel> = {
      'dilated 3×3 at 2, then 5×5': sequential([
        tf.layers.conv2d({ ...input, filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same', biasInitializer: 'ones' }),
        tf.layers.conv2d({ filters: 1, kernelSize: 5, padding: 'same' }),
      ]),
      '4×4 stride 2, average pooling, two upsamplings': sequential([
        tf.layers.conv2d({ ...input, filters: 2, kernelSize: 4, strides: 2, padding: 'same' }),
        tf.layers.averagePooling2d({ poolSize: 2 }),
        tf.layers.upSampling2d({ size: [2, 2] }),
        tf.layers.upSampling2d({ size: [2, 2] }),
        tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same' }),
      ]),
    };
    for (const [name, model] of Object.entries(models)) {
      assert.equal(receptiveReach(model), measuredReach(model), name);
      model.dispose();
    }
  });

  it('a layer it has no rule for: a ModelError naming the layer and where to add the rule', () => {
    const model = sequential([tf.layers.cropping2D({ cropping: 1, inputShape: [8, 8, 1] })]);
    assert.throws(() => receptiveReach(model), (error: Error) => error instanceof ModelError && /is a Cropping2D.*lib\/models\/receptive-field\.ts/.test(error.message));
    model.dispose();
  });
});
