import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { loadModel, saveModel } from '../lib/artifacts/model-files';
import { ConfigError, ModelError, ShapeError } from '../lib/errors';
import { buildAutoencoder } from '../lib/models/autoencoder';
import { buildClassifier, labelTensor } from '../lib/models/classifier';
import { buildComposite } from '../lib/models/composite';
import { tf, type LayersModel, type Tensor } from '../lib/tf';
import { trainModel } from '../lib/training/train';
import { temporaryDir } from './helpers/idx-files';
import { disposeModel, weightValues } from './helpers/models';

const BATCH = 3;

function predict(model: LayersModel, x: Tensor): Float32Array {
  return tf.tidy(() => (model.predict(x) as Tensor).dataSync() as Float32Array);
}

describe('model builders', () => {
  let images: Tensor;
  beforeEach(() => (images = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 3)));
  afterEach(() => images.dispose());

  // Keras's counts for the reference models: Dense(n→m) has n·m + m parameters.
  it('builds the reference MLP with Keras\'s 269,322 parameters (784·256+256 + 256·256+256 + 256·10+10)', () => {
    const model = buildClassifier({ architecture: 'mlp' });
    assert.equal(model.countParams(), 784 * 256 + 256 + (256 * 256 + 256) + (256 * 10 + 10));
    assert.equal(model.countParams(), 269_322);
    disposeModel(model);
  });

  it("builds the Keras tutorial's autoencoder with its 3,217 parameters, linear but for the last layer", () => {
    const model = buildAutoencoder({ architecture: 'tutorial' });
    // Conv2D 3·3·1·16+16, 3·3·16·8+8, 3·3·8·8+8; Conv2DTranspose 3·3·8·16+16, 3·3·16·1+1
    assert.equal(model.countParams(), 160 + 1160 + 584 + 1168 + 145);
    assert.equal(model.countParams(), 3_217);
    const layers = model.layers.map((layer) => [layer.getClassName(), layer.outputShape, (layer.getConfig() as { activation?: string }).activation]);
    assert.deepEqual(layers, [
      ['Conv2D', [null, 14, 14, 16], 'linear'],
      ['Conv2D', [null, 7, 7, 8], 'linear'],
      ['Conv2D', [null, 7, 7, 8], 'linear'],
      ['Conv2DTranspose', [null, 14, 14, 16], 'linear'],
      ['Conv2DTranspose', [null, 28, 28, 1], 'sigmoid'],
    ]);
    assert.equal((model.loss as string), 'binaryCrossentropy');
    disposeModel(model);
  });

  it('builds the residual U-Net: the U-Net\'s 109,153 weights, its input plus a linear correction, clipped to [0, 1]', () => {
    const model = buildAutoencoder({ architecture: 'residual-unet', seed: 3 });
    assert.equal(model.countParams(), 109_153);
    assert.equal(model.loss as string, 'meanSquaredError');
    // A correction of 0 everywhere gives back the input; a correction of +0.3 lifts it, a ReLU capped at 1 clips it.
    const correction = model.getLayer('ae_correction');
    const [kernel] = correction.getWeights();
    const input = tf.tidy(() => tf.linspace(0, 1, 28 * 28).reshape([1, 28, 28, 1]));
    const values = input.dataSync();
    for (const bias of [0, 0.3, -0.3]) {
      tf.tidy(() => correction.setWeights([tf.zerosLike(kernel!), tf.tensor1d([bias])]));
      const output = predict(model, input);
      values.forEach((value, i) => assert.ok(Math.abs(output[i]! - Math.min(1, Math.max(0, value + bias))) < 1e-6, `bias ${bias}, pixel ${i}: ${output[i]} for ${value}`));
    }
    input.dispose();
    disposeModel(model);
  });

  it('builds the pooling autoencoder: 3 convolutions, 2 max-poolings, 2 upsamplings, 2 transposed convolutions, 74,497 weights', () => {
    const model = buildAutoencoder({ architecture: 'pooling' });
    // Conv2D 3·3·1·32+32, 3·3·32·64+64; Conv2DTranspose 3·3·64·64+64, 3·3·64·32+32; Conv2D 3·3·32·1+1
    assert.equal(model.countParams(), 320 + 18_496 + 36_928 + 18_464 + 289);
    const layers = model.layers.map((layer) => [layer.getClassName(), layer.outputShape]);
    assert.deepEqual(layers, [
      ['Conv2D', [null, 28, 28, 32]],
      ['MaxPooling2D', [null, 14, 14, 32]],
      ['Conv2D', [null, 14, 14, 64]],
      ['MaxPooling2D', [null, 7, 7, 64]],
      ['UpSampling2D', [null, 14, 14, 64]],
      ['Conv2DTranspose', [null, 14, 14, 64]],
      ['UpSampling2D', [null, 28, 28, 64]],
      ['Conv2DTranspose', [null, 28, 28, 32]],
      ['Conv2D', [null, 28, 28, 1]],
    ]);
    assert.equal(model.loss as string, 'meanSquaredError');
    disposeModel(model);
  });

  it('refuses images the design cannot take, naming the architecture, what it needs and the image size', () => {
    const refused = (architecture: 'pooling' | 'unet' | 'dense', imageShape: [number, number, number], pattern: RegExp) =>
      assert.throws(() => buildAutoencoder({ architecture, imageShape }), (error: Error) => error instanceof ConfigError && pattern.test(error.message));
    refused('pooling', [30, 28, 1], /autoencoder\.architecture = "pooling" .*height and width 4 divides; these images are 30×28×1/);
    refused('unet', [28, 26, 1], /"unet" .*these images are 28×26×1/);
    refused('dense', [32, 32, 1], /"dense" .*28×28×1 images .*these images are 32×32×1/);
    assert.throws(() => buildAutoencoder({ architecture: 'unet', imageShape: [28, 28, 3] }), (error: Error) => error instanceof ShapeError && /\[28, 28, 3\]: expected \[height, width, 1\]/.test(error.message));
    const larger = buildAutoencoder({ architecture: 'pooling', imageShape: [32, 44, 1] });
    assert.deepEqual(larger.outputs[0]!.shape, [null, 32, 44, 1]);
    disposeModel(larger);
  });

  it('builds the reference dense autoencoder with 101,200 parameters (50,240 + 50,960)', () => {
    const model = buildAutoencoder({ architecture: 'dense' });
    assert.equal(model.countParams(), 784 * 64 + 64 + (64 * 784 + 784));
    assert.equal(model.countParams(), 101_200);
    disposeModel(model);
  });

  for (const architecture of ['mlp', 'cnn'] as const) {
    it(`${architecture} classifier maps [n, 28, 28, 1] to [n, 10] probabilities`, () => {
      const model = buildClassifier({ architecture });
      const out = tf.tidy(() => model.predict(images) as Tensor);
      assert.deepEqual(out.shape, [BATCH, 10]);
      const sums = tf.tidy(() => out.sum(1).arraySync() as number[]);
      sums.forEach((sum) => assert.ok(Math.abs(sum - 1) < 1e-5, `row sums to ${sum}`));
      out.dispose();
      disposeModel(model);
    });
  }

  for (const architecture of ['dense', 'unet', 'conv', 'tutorial', 'pooling'] as const) {
    it(`${architecture} autoencoder maps [n, 28, 28, 1] to [n, 28, 28, 1] in [0, 1]`, () => {
      const model = buildAutoencoder({ architecture });
      const out = tf.tidy(() => model.predict(images) as Tensor);
      assert.deepEqual(out.shape, [BATCH, 28, 28, 1]);
      const [min, max] = tf.tidy(() => [out.min().dataSync()[0]!, out.max().dataSync()[0]!]);
      assert.ok(min! >= 0 && max! <= 1, `range [${min}, ${max}]`);
      out.dispose();
      disposeModel(model);
    });
  }

  it('returns a fresh model per call; equal seeds give equal initial weights', () => {
    const a = buildClassifier({ architecture: 'mlp', seed: 5 });
    const b = buildClassifier({ architecture: 'mlp', seed: 5 });
    const c = buildClassifier({ architecture: 'mlp', seed: 6 });
    assert.notEqual(a, b);
    assert.deepEqual(weightValues(a), weightValues(b));
    assert.notDeepEqual(weightValues(a), weightValues(c));
    [a, b, c].forEach(disposeModel);
  });

  it('rejects unknown architectures, losses and bad learning rates, naming the parameter', () => {
    assert.throws(() => buildClassifier({ architecture: 'rnn' as 'cnn' }), (e: Error) => e instanceof ConfigError && /architecture = "rnn"/.test(e.message));
    assert.throws(() => buildAutoencoder({ loss: 'hinge' as 'meanSquaredError' }), (e: Error) => e instanceof ConfigError && /loss/.test(e.message));
    assert.throws(() => buildAutoencoder({ learningRate: -1 }), (e: Error) => e instanceof ConfigError && /learningRate = -1/.test(e.message));
  });
});

describe('composite model', () => {
  let images: Tensor;
  let autoencoder: LayersModel;
  let classifier: LayersModel;
  beforeEach(() => {
    images = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 4);
    autoencoder = buildAutoencoder({ architecture: 'dense', seed: 1 });
    classifier = buildClassifier({ architecture: 'mlp', seed: 2 });
  });
  afterEach(() => {
    images.dispose();
    [autoencoder, classifier].forEach(disposeModel);
  });

  it('predicts what the classifier says about the autoencoder\'s output', () => {
    const composite = buildComposite(autoencoder, classifier);
    const denoised = tf.tidy(() => autoencoder.predict(images) as Tensor);
    const expected = predict(classifier, denoised);
    const found = predict(composite, images);
    found.forEach((value, i) => assert.ok(Math.abs(value - expected[i]!) < 1e-6));
    denoised.dispose();
  });

  it('saves as one model and reloads with identical predictions', async () => {
    const dir = temporaryDir();
    try {
      const composite = buildComposite(autoencoder, classifier);
      await saveModel(composite, dir);
      const reloaded = await loadModel(dir);
      assert.deepEqual(predict(reloaded, images), predict(composite, images));
      disposeModel(reloaded);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fine-tunes end to end only when asked, changing both parts', async () => {
    assert.throws(() => buildComposite(classifier, autoencoder), (e: Error) => e instanceof ModelError && /as the autoencoder, it has inputs/.test(e.message));
    const before = [weightValues(autoencoder), weightValues(classifier)];
    const composite = buildComposite(autoencoder, classifier, { fineTune: true, learningRate: 1e-3 });
    const labels = labelTensor(Int32Array.from([0, 1, 2]));
    await trainModel(composite, { x: images, y: labels, epochs: 1, batchSize: BATCH });
    assert.notDeepEqual(weightValues(autoencoder), before[0]);
    assert.notDeepEqual(weightValues(classifier), before[1]);
    labels.dispose();
    composite.optimizer.dispose();
  });
});
