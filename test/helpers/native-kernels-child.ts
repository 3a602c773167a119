// Child process for the NATIVE_KERNELS tests: loads lib as a user's process would, then prints one JSON line with the
// replacements lib reports, the kernels tfjs ran for one convolution + ReLU + max-pool gradient, and a short training's
// losses.
import { buildClassifier, labelTensor } from '../../lib/models/classifier';
import { activeNativeReplacements, tf, type Tensor, type Tensor4D } from '../../lib/tf';
import { trainModel } from '../../lib/training/train';

async function main(): Promise<void> {
  const layer = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' });
  const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 1) as Tensor4D;
  layer.build(x.shape);
  const weights = layer.trainableWeights.map((weight) => weight.read() as ReturnType<typeof tf.variable>);
  const profile = await tf.profile(() => {
    const { value, grads } = tf.variableGrads(() => tf.maxPool(layer.apply(x) as Tensor4D, 2, 2, 'valid').mean() as ReturnType<typeof tf.scalar>, weights);
    tf.dispose([value, ...Object.values(grads)]);
  });
  const images = tf.randomUniform([32, 28, 28, 1], 0, 1, 'float32', 4);
  const labels = labelTensor(Int32Array.from({ length: 32 }, (_, i) => i % 10));
  const model = buildClassifier({ architecture: 'cnn', seed: 2 });
  const history = await trainModel(model, { x: images, y: labels, epochs: 2, batchSize: 16, seed: 3 });
  const kernels = [...new Set(profile.kernels.map((kernel) => kernel.name))];
  process.stdout.write(`${JSON.stringify({ active: activeNativeReplacements(), kernels, loss: history.loss })}\n`);
}

void main();
