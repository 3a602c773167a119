// The training loop reads a compiled model as tfjs's fit does: regulariser penalties included, private fields checked.
import assert from 'node:assert/strict';
import { TfjsInternalsError } from '../lib/errors';
import { tf, type LayersModel, type Tensor } from '../lib/tf';
import { trainModel } from '../lib/training/train';
import { compiledParts } from '../lib/training/compiled';
import { disposeModel, weightValues } from './helpers/models';

const L2 = 0.5;

function denseModel(regularised: boolean): LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.dense({
      inputShape: [4], units: 3, activation: 'sigmoid',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }),
      ...(regularised ? { kernelRegularizer: tf.regularizers.l2({ l2: L2 }) } : {}),
    })],
  });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
  return model;
}

describe('training loop: regularisation penalties', () => {
  const x = tf.randomUniform([32, 4], 0, 1, 'float32', 3);
  const y = tf.randomUniform([32, 3], 0, 1, 'float32', 4);
  after(() => tf.dispose([x, y]));

  for (const regularised of [true, false]) {
    it(`${regularised ? 'a kernel regulariser' : 'no regulariser'}: the same loss and weights as tfjs's own fit, step by step`, async () => {
      const ours = denseModel(regularised);
      const reference = denseModel(regularised);
      const history = await trainModel(ours, { x, y, epochs: 3, batchSize: 32, shuffle: false });
      const fitted = await reference.fit(x, y, { epochs: 3, batchSize: 32, shuffle: false, verbose: 0 });
      const fitLoss = fitted.history['loss'] as number[];
      history.loss.forEach((loss, i) => assert.ok(Math.abs(loss - fitLoss[i]!) < 1e-6, `epoch ${i + 1}: ${loss} vs fit's ${fitLoss[i]}`));
      weightValues(ours).flat().forEach((value, i) => assert.ok(Math.abs(value - weightValues(reference).flat()[i]!) < 1e-6));
      disposeModel(ours);
      disposeModel(reference);
    });
  }

  it('the first step reports the mean loss plus L2 · Σw², computed by hand from the initial weights', async () => {
    const model = denseModel(true);
    const kernel = model.getWeights()[0]!.dataSync();
    const penalty = L2 * Array.from(kernel).reduce((sum, w) => sum + w * w, 0);
    const dataLoss = tf.tidy(() => tf.losses.meanSquaredError(y, model.predict(x) as Tensor).dataSync()[0]!);
    const history = await trainModel(model, { x, y, epochs: 1, batchSize: 32, shuffle: false });
    assert.ok(penalty > 0.1, `penalty ${penalty} too small to tell apart`);
    assert.ok(Math.abs(history.loss[0]! - (dataLoss + penalty)) < 1e-5, `${history.loss[0]} vs ${dataLoss} + ${penalty}`);
    disposeModel(model);
  });
});

describe("training loop: tfjs's private training state", () => {
  it('a compiled model has every field the adapter reads, with the expected types', () => {
    const model = denseModel(false);
    const parts = compiledParts(model);
    assert.equal(parts.metrics.length, 0);
    assert.equal(typeof parts.loss, 'function');
    disposeModel(model);
  });

  for (const field of ['lossFunctions', 'metricsNames', 'metricsTensors']) {
    it(`a tfjs that renamed '${field}' fails loudly, naming it`, () => {
      const model = denseModel(false);
      const inner = (model as unknown as { model: Record<string, unknown> }).model;
      const kept = inner[field];
      delete inner[field];
      assert.throws(() => compiledParts(model), (error: Error) =>
        error instanceof TfjsInternalsError && error.message.includes(`no usable '${field}' (found undefined)`));
      inner[field] = kept;
      disposeModel(model);
    });
  }
});
