import assert from 'node:assert/strict';
import { ConfigError, TfjsInternalsError } from '../lib/errors';
import { buildClassifier, labelTensor } from '../lib/models/classifier';
import { tf, type Tensor } from '../lib/tf';
import { trainModel } from '../lib/training/train';
import { openFlatAdam } from '../lib/training/flat-adam';
import { disposeModel, tinyRegressor, weightValues } from './helpers/models';

type Variable = ReturnType<typeof tf.variable>;

const SHAPES = [[3, 3, 1, 4], [4], [7, 5], [5]];

function variablesFrom(seed: number): Variable[] {
  return SHAPES.map((shape, i) => tf.variable(tf.randomNormal(shape, 0, 1, 'float32', seed + i)));
}

/** Gradients for step `step`: some exactly zero, some tiny, some large, as real ones are. */
function gradientsAt(step: number): Tensor[] {
  return tf.tidy(() =>
    SHAPES.map((shape, i) => {
      const values = tf.randomNormal(shape, 0, 10 ** (i - 2), 'float32', 100 * step + i);
      return values.mul(tf.randomUniform(shape, 0, 1, 'float32', 200 * step + i).greater(0.2).cast('float32'));
    }));
}

type Adam = ReturnType<typeof tf.train.adam>;

/** Steps tfjs's AdamOptimizer (on `reference`) and a FlatAdam (on `flat`) with the same gradients; `between` runs before each step. */
function stepBoth(reference: Variable[], flat: Variable[], optimizers: [Adam, Adam], steps: number, between: (step: number) => void): void {
  const adam = openFlatAdam(optimizers[1], flat)!;
  for (let step = 0; step < steps; step++) {
    between(step);
    const gradients = gradientsAt(step);
    optimizers[0].applyGradients(reference.map((variable, i) => ({ name: variable.name, tensor: gradients[i]! })));
    adam.step(gradients);
    tf.dispose(gradients);
  }
  adam.close();
}

function bits(tensors: readonly Tensor[]): number[][] {
  return tensors.map((tensor) => Array.from(new Uint32Array(Float32Array.from(tensor.dataSync()).buffer)));
}

describe('flat Adam', () => {
  it('updates weights, moments and step counts to the same bits as tfjs\'s AdamOptimizer', () => {
    const reference = variablesFrom(1);
    const flat = variablesFrom(1);
    const tfjsAdam = tf.train.adam(0.003);
    const ourAdam = tf.train.adam(0.003);
    for (let epoch = 0; epoch < 2; epoch++) {
      // Two trainings in a row on the same optimizer: the second must continue from the state the first wrote back.
      const adam = openFlatAdam(ourAdam, flat)!;
      for (let step = 0; step < 5; step++) {
        const gradients = gradientsAt(5 * epoch + step);
        tfjsAdam.applyGradients(reference.map((variable, i) => ({ name: variable.name, tensor: gradients[i]! })));
        adam.step(gradients);
        tf.dispose(gradients);
      }
      adam.close();
      assert.deepEqual(bits(flat), bits(reference), `weights after training ${epoch + 1}`);
    }
    const state = (optimizer: typeof tfjsAdam) => optimizer as unknown as {
      accumulatedFirstMoment: Array<{ variable: Tensor }>; accumulatedSecondMoment: Array<{ variable: Tensor }>; accBeta1: Tensor; accBeta2: Tensor;
    };
    const ours = state(ourAdam);
    const theirs = state(tfjsAdam);
    assert.deepEqual(bits(ours.accumulatedFirstMoment.map((m) => m.variable)), bits(theirs.accumulatedFirstMoment.map((m) => m.variable)));
    assert.deepEqual(bits(ours.accumulatedSecondMoment.map((m) => m.variable)), bits(theirs.accumulatedSecondMoment.map((m) => m.variable)));
    assert.deepEqual(bits([ours.accBeta1, ours.accBeta2]), bits([theirs.accBeta1, theirs.accBeta2]));
    assert.equal(ourAdam.iterations, 10);
    assert.equal(ourAdam.iterations, tfjsAdam.iterations);
    tf.dispose([...reference, ...flat]);
    tfjsAdam.dispose();
    ourAdam.dispose();
  });

  it('continues an optimizer that tfjs stepped before', () => {
    const reference = variablesFrom(2);
    const flat = variablesFrom(2);
    const tfjsAdam = tf.train.adam(0.001);
    const ourAdam = tf.train.adam(0.001);
    for (let step = 0; step < 6; step++) {
      const gradients = gradientsAt(step);
      tfjsAdam.applyGradients(reference.map((variable, i) => ({ name: variable.name, tensor: gradients[i]! })));
      if (step < 3) ourAdam.applyGradients(flat.map((variable, i) => ({ name: variable.name, tensor: gradients[i]! })));
      else {
        const adam = openFlatAdam(ourAdam, flat)!;
        adam.step(gradients);
        adam.close();
      }
      tf.dispose(gradients);
    }
    assert.deepEqual(bits(flat), bits(reference));
    tf.dispose([...reference, ...flat]);
    tfjsAdam.dispose();
    ourAdam.dispose();
  });

  it('leaves other optimizers to tfjs', () => {
    const variables = variablesFrom(3);
    assert.equal(openFlatAdam(tf.train.sgd(0.1), variables), undefined);
    assert.equal(openFlatAdam(tf.train.rmsprop(0.1), variables), undefined);
    tf.dispose(variables);
  });

  it('names the mismatch when the optimizer holds moments for other weights', () => {
    const variables = variablesFrom(4);
    const adam = tf.train.adam(0.001);
    const gradients = gradientsAt(0);
    adam.applyGradients(variables.slice(0, 2).map((variable, i) => ({ name: variable.name, tensor: gradients[i]! })));
    const before = tf.memory().numTensors;
    assert.throws(() => openFlatAdam(adam, variables), (error: unknown) =>
      error instanceof TfjsInternalsError && /accumulatedFirstMoment.*moments of sizes \[36, 4\] for weights of sizes \[36, 4, 35, 5\]/.test(error.message));
    assert.equal(tf.memory().numTensors, before, 'tensors left behind by the refusal');
    tf.dispose([...variables, ...gradients]);
    adam.dispose();
  });

  it('refuses such an optimizer in trainModel without leaving the training\'s tensors behind', async () => {
    const images = tf.randomUniform([40, 28, 28, 1], 0, 1, 'float32', 9);
    const labels = labelTensor(Int32Array.from({ length: 40 }, (_, i) => i % 10));
    const model = buildClassifier({ architecture: 'mlp', seed: 1 });
    const optimizer = tf.train.adam(0.001);
    model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
    const weights = model.trainableWeights.map((weight) => weight.read() as Variable);
    const gradients = weights.slice(0, 2).map((weight) => tf.onesLike(weight));
    optimizer.applyGradients(weights.slice(0, 2).map((weight, i) => ({ name: weight.name, tensor: gradients[i]! })));
    const before = tf.memory().numTensors;
    await assert.rejects(trainModel(model, { x: images, y: labels, epochs: 1, batchSize: 8, validationSplit: 0.25, seed: 1 }), TfjsInternalsError);
    assert.equal(tf.memory().numTensors, before, 'tensors left behind by the refused training');
    tf.dispose([images, labels, ...gradients]);
    disposeModel(model);
  });

  it('leaves no tensors behind in a training, and trains SGD models through tfjs', async () => {
    const images = tf.randomUniform([64, 28, 28, 1], 0, 1, 'float32', 9);
    const labels = labelTensor(Int32Array.from({ length: 64 }, (_, i) => i % 10));
    for (const optimizer of [tf.train.adam(0.001), tf.train.sgd(0.01)]) {
      const model = buildClassifier({ architecture: 'mlp', seed: 1 });
      model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      await trainModel(model, { x: images, y: labels, epochs: 1, batchSize: 32, seed: 1 }); // creates the optimizer's slots
      const before = tf.memory().numTensors;
      const history = await trainModel(model, { x: images, y: labels, epochs: 2, batchSize: 32, seed: 1 });
      assert.equal(tf.memory().numTensors, before, `${optimizer.getClassName()}: tensors before and after the second training`);
      assert.ok(history.loss.every(Number.isFinite));
      disposeModel(model);
    }
    tf.dispose([images, labels]);
  });

  it('follows a learning-rate schedule between steps, as tfjs\'s AdamOptimizer does', () => {
    const reference = variablesFrom(5);
    const flat = variablesFrom(5);
    const optimizers: [Adam, Adam] = [tf.train.adam(0.003), tf.train.adam(0.003)];
    const rates = [0.003, 0.003, 0.0007, 0.0007, 0.05];
    stepBoth(reference, flat, optimizers, rates.length, (step) => optimizers.forEach((optimizer) => ((optimizer as unknown as { learningRate: number }).learningRate = rates[step]!)));
    assert.deepEqual(bits(flat), bits(reference));
    tf.dispose([...reference, ...flat]);
    optimizers.forEach((optimizer) => optimizer.dispose());
  });

  it('continues from weights assigned between steps, as tfjs\'s AdamOptimizer does', () => {
    const reference = variablesFrom(6);
    const flat = variablesFrom(6);
    const optimizers: [Adam, Adam] = [tf.train.adam(0.01), tf.train.adam(0.01)];
    const before = tf.memory().numTensors;
    stepBoth(reference, flat, optimizers, 5, (step) => {
      if (step !== 3) return;
      const replacements = SHAPES.map((shape, i) => tf.randomNormal(shape, 0, 1, 'float32', 60 + i));
      [reference, flat].forEach((variables) => variables.forEach((variable, i) => variable.assign(replacements[i]!)));
      tf.dispose(replacements);
    });
    assert.deepEqual(bits(flat), bits(reference));
    assert.equal(tf.memory().numTensors, before + 2 * 2 * SHAPES.length, 'tensors beyond both optimizers\' moments');
    tf.dispose([...reference, ...flat]);
    optimizers.forEach((optimizer) => optimizer.dispose());
  });

  it('in trainModel, takes up a callback\'s learning rate and model.setWeights at the next step', async () => {
    const x = tf.randomUniform([32, 4], 0, 1, 'float32', 1);
    const y = tf.randomUniform([32, 4], 0, 1, 'float32', 2);
    const model = tinyRegressor(3);
    const optimizer = model.optimizer as unknown as { learningRate: number };
    let expected: number[][] = [];
    // After the first step: a learning rate of 0 (no step moves a weight from then on) and new weights, which must stay.
    await trainModel(model, { x, y, epochs: 2, batchSize: 8, seed: 1, onBatchEnd: ({ epoch, batch }) => {
      if (epoch !== 1 || batch !== 1) return;
      optimizer.learningRate = 0;
      const weights = model.getWeights().map((weight) => tf.fill(weight.shape, 0.125));
      model.setWeights(weights);
      tf.dispose(weights);
      expected = weightValues(model);
    } });
    assert.deepEqual(weightValues(model), expected);
    assert.ok(expected.flat().every((value) => value === 0.125));
    tf.dispose([x, y]);
    disposeModel(model);
  });

  it('refuses a learning rate set to NaN, naming it, without leaving the training\'s tensors behind', async () => {
    const x = tf.randomUniform([16, 4], 0, 1, 'float32', 1);
    const y = tf.randomUniform([16, 4], 0, 1, 'float32', 2);
    const model = tinyRegressor(4);
    await trainModel(model, { x, y, epochs: 1, batchSize: 8, seed: 1 }); // creates the optimizer's slots
    const before = tf.memory().numTensors;
    const rejected = trainModel(model, { x, y, epochs: 1, batchSize: 8, seed: 1, onBatchEnd: () => void ((model.optimizer as unknown as { learningRate: number }).learningRate = NaN) });
    await assert.rejects(rejected, (error: unknown) => error instanceof ConfigError && /optimizer\.learningRate = NaN is not allowed: expected a finite number/.test(error.message));
    assert.equal(tf.memory().numTensors, before, 'tensors left behind by the refused training');
    tf.dispose([x, y]);
    disposeModel(model);
  });
});
