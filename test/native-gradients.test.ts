import assert from 'node:assert/strict';
import { buildAutoencoder } from '../lib/models/autoencoder';
import { registerNativeReluGradient } from '../lib/native/relu-gradient';
import { tf, type Tensor } from '../lib/tf';
import { trainModel } from '../lib/train';
import { registerTfjsReluGradient } from '../tools/bench/relu-grad';
import { disposeModel } from './helpers/models';

async function autoencoderLosses(): Promise<number[]> {
  const clean = tf.randomUniform([96, 28, 28, 1], 0, 1, 'float32', 7);
  const noisy = tf.tidy(() => clean.add(tf.randomUniform([96, 28, 28, 1], 0, 0.6, 'float32', 8)).clipByValue(0, 1));
  const model = buildAutoencoder({ architecture: 'unet', seed: 3 });
  try {
    const history = await trainModel(model, { x: noisy, y: clean, epochs: 3, batchSize: 32, seed: 5 });
    return history.loss;
  } finally {
    disposeModel(model);
    tf.dispose([clean, noisy]);
  }
}

describe('native ReLU gradient', () => {
  afterEach(() => registerNativeReluGradient(tf));

  it('passes dy where x > 0 and 0 elsewhere, including at x = 0', () => {
    const x = tf.tensor1d([-2, -0.5, 0, 1e-7, 0.5, 3]);
    const dy = tf.tensor1d([10, 20, 30, 40, 50, 60]);
    const [gradient] = tf.grads((input: Tensor) => tf.relu(input))([x], dy);
    assert.deepEqual(Array.from(gradient!.dataSync()), [0, 0, 0, 40, 50, 60]);
    tf.dispose([x, dy, gradient!]);
  });

  it('trains the default autoencoder to the same loss curve as tfjs\'s own ReLU gradient', async () => {
    const native = await autoencoderLosses();
    registerTfjsReluGradient();
    const tfjs = await autoencoderLosses();
    assert.equal(native.length, 3);
    // Both gradients produce the same floats, so equal seeds give the same curve up to TensorFlow's own run-to-run noise.
    native.forEach((loss, epoch) => assert.ok(Math.abs(loss - tfjs[epoch]!) <= 1e-6 * tfjs[epoch]!, `epoch ${epoch + 1}: ${loss} vs ${tfjs[epoch]}`));
    assert.ok(native[2]! < native[0]!, `the loss should fall: ${native.join(', ')}`);
  });
});
