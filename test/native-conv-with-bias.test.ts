import assert from 'node:assert/strict';
import { buildAutoencoder } from '../lib/models/autoencoder';
import { CONV_WITH_BIAS_OP, conv2dPrototype, registerConvWithBias } from '../lib/native/conv-with-bias';
import { activeNativeReplacements, nativeKernelUndo, tf, type Tensor, type Tensor4D } from '../lib/tf';
import { trainModel } from '../lib/training/train';
import { disposeModel } from './helpers/models';
import { withPerturbedOp } from './helpers/perturbed-op';

function bits(tensor: Tensor): number[] {
  return Array.from(new Uint32Array(Float32Array.from(tensor.dataSync()).buffer));
}

/** Output and every gradient of one biased convolution layer with `activation`, under a gradient tape. */
function layerValues(layer: ReturnType<typeof tf.layers.conv2d>, x: Tensor4D): Tensor[] {
  const weights = layer.trainableWeights.map((weight) => weight.read() as ReturnType<typeof tf.variable>);
  const { value, grads } = tf.variableGrads(() => (layer.apply(x) as Tensor).square().mean() as ReturnType<typeof tf.scalar>, weights);
  const inputGradient = tf.grad((input: Tensor) => (layer.apply(input) as Tensor).sum())(x);
  return [tf.tidy(() => layer.apply(x) as Tensor), value, ...weights.map((weight) => grads[weight.name]!), inputGradient];
}

describe('convolution with its bias in one kernel', () => {
  it('gives the same outputs and gradients as Conv2D and Add, to the bit', () => {
    const cases = [
      { filters: 32, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', shape: [8, 28, 28, 1] },
      { filters: 64, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', shape: [8, 14, 14, 32] },
      { filters: 1, kernelSize: 3, strides: 1, padding: 'same', activation: 'sigmoid', shape: [8, 28, 28, 16] },
      { filters: 5, kernelSize: 2, strides: 1, padding: 'valid', activation: 'linear', shape: [3, 7, 7, 4] },
    ] as const;
    for (const [i, { shape, ...config }] of cases.entries()) {
      const layer = tf.layers.conv2d({ ...config, biasInitializer: 'randomNormal' });
      const x = tf.randomNormal([...shape], 0, 1, 'float32', i) as Tensor4D;
      layer.build(x.shape);
      const fused = layerValues(layer, x);
      nativeKernelUndo.convWithBias!();
      let standard: Tensor[];
      try {
        standard = layerValues(layer, x);
      } finally {
        registerConvWithBias(tf);
      }
      fused.forEach((tensor, j) => assert.deepEqual(bits(tensor), bits(standard[j]!), `${JSON.stringify(config)}: value ${j}`));
      tf.dispose([x, ...fused, ...standard]);
      tf.dispose(layer.getWeights());
    }
  });

  it('trains the U-Net to the same loss curve as Conv2D and Add, without leaving tensors behind', async () => {
    const clean = tf.randomUniform([64, 28, 28, 1], 0, 1, 'float32', 7);
    const noisy = tf.tidy(() => clean.add(tf.randomUniform([64, 28, 28, 1], 0, 0.6, 'float32', 8)).clipByValue(0, 1));
    const losses = async () => {
      const model = buildAutoencoder({ architecture: 'unet', seed: 3 });
      try {
        const before = tf.memory().numTensors;
        const history = await trainModel(model, { x: noisy, y: clean, epochs: 2, batchSize: 32, seed: 5 });
        assert.equal(tf.memory().numTensors, before + 2 * model.trainableWeights.length, 'only the optimizer\'s two moments per weight stay');
        return history.loss;
      } finally {
        disposeModel(model);
      }
    };
    const fused = await losses();
    nativeKernelUndo.convWithBias!();
    try {
      assert.deepEqual(await losses(), fused);
    } finally {
      registerConvWithBias(tf);
      tf.dispose([clean, noisy]);
    }
  });

  it('takes no gradient for a first layer\'s input, which tfjs\'s Conv2D did not either', async () => {
    const layer = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' });
    const x = tf.randomNormal([4, 12, 12, 1]) as Tensor4D;
    layer.build(x.shape);
    const weights = layer.trainableWeights.map((weight) => weight.read() as ReturnType<typeof tf.variable>);
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => (layer.apply(x) as Tensor).mean() as ReturnType<typeof tf.scalar>, weights);
      tf.dispose([value, ...Object.values(grads)]);
    });
    const kernels = profile.kernels.map((kernel) => kernel.name);
    assert.ok(kernels.includes('Conv2DBackpropFilter'), kernels.join(', '));
    assert.ok(!kernels.includes('Conv2DBackpropInput'), kernels.join(', '));
    tf.dispose([x, ...layer.getWeights()]);
  });

  it('keeps Conv2D and Add, with one line saying so, when libtensorflow lacks the op', () => {
    const lines: string[] = [];
    const before = tf.memory().numTensors;
    assert.equal(registerConvWithBias(tf, '_NoSuchConv2DWithBias', (line) => lines.push(line)), undefined);
    assert.equal(tf.memory().numTensors, before, 'the failed probe left tensors behind');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /_NoSuchConv2DWithBias failed in this libtensorflow .*using Conv2D and Add instead/);
  });

  it('keeps Conv2D and Add, with one line saying what differed and by how much, when the op gives other values', () => {
    const lines: string[] = [];
    const inPlace = conv2dPrototype(tf).call;
    const before = tf.memory().numTensors;
    const restore = withPerturbedOp(CONV_WITH_BIAS_OP, 0.25, () => registerConvWithBias(tf, CONV_WITH_BIAS_OP, (line) => lines.push(line)));
    assert.equal(restore, undefined, 'the op + 0.25 was taken');
    assert.equal(conv2dPrototype(tf).call, inPlace, 'the refusal changed the layer call in place');
    assert.ok(activeNativeReplacements().includes('conv-with-bias'), 'the refusal undid the replacement already in place');
    assert.equal(tf.memory().numTensors, before, 'the refused probe left tensors behind');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /_MklNativeConv2DWithBias differs from Conv2D and Add on the probe input \(stride 1 'same' output: element \d+ is -?[\d.]+, expected -?[\d.]+; largest difference 0\.25\); using Conv2D and Add instead/);
  });
});
