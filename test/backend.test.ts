import assert from 'node:assert/strict';
import { assertNativeBackend, tf } from '../lib/tf';

describe('native backend', () => {
  it('runs a convolution on libtensorflow, not the pure-JS fallback', () => {
    const found = assertNativeBackend();
    assert.equal(found.backend, 'tensorflow');
    assert.equal(tf.getBackend(), 'tensorflow');
    assert.match(found.tensorflowVersion, /^\d+\.\d+/);
  });
});
