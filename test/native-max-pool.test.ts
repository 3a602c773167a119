import assert from 'node:assert/strict';
import { buildClassifier, labelTensor } from '../lib/models/classifier';
import { registerWorkspaceMaxPool, WORKSPACE_MAX_POOL_OPS } from '../lib/native/max-pool';
import { nativeKernelUndo, tf, type Tensor, type Tensor4D } from '../lib/tf';
import { trainModel } from '../lib/training/train';
import { disposeModel } from './helpers/models';
import { withPerturbedOp } from './helpers/perturbed-op';

function bits(tensor: Tensor): number[] {
  return Array.from(new Uint32Array(Float32Array.from(tensor.dataSync()).buffer));
}

/** ReLU outputs: a third are exact zeros, and the rest come in few levels, so windows hold ties as in training. */
function reluLike(shape: [number, number, number, number], seed: number): Tensor4D {
  return tf.tidy(() => tf.randomUniform(shape, -1, 2, 'float32', seed).mul(4).round().div(4).relu()) as Tensor4D;
}

function poolAndGradient(x: Tensor4D, dy: Tensor4D, pad: 'valid' | 'same'): [Tensor, Tensor] {
  const pool = (input: Tensor) => tf.maxPool(input as Tensor4D, 2, 2, pad);
  const { value, grads } = tf.valueAndGrads(pool)([x], dy);
  return [value, grads[0]!];
}

describe('max pooling with oneDNN\'s workspace', () => {
  it('gives the same output and gradient as MaxPool and MaxPoolGrad, to the bit, ties included', () => {
    for (const [shape, pad] of [[[8, 28, 28, 32], 'valid'], [[4, 7, 7, 64], 'same'], [[2, 5, 5, 3], 'valid']] as const) {
      const x = reluLike([...shape], 1);
      const output = tf.maxPool(x, 2, 2, pad);
      const dy = tf.randomNormal(output.shape, 0, 1, 'float32', 2) as Tensor4D;
      const [y, gradient] = poolAndGradient(x, dy, pad);
      const expected = tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output }, { filterSize: 2, strides: 2, pad }) as Tensor;
      assert.deepEqual(bits(y), bits(output), `output ${shape} ${pad}`);
      assert.deepEqual(bits(gradient), bits(expected), `gradient ${shape} ${pad}`);
      tf.dispose([x, output, dy, y, gradient, expected]);
    }
  });

  it('leaves no tensor behind, with or without a gradient taken', () => {
    const x = reluLike([4, 8, 8, 2], 3);
    const dy = tf.ones([4, 4, 4, 2]) as Tensor4D;
    poolAndGradient(x, dy, 'valid').forEach((tensor) => tensor.dispose()); // first use: kernels set up
    const before = tf.memory().numTensors;
    poolAndGradient(x, dy, 'valid').forEach((tensor) => tensor.dispose());
    assert.equal(tf.memory().numTensors, before, 'after a gradient');
    // The pooling does not lead to the result: its tape entry is dropped, and so, at the next pooling, its workspace.
    const { value, grads } = tf.valueAndGrads((input: Tensor) => tf.tidy(() => { tf.maxPool(input as Tensor4D, 2, 2, 'valid'); return input.sum(); }))([x]);
    tf.dispose([value, ...grads]);
    poolAndGradient(x, dy, 'valid').forEach((tensor) => tensor.dispose());
    assert.equal(tf.memory().numTensors, before, 'after a pooling that no gradient reached');
    tf.dispose([x, dy]);
  });

  it('trains the classifier to the same loss curve as tfjs\'s own max pooling', async () => {
    const images = tf.randomUniform([96, 28, 28, 1], 0, 1, 'float32', 4);
    const labels = labelTensor(Int32Array.from({ length: 96 }, (_, i) => (i * 7) % 10));
    const losses = async () => {
      const model = buildClassifier({ architecture: 'cnn', seed: 2 });
      try {
        return (await trainModel(model, { x: images, y: labels, epochs: 2, batchSize: 32, seed: 3 })).loss;
      } finally {
        disposeModel(model);
      }
    };
    const workspace = await losses();
    nativeKernelUndo.maxPool!();
    try {
      assert.deepEqual(await losses(), workspace);
    } finally {
      registerWorkspaceMaxPool(tf);
      tf.dispose([images, labels]);
    }
  });

  it('keeps MaxPool and MaxPoolGrad, with one line saying so, when libtensorflow lacks the ops', () => {
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    const restore = registerWorkspaceMaxPool(tf, { forward: '_NoSuchMaxPool', backward: '_NoSuchMaxPoolGrad' }, (line) => lines.push(line));
    assert.equal(restore, undefined);
    assert.equal(tf.memory().numTensors, before, 'the failed probe left tensors behind');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /_NoSuchMaxPool and _NoSuchMaxPoolGrad failed in this libtensorflow .*using MaxPool and MaxPoolGrad instead/);
    const x = reluLike([2, 4, 4, 1], 5);
    const [y, gradient] = poolAndGradient(x, tf.ones([2, 2, 2, 1]) as Tensor4D, 'valid');
    assert.deepEqual(y.shape, [2, 2, 2, 1]);
    assert.equal(gradient.sum().dataSync()[0], 8);
    tf.dispose([x, y, gradient]);
  });

  it('keeps MaxPool and MaxPoolGrad, with one line saying what differed and by how much, when the ops give other values', () => {
    for (const [op, value] of [[WORKSPACE_MAX_POOL_OPS.forward, 'output'], [WORKSPACE_MAX_POOL_OPS.backward, 'gradient']] as const) {
      const lines: string[] = [];
      const inPlace = tf.getKernel('MaxPool', 'tensorflow')!.kernelFunc;
      const before = tf.memory().numTensors;
      const restore = withPerturbedOp(op, 0.5, () => registerWorkspaceMaxPool(tf, WORKSPACE_MAX_POOL_OPS, (line) => lines.push(line)));
      assert.equal(restore, undefined, `${op} + 0.5 was taken`);
      assert.equal(tf.getKernel('MaxPool', 'tensorflow')!.kernelFunc, inPlace, 'the refusal changed the kernel in place');
      assert.equal(tf.memory().numTensors, before, 'the refused probe left tensors behind');
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, new RegExp(`_MklNativeMaxPool and _MklNativeMaxPoolGrad differ from MaxPool and MaxPoolGrad on the probe input \\(valid ${value}: element \\d+ is -?[\\d.]+, expected -?[\\d.]+; largest difference 0\\.5\\); using MaxPool and MaxPoolGrad instead`));
    }
  });
});
