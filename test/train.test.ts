import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { ConfigError, NonFiniteLossError, ShapeError } from '../lib/errors';
import { cacheEntryDir, trainOrLoadCached } from '../lib/model-cache/index';
import { buildClassifier, labelTensor } from '../lib/models/classifier';
import { predictInBatches } from '../lib/models/predict';
import { tf, type LayersModel, type Tensor } from '../lib/tf';
import { trainModel, type BatchProgress, type EpochProgress, type TrainOptions } from '../lib/training/train';
import { temporaryDir } from './helpers/idx-files';
import { disposeModel, tinyRegressor, weightValues } from './helpers/models';

const SAMPLES = 200;

/** Images whose class is the row (of 10 bands) holding a bright bar: learnable in a couple of epochs. */
function barImages(count: number): { x: Tensor; labels: Int32Array } {
  const labels = Int32Array.from({ length: count }, (_, i) => i % 10);
  const pixels = new Float32Array(count * 784);
  labels.forEach((label, i) => pixels.fill(1, i * 784 + (2 + label * 2) * 28, i * 784 + (3 + label * 2) * 28));
  return { x: tf.tensor4d(pixels, [count, 28, 28, 1]), labels };
}

describe('trainModel', () => {
  let x: Tensor;
  let y: Tensor;
  let model: LayersModel;
  beforeEach(() => {
    const data = barImages(SAMPLES);
    x = data.x;
    y = labelTensor(data.labels);
    model = buildClassifier({ architecture: 'mlp', seed: 1 });
  });
  afterEach(() => {
    tf.dispose([x, y]);
    disposeModel(model);
  });

  it('reduces the loss of a small classification task and reports every epoch', async () => {
    const batches: BatchProgress[] = [];
    const epochs: EpochProgress[] = [];
    const history = await trainModel(model, {
      x, y, epochs: 3, batchSize: 50, validationSplit: 0.2,
      onBatchEnd: (p) => void batches.push(p), onEpochEnd: (p) => void epochs.push(p),
    });
    assert.equal(history.epochsRun, 3);
    assert.equal(history.trainExamples, 160);
    assert.equal(history.validationExamples, 40);
    assert.ok(history.loss[2]! < history.loss[0]! / 2, `loss ${history.loss}`);
    assert.equal(history.valLoss.length, 3);
    assert.ok(history.valMetrics.acc![2]! > 0.8, `val acc ${history.valMetrics.acc}`);
    assert.ok(history.samplesPerSecond > 0 && history.wallTimeSeconds > 0);
    assert.equal(batches.length, 3 * 4);
    assert.deepEqual([batches[5]!.epoch, batches[5]!.batch, batches[5]!.batches], [2, 2, 4]);
    assert.ok(batches.every((b) => Number.isFinite(b.loss) && b.etaSeconds >= 0 && b.samplesPerSecond > 0 && 'acc' in b.metrics));
    assert.deepEqual(epochs.map((e) => e.valLoss), history.valLoss);
    assert.equal(epochs[2]!.etaSeconds, 0);
  });

  it('gives identical histories and weights for identical seeds, and different ones for different seeds', async () => {
    // Every model starts from the same initial weights, so only trainModel's seed (the example order) differs.
    const train = async (seed: number) => {
      const fresh = buildClassifier({ architecture: 'mlp', seed: 1 });
      const history = await trainModel(fresh, { x, y, epochs: 2, batchSize: 32, seed });
      const weights = weightValues(fresh);
      disposeModel(fresh);
      return { loss: history.loss, weights };
    };
    const first = await train(7);
    const again = await train(7);
    const other = await train(8);
    assert.deepEqual(again.loss, first.loss);
    assert.deepEqual(again.weights, first.weights);
    assert.notDeepEqual(other.loss, first.loss, 'seeds 7 and 8 gave the same losses');
    // Weights fed by always-dark pixels get no gradient under any order; every weight training moved should differ.
    const untrained = buildClassifier({ architecture: 'mlp', seed: 1 });
    const initial = weightValues(untrained).flat();
    disposeModel(untrained);
    const [firstWeights, otherWeights] = [first.weights.flat(), other.weights.flat()];
    const moved = initial.flatMap((value, i) => (value !== firstWeights[i] ? [i] : []));
    const differing = moved.filter((i) => otherWeights[i] !== firstWeights[i]).length;
    assert.ok(moved.length > 0 && differing > 0.9 * moved.length, `seeds 7 and 8 differ in ${differing} of the ${moved.length} weights training moved`);
  });

  it('keeps the tensor count flat from epoch to epoch', async () => {
    const counts: number[] = [];
    await trainModel(model, {
      x, y, epochs: 4, batchSize: 64, validationSplit: 0.25, patience: 4,
      onEpochEnd: () => void counts.push(tf.memory().numTensors),
    });
    assert.deepEqual(counts, new Array(4).fill(counts[0]), `tensors per epoch ${counts}`);
  });

  it('checks every option before training, naming parameter, value and range', async () => {
    const before = weightValues(model);
    const bad: Array<[Partial<TrainOptions>, RegExp]> = [
      [{ epochs: 0 }, /epochs = 0 .*integer ≥ 1/],
      [{ epochs: 1.5 }, /epochs = 1.5/],
      [{ batchSize: 201 }, /batchSize = 201 .*from 1 to 200/],
      [{ batchSize: 190, validationSplit: 0.1 }, /batchSize = 190 .*from 1 to 180/],
      [{ validationSplit: 1.5 }, /validationSplit = 1.5/],
      [{ validationSplit: 0.2, validation: { x, y } }, /validationSplit .*use one or the other/],
      [{ patience: 2 }, /patience = 2 .*val_loss/],
      [{ seed: -1 }, /seed = -1/],
    ];
    for (const [options, message] of bad) {
      await assert.rejects(trainModel(model, { x, y, ...options, onBatchEnd: () => assert.fail('trained') }), (e: Error) => {
        assert.ok(e instanceof ConfigError, e.message);
        assert.match(e.message, message);
        return true;
      });
    }
    const wrongShapes: Array<[Partial<TrainOptions>, RegExp]> = [
      [{ x: x.reshape([SAMPLES, 784]) }, /x\.shape is \[200, 784\]: expected \[n ≥ 1, 28, 28, 1\]/],
      [{ y: y.slice(0, 10) }, /y\.shape is \[10\]: expected 200 rows/],
    ];
    for (const [options, message] of wrongShapes) {
      await assert.rejects(trainModel(model, { x, y, ...options }), (e: Error) => e instanceof ShapeError && message.test(e.message));
    }
    const uncompiled = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] })] });
    await assert.rejects(trainModel(uncompiled, { x, y }), /model '.*': it is not compiled\. Call model\.compile/);
    assert.deepEqual(weightValues(model), before);
    uncompiled.dispose();
  });
});

describe('early stopping', () => {
  it('stops once val_loss stops improving and restores the best epoch\'s weights', async () => {
    // Validation targets are the opposite of the training targets, so val_loss rises as training fits.
    const x = tf.randomUniform([64, 4], 0, 1, 'float32', 1);
    const y = x.clone();
    const opposite = tf.scalar(1).sub(x);
    const model = tinyRegressor();
    const snapshots: number[][][] = [];
    const history = await trainModel(model, {
      x, y, validation: { x, y: opposite }, epochs: 20, batchSize: 16, patience: 2,
      onEpochEnd: () => void snapshots.push(weightValues(model)),
    });
    assert.ok(history.stoppedEarly);
    assert.equal(history.epochsRun, history.bestEpoch + 2);
    assert.ok(history.restoredBestWeights);
    assert.deepEqual(weightValues(model), snapshots[history.bestEpoch - 1]);
    assert.notDeepEqual(weightValues(model), snapshots[snapshots.length - 1]);
    tf.dispose([x, y, opposite]);
    disposeModel(model);
  });
});

describe('a loss that becomes non-finite', () => {
  it('stops the training with an error naming the model, epoch and batch, and trainOrLoadCached caches nothing', async () => {
    // Plain gradient descent on a linear least-squares fit with a step a million times too large: the error is
    // multiplied by about 1e6 at each step, so float32 overflows to Infinity, then NaN, within a few steps.
    const model = tf.sequential({ name: 'diverging', layers: [tf.layers.dense({ inputShape: [4], units: 4, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })] });
    model.compile({ optimizer: tf.train.sgd(1e6), loss: 'meanSquaredError' });
    const x = tf.randomNormal([64, 4], 0, 1, 'float32', 1);
    const y = tf.randomNormal([64, 4], 0, 1, 'float32', 2);
    const root = temporaryDir();
    const reported: BatchProgress[] = [];
    const record = { model: 'diverging', learningRate: 1e6 };
    const train = async () => ({ model, history: await trainModel(model, { x, y, epochs: 20, batchSize: 16, onBatchEnd: (p) => void reported.push(p) }) });
    const tensors = tf.memory().numTensors;
    try {
      await assert.rejects(trainOrLoadCached('diverging', record, train, { root, log: () => undefined }), (error: Error) => {
        assert.ok(error instanceof NonFiniteLossError, error.message);
        assert.match(error.message, /^model 'diverging': the training loss became (NaN|-?Infinity) at epoch \d+, batch \d of 4; training stopped/);
        // The batch named is the one after the last batch reported, whose loss was still finite.
        const last = reported[reported.length - 1]!;
        assert.ok(Number.isFinite(last.batchLoss), `last reported loss ${last.batchLoss}`);
        const next = last.batch === 4 ? [last.epoch + 1, 1] : [last.epoch, last.batch + 1];
        assert.deepEqual([error.epoch, error.batch], next);
        return true;
      });
      assert.deepEqual(readdirSync(root).filter((name) => !name.startsWith('.')), [], `${cacheEntryDir('diverging', record, root)} or its partial copy was written`);
      assert.equal(tf.memory().numTensors, tensors, 'the stopped training left tensors behind');
    } finally {
      rmSync(root, { recursive: true, force: true });
      tf.dispose([x, y]);
      disposeModel(model);
    }
  });
});

describe('a validation loss that becomes non-finite', () => {
  it('stops the training after that epoch with an error that says so', async () => {
    const model = tinyRegressor();
    const x = tf.randomUniform([32, 4], 0, 1, 'float32', 1);
    const broken = tf.fill([8, 4], Number.NaN);
    await assert.rejects(
      trainModel(model, { x, y: x, validation: { x: broken, y: broken }, epochs: 3, batchSize: 16 }),
      (error: Error) => error instanceof NonFiniteLossError && /^model '.*': the validation loss became NaN after epoch 1; training stopped/.test(error.message),
    );
    tf.dispose([x, broken]);
    disposeModel(model);
  });
});

describe('predictInBatches', () => {
  it('matches model.predict in uneven batches without leaking tensors', () => {
    const model = buildClassifier({ architecture: 'mlp', seed: 3 });
    const x = tf.randomUniform([37, 28, 28, 1], 0, 1, 'float32', 2);
    const expected = tf.tidy(() => (model.predict(x) as Tensor).dataSync());
    const before = tf.memory().numTensors;
    const found = predictInBatches(model, x, { batchSize: 10 });
    assert.equal(tf.memory().numTensors, before + 1);
    assert.deepEqual(found.shape, [37, 10]);
    Array.from(found.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6));
    assert.throws(() => predictInBatches(model, x, { batchSize: 0 }), /batchSize = 0/);
    tf.dispose([x, found]);
    disposeModel(model);
  });

  it('runs each batch through each layer once, not in tfjs predict\'s slices of 32', async () => {
    const model = buildClassifier({ architecture: 'cnn', seed: 3 });
    const x = tf.randomUniform([128, 28, 28, 1], 0, 1, 'float32', 2);
    const convolutionLayers = model.layers.filter((layer) => layer.getClassName() === 'Conv2D').length;
    const profile = await tf.profile(() => predictInBatches(model, x, { batchSize: 64, executor: 'eager' }));
    const convolutions = profile.kernels.filter((kernel) => /conv/i.test(kernel.name)).length;
    assert.equal(convolutions, convolutionLayers * 2, `${convolutions} convolution kernels for 2 batches of a model of ${convolutionLayers} convolution layers`);
    tf.dispose([x, profile.result as Tensor]);
    disposeModel(model);
  });
});
