import assert from 'node:assert/strict';
import { dropoutMultipliers } from '../lib/models/dropout-multipliers';
import { SeededDropout } from '../lib/models/seeded-dropout';
import { tf, type Tensor } from '../lib/tf';

function bits(values: ArrayLike<number>): number[] {
  return Array.from(new Uint32Array(Float32Array.from(values).buffer));
}

describe('dropoutMultipliers', () => {
  it('are the multipliers of tfjs\'s seeded tf.dropout, to the bit', () => {
    for (const [seed, count, rate] of [['42/cls_dropout1:0', 401_408, 0.4], ['7:123', 1000, 0.5], ['a', 1, 0.1], ['', 777, 0.999], ['s:9', 4096, 1e-9]] as const) {
      const ones = tf.ones([count]);
      const dropped = tf.dropout(ones, rate, undefined, seed);
      assert.deepEqual(bits(dropoutMultipliers(seed, count, rate)), bits(dropped.dataSync()), `seed '${seed}', ${count} values, rate ${rate}`);
      tf.dispose([ones, dropped]);
    }
  });

  it('make SeededDropout give what tf.dropout gives for the step\'s seed', () => {
    const layer = new SeededDropout({ rate: 0.4, seed: '3/cls_dropout2' });
    const x = tf.randomNormal([128, 256], 0, 1, 'float32', 1);
    for (let step = 0; step < 3; step++) {
      const out = layer.apply(x, { training: true }) as Tensor;
      const expected = tf.dropout(x, 0.4, undefined, `3/cls_dropout2:${step}`);
      assert.deepEqual(bits(out.dataSync()), bits(expected.dataSync()), `step ${step}`);
      tf.dispose([out, expected]);
    }
    x.dispose();
  });
});
