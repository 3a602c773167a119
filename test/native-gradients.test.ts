import assert from 'node:assert/strict';
import { buildAutoencoder } from '../lib/models/autoencoder';
import { registerNativeReluGradient, RELU_GRADIENT_OPS } from '../lib/native/relu-gradient';
import { nativeKernelUndo, tf, type Tensor } from '../lib/tf';
import { trainModel } from '../lib/training/train';
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

/** `run` with tfjs's own ReLU gradient in place of lib's, which is put back after. */
async function withTfjsGradient<T>(run: () => T | Promise<T>): Promise<T> {
  nativeKernelUndo.reluGradient!();
  try {
    return await run();
  } finally {
    registerNativeReluGradient(tf);
  }
}

/** Float32 bits, with every NaN as one value: tfjs and TensorFlow need not agree on a NaN's payload. */
function bits(tensor: Tensor): number[] {
  return Array.from(new Uint32Array(Float32Array.from(tensor.dataSync()).buffer), (word) => ((word & 0x7f800000) === 0x7f800000 && (word & 0x7fffff) !== 0 ? -1 : word));
}

describe('native ReLU gradient', () => {
  it('passes dy where x > 0 and 0 elsewhere, including at x = 0', () => {
    const x = tf.tensor1d([-2, -0.5, 0, 1e-7, 0.5, 3]);
    const dy = tf.tensor1d([10, 20, 30, 40, 50, 60]);
    const [gradient] = tf.grads((input: Tensor) => tf.relu(input))([x], dy);
    assert.deepEqual(Array.from(gradient!.dataSync()), [0, 0, 0, 40, 50, 60]);
    tf.dispose([x, dy, gradient!]);
  });

  it('gives tfjs\'s own gradient to the bit: NaN where x or dy is NaN, ±0, ±∞ and denormals as tfjs has them', async () => {
    const special = [NaN, NaN, NaN, -0, 0, -0, Infinity, -Infinity, 1e-40, -1e-40, -1, 2];
    const specialDy = [1, 0, -1, -1, -1, 1, -1, -1, 1, -1, Infinity, NaN];
    const x = tf.concat([tf.randomNormal([4096], 0, 1, 'float32', 1), tf.tensor1d(special)]);
    const dy = tf.concat([tf.randomNormal([4096], 0, 1, 'float32', 2), tf.tensor1d(specialDy)]);
    const gradient = (input: Tensor) => tf.grads((value: Tensor) => tf.relu(value))([input], dy)[0]!;
    const ours = gradient(x);
    const tfjs = await withTfjsGradient(() => gradient(x));
    assert.deepEqual(bits(ours).slice(4096), bits(tfjs).slice(4096), `x ${special} dy ${specialDy}`);
    assert.deepEqual(bits(ours), bits(tfjs));
    assert.ok(Number.isNaN(ours.dataSync()[4096]), 'a NaN input with dy = 1 must give NaN, as tfjs\'s dy · step(x) does');
    tf.dispose([x, dy, ours, tfjs]);
  });

  it('keeps tfjs\'s gradient, with one line saying what differed and by how much, when the ops give other values', () => {
    const lines: string[] = [];
    const inPlace = tf.getGradient('Relu')!.gradFunc;
    const before = tf.memory().numTensors;
    // Softsign(y) = y / (1 + |y|) instead of sign(y): runs, but is not the gradient.
    assert.equal(registerNativeReluGradient(tf, { ...RELU_GRADIENT_OPS, sign: 'Softsign' }, (line) => lines.push(line)), undefined);
    assert.equal(tf.getGradient('Relu')!.gradFunc, inPlace, 'the refusal changed the gradient in place');
    assert.equal(tf.memory().numTensors, before, 'the refused probe left tensors behind');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /Softsign and Mul differ from tfjs's ReLU gradient on the probe input \(gradient: element \d+ is [^,]+, expected [^;]+; largest difference [^)]+\); using tfjs's ReLU gradient instead/);
  });

  it('trains the default autoencoder to the same loss curve as tfjs\'s own ReLU gradient', async () => {
    const native = await autoencoderLosses();
    const tfjs = await withTfjsGradient(autoencoderLosses);
    assert.equal(native.length, 3);
    assert.deepEqual(native, tfjs);
    assert.ok(native[2]! < native[0]!, `the loss should fall: ${native.join(', ')}`);
  });
});
