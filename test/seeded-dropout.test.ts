import assert from 'node:assert/strict';
import { buildClassifier, labelTensor } from '../lib/models/classifier';
import { SeededDropout } from '../lib/models/seeded-dropout';
import { tf, type Tensor } from '../lib/tf';
import { trainModel } from '../lib/training/train';
import { disposeModel } from './helpers/models';

const SIZE = 2000;

function masks(layer: SeededDropout, steps: number): number[][] {
  const ones = tf.ones([1, SIZE]);
  const drawn = Array.from({ length: steps }, () => {
    const out = layer.apply(ones, { training: true }) as Tensor;
    const values = Array.from(out.dataSync());
    out.dispose();
    return values;
  });
  ones.dispose();
  return drawn;
}

describe('SeededDropout', () => {
  it('zeroes about `rate` of the inputs in training and scales the rest by 1 / (1 − rate), as Keras does', () => {
    const [mask] = masks(new SeededDropout({ rate: 0.4, seed: 'a' }), 1);
    const kept = mask!.filter((v) => v !== 0);
    assert.ok(kept.every((v) => Math.abs(v - 1 / 0.6) < 1e-6), 'kept values are not scaled by 1 / 0.6');
    assert.ok(Math.abs(1 - kept.length / SIZE - 0.4) < 0.05, `dropped ${1 - kept.length / SIZE}, expected about 0.4`);
  });

  it('draws a new mask every step, and the same sequence of masks for the same seed', () => {
    const first = masks(new SeededDropout({ rate: 0.5, seed: '7/cls_dropout1' }), 3);
    const again = masks(new SeededDropout({ rate: 0.5, seed: '7/cls_dropout1' }), 3);
    const other = masks(new SeededDropout({ rate: 0.5, seed: '7/cls_dropout2' }), 1);
    assert.deepEqual(again, first);
    assert.notDeepEqual(first[1], first[0]);
    assert.notDeepEqual(other[0], first[0]);
  });

  it('passes inputs through unchanged outside training', () => {
    const x = tf.tensor2d([[1, 2, 3]]);
    const out = new SeededDropout({ rate: 0.5, seed: 's' }).apply(x) as Tensor;
    assert.deepEqual(Array.from(out.dataSync()), [1, 2, 3]);
    tf.dispose([x, out]);
  });

  it('refuses a rate outside [0, 1), naming it', () => {
    assert.throws(() => new SeededDropout({ rate: 1 }), /dropout rate must be in \[0, 1\), got 1/);
    assert.throws(() => new SeededDropout({ rate: Number.NaN }), /got NaN/);
  });

  it('round-trips through its config, seed included', () => {
    const layer = new SeededDropout({ rate: 0.3, seed: '3/x', name: 'drop' });
    const config = layer.getConfig();
    assert.equal(config.rate, 0.3);
    assert.equal(config.seed, '3/x');
    const copy = new SeededDropout(config as unknown as { rate: number; seed: string; name: string });
    assert.deepEqual(masks(copy, 2), masks(layer, 2));
  });

  it('makes the default classifier train to the same loss curve twice with the same seeds', async () => {
    const x = tf.randomUniform([256, 28, 28, 1], 0, 1, 'float32', 3);
    const y = labelTensor(Int32Array.from({ length: 256 }, (_, i) => i % 10));
    const curve = async () => {
      const model = buildClassifier({ architecture: 'cnn', seed: 4 });
      try {
        return (await trainModel(model, { x, y, epochs: 2, batchSize: 64, seed: 1 })).loss;
      } finally {
        disposeModel(model);
      }
    };
    try {
      assert.deepEqual(await curve(), await curve());
    } finally {
      tf.dispose([x, y]);
    }
  });
});
