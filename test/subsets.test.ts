import assert from 'node:assert/strict';
import { classCounts, firstOfEachClass, gatherImages, holdOut, holdOutForEarlyStopping } from '../lib/data/subsets';
import { ConfigError } from '../lib/errors';
import { tf, type Tensor4D } from '../lib/tf';

function split(count: number) {
  // Image i is filled with the value i, so which image went where can be read back.
  const images = tf.tidy(() => tf.range(0, count).reshape([count, 1, 1, 1]).tile([1, 28, 28, 1])) as Tensor4D;
  return { images, labels: Int32Array.from({ length: count }, (_, i) => (i * 3) % 10) };
}

describe('subsets', () => {
  it('holds out the last fraction for validation, as Keras validation_split does', () => {
    const whole = split(10);
    const { train, validation } = holdOut(whole, 0.2);
    assert.equal(train.labels.length, 8);
    assert.deepEqual([...validation.labels], [4, 7]);
    assert.deepEqual([...(validation.images.slice([0, 0, 0, 0], [2, 1, 1, 1]).dataSync())], [8, 9]);
    tf.dispose([whole.images, train.images, validation.images]);
  });

  it('holds out for early stopping only: with patience 0 every image trains and nothing is held out', () => {
    const whole = split(10);
    const stopping = holdOutForEarlyStopping(whole, 0.2, 3);
    assert.deepEqual([stopping.train.labels.length, stopping.validation?.labels.length], [8, 2]);
    const fixed = holdOutForEarlyStopping(whole, 0.2, 0);
    assert.equal(fixed.validation, undefined);
    assert.deepEqual([...fixed.train.labels], [...whole.labels]);
    assert.deepEqual([...fixed.train.images.slice([0, 0, 0, 0], [10, 1, 1, 1]).dataSync()], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    whole.images.dispose();
    assert.equal(fixed.train.images.isDisposed, false, 'the returned images are its own, not the input');
    tf.dispose([stopping.train.images, stopping.validation!.images, fixed.train.images]);
  });

  it('refuses a fraction that leaves either side empty', () => {
    const whole = split(3);
    assert.throws(() => holdOut(whole, 0.1), ConfigError);
    assert.throws(() => holdOut(whole, 1), /data\.validationSplit = 1/);
    whole.images.dispose();
  });

  it('counts classes and finds the first example of each', () => {
    const labels = Int32Array.from([3, 1, 3, 0, 9, 1, 2, 4, 5, 6, 7, 8]);
    assert.deepEqual(classCounts(labels), [1, 2, 1, 2, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(firstOfEachClass(labels), [3, 1, 6, 0, 7, 8, 9, 10, 11, 4]);
    assert.deepEqual(firstOfEachClass(labels, 2), [3, 1, 5, 6, 0, 2, 7, 8, 9, 10, 11, 4]);
  });

  it('gathers images by index without leaking tensors', () => {
    const whole = split(6);
    const before = tf.memory().numTensors;
    const picked = gatherImages(whole.images, [5, 0]);
    assert.equal(tf.memory().numTensors, before + 1);
    assert.deepEqual([...picked.slice([0, 0, 0, 0], [2, 1, 1, 1]).dataSync()], [5, 0]);
    tf.dispose([whole.images, picked]);
  });
});
