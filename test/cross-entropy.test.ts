// Keras's binary cross-entropy of images, against values computed by hand.
import { strict as assert } from 'node:assert';
import { binaryCrossentropy, KERAS_EPSILON } from '../lib/metrics/index';
import { tf, type Tensor4D } from '../lib/tf';

const image = (values: number[]): Tensor4D => tf.tensor4d(values, [1, 2, 2, 1]);

describe("metrics: Keras's binary cross-entropy", () => {
  it('averages −(y·log p + (1 − y)·log(1 − p)) over the pixels, with p clipped to [1e-7, 1 − 1e-7]', () => {
    const target = image([0, 1, 0.5, 0.25]);
    const predicted = image([0, 1, 0.5, 0.75]);
    // 0 and 1 are clipped, costing about 1e-7 each; 0.5 vs 0.5: ln 2; 0.25 vs 0.75: −(0.25·ln 0.75 + 0.75·ln 0.25).
    const expected = (2 * 1e-7 + Math.LN2 + -(0.25 * Math.log(0.75) + 0.75 * Math.log(0.25))) / 4;
    const scores = binaryCrossentropy(target, predicted);
    assert.ok(Math.abs(scores.mean - expected) < 1e-6, `${scores.mean} vs ${expected}`);
    tf.dispose([target, predicted]);
  });

  it('stays finite where a prediction is certain and wrong: about −ln(1e-7) per pixel, not Infinity', () => {
    const target = image([1, 1, 0, 0]);
    const predicted = image([0, 0, 1, 1]);
    const { mean } = binaryCrossentropy(target, predicted);
    // In float32, as Keras computes: 0 is clipped to 1e-7 (16.118 per pixel), and 1 to 1 − 1.19e-7 (15.942).
    const lowClip = -Math.log(Math.fround(KERAS_EPSILON));
    const highClip = -Math.log(1 - Math.fround(1 - KERAS_EPSILON));
    assert.ok(Math.abs(mean - (lowClip + highClip) / 2) < 1e-4, `${mean} vs ${(lowClip + highClip) / 2}`);
    tf.dispose([target, predicted]);
  });

  it('gives one score per image, the mean over images equal to the mean over all pixels', () => {
    const target = tf.tensor4d([0.2, 0.4, 0.6, 0.8, 0.1, 0.3, 0.5, 0.7], [2, 2, 2, 1]);
    const predicted = tf.tensor4d([0.3, 0.3, 0.7, 0.7, 0.2, 0.2, 0.4, 0.9], [2, 2, 2, 1]);
    const scores = binaryCrossentropy(target, predicted, { batchSize: 1 });
    const y = target.dataSync();
    const p = predicted.dataSync();
    const perPixel = Array.from(y, (value, i) => -(value * Math.log(p[i]!) + (1 - value) * Math.log(1 - p[i]!)));
    assert.equal(scores.perImage.length, 2);
    assert.ok(Math.abs(scores.mean - perPixel.reduce((a, b) => a + b) / perPixel.length) < 1e-6);
    assert.ok(Math.abs(scores.perImage[1]! - perPixel.slice(4).reduce((a, b) => a + b) / 4) < 1e-6);
    tf.dispose([target, predicted]);
  });
});
