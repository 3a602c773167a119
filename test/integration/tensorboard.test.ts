// TensorBoard logs: what TensorBoard's own reader finds in the event files tfjs-node writes for a training.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildClassifier, labelTensor } from '../../lib/models/classifier';
import { PROJECT_ROOT } from '../../lib/paths';
import { trainWithView } from '../../lib/steps/training-view';
import { TensorBoardLog, tensorBoardDir } from '../../lib/run/tensorboard';
import { tf, type Tensor4D } from '../../lib/tf';
import { startTensorBoard } from '../../tools/tensorboard/server';
import { temporaryDir } from '../helpers/idx-files';
import { disposeModel } from '../helpers/models';

interface Series {
  steps: number[];
  values: number[];
}
type Events = { scalars: Record<string, Series>; histograms: Record<string, Series> };

function readEvents(folder: string): Events {
  const python = join(PROJECT_ROOT, '.venv', 'bin', 'python');
  const result = spawnSync(python, [join(__dirname, '..', 'helpers', 'read-tensorboard.py'), folder], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Events;
}

describe('TensorBoard logs', function () {
  this.timeout(60_000);
  let runDir: string;
  const images = tf.randomUniform([40, 28, 28, 1], 0, 1, 'float32', 7) as Tensor4D;
  const labels = labelTensor(Int32Array.from({ length: 40 }, (_, i) => i % 10));
  beforeEach(() => (runDir = temporaryDir('fmd-tensorboard-')));
  afterEach(() => rmSync(runDir, { recursive: true, force: true }));
  after(() => tf.dispose([images, labels]));

  it("a training writes Keras's layout: epoch_ scalars under train and validation, and every weight's histogram per epoch", async () => {
    const model = buildClassifier({ architecture: 'mlp', seed: 1 });
    const history = await trainWithView(model, {
      training: 'classifier', epochs: 2, batchSize: 10, seed: 1, metric: 'acc', runDir,
      train: { x: images.slice(0, 30), y: labels.slice(0, 30) }, validation: { x: images.slice(30), y: labels.slice(30) },
    });
    const train = readEvents(join(tensorBoardDir(runDir, 'classifier'), 'train'));
    const validation = readEvents(join(tensorBoardDir(runDir, 'classifier'), 'validation'));
    assert.deepEqual(Object.keys(train.scalars).sort(), ['epoch_acc', 'epoch_learning_rate', 'epoch_loss', 'epoch_samples_per_s']);
    assert.deepEqual(train.scalars['epoch_loss']!.steps, [1, 2]);
    train.scalars['epoch_loss']!.values.forEach((value, i) => assert.ok(Math.abs(value - history.loss[i]!) < 1e-6, `epoch ${i + 1} loss`));
    assert.deepEqual(train.scalars['epoch_learning_rate']!.values, [0.0010000000474974513, 0.0010000000474974513]);
    assert.deepEqual(Object.keys(validation.scalars).sort(), ['epoch_acc', 'epoch_loss']);
    validation.scalars['epoch_loss']!.values.forEach((value, i) => assert.ok(Math.abs(value - history.valLoss[i]!) < 1e-6, `epoch ${i + 1} val_loss`));
    assert.deepEqual(Object.keys(train.histograms).sort(), model.weights.map((weight) => weight.name).sort());
    for (const weight of model.weights) assert.deepEqual(train.histograms[weight.name], { steps: [1, 2], values: [weight.shape.reduce((a, b) => a! * b!, 1), weight.shape.reduce((a, b) => a! * b!, 1)] });
    disposeModel(model);
  });

  it("a cached model's replayed history gives every epoch's scalars, and the histograms at the epoch its weights are from", () => {
    const model = buildClassifier({ architecture: 'mlp', seed: 1 });
    const history = {
      loss: [0.9, 0.5, 0.4], valLoss: [0.8, 0.6, 0.7], metrics: { acc: [0.6, 0.8, 0.85] }, valMetrics: { acc: [0.7, 0.75, 0.74] },
      samplesPerSecondByEpoch: [100, 110, 120], samplesPerSecond: 120, epochsRun: 3, bestEpoch: 2, stoppedEarly: false, restoredBestWeights: true,
      wallTimeSeconds: 3, trainExamples: 30, validationExamples: 10, batchSize: 10,
    };
    new TensorBoardLog(runDir, 'classifier-noisy').replay(history, model);
    const train = readEvents(join(tensorBoardDir(runDir, 'classifier-noisy'), 'train'));
    const validation = readEvents(join(tensorBoardDir(runDir, 'classifier-noisy'), 'validation'));
    assert.deepEqual(train.scalars['epoch_samples_per_s'], { steps: [1, 2, 3], values: [100, 110, 120] });
    assert.deepEqual(validation.scalars['epoch_loss']!.steps, [1, 2, 3]);
    assert.ok(Math.abs(validation.scalars['epoch_acc']!.values[2]! - 0.74) < 1e-6);
    assert.deepEqual(train.histograms[model.weights[0]!.name]!.steps, [2], 'early stopping restored the weights of epoch 2');
    assert.equal(train.histograms['cls_dense1/bias'], undefined, 'an untrained bias is all zeros, which tfjs-node cannot bucket');
    disposeModel(model);
  });

  it('a second training of the same model in one process replaces the first one\'s points instead of adding to them', () => {
    const model = buildClassifier({ architecture: 'mlp', seed: 1 });
    const history = {
      loss: [0.9, 0.5, 0.4], valLoss: [0.8, 0.6, 0.7], metrics: {}, valMetrics: {}, samplesPerSecondByEpoch: [100, 110, 120], samplesPerSecond: 120,
      epochsRun: 3, bestEpoch: 2, stoppedEarly: false, restoredBestWeights: true, wallTimeSeconds: 3, trainExamples: 30, validationExamples: 10, batchSize: 10,
    };
    new TensorBoardLog(runDir, 'autoencoder').replay(history, model);
    new TensorBoardLog(runDir, 'autoencoder').replay({ ...history, loss: [0.7, 0.3, 0.2] }, model);
    const train = readEvents(join(tensorBoardDir(runDir, 'autoencoder'), 'train'));
    assert.deepEqual(train.scalars['epoch_loss']!.steps, [1, 2, 3]);
    assert.ok(Math.abs(train.scalars['epoch_loss']!.values[0]! - 0.7) < 1e-6, 'the second training\'s points');
    disposeModel(model);
  });

  it('removes the event files an earlier process left for the same model, which this training replaces', () => {
    const stale = join(tensorBoardDir(runDir, 'autoencoder'), 'train');
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'events.out.tfevents.1.old.v2'), 'stale');
    writeFileSync(join(stale, 'notes.txt'), 'kept');
    new TensorBoardLog(runDir, 'autoencoder');
    assert.deepEqual(readdirSync(stale).filter((name) => name.includes('old')), []);
    assert.ok(readdirSync(stale).includes('notes.txt'));
  });

  it('a log that cannot be written warns once and the training goes on', async () => {
    const blocked = join(runDir, 'not-a-folder');
    writeFileSync(blocked, 'a file where the run folder should be');
    const model = buildClassifier({ architecture: 'mlp', seed: 1 });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => void warnings.push(message);
    try {
      const history = await trainWithView(model, { training: 'classifier', epochs: 2, batchSize: 10, seed: 1, train: { x: images.slice(0, 30), y: labels.slice(0, 30) }, runDir: blocked });
      assert.equal(history.epochsRun, 2);
    } finally {
      console.warn = warn;
    }
    const tensorBoardWarnings = warnings.filter((message) => message.includes('TensorBoard'));
    assert.equal(tensorBoardWarnings.length, 1, warnings.join('\n'));
    disposeModel(model);
  });
});

describe('npm run tensorboard', function () {
  this.timeout(120_000);
  let runsDir: string;
  before(() => {
    runsDir = temporaryDir('fmd-tensorboard-runs-');
    const model = buildClassifier({ architecture: 'mlp', seed: 1 });
    const history = {
      loss: [0.9, 0.5], valLoss: [0.8, 0.6], metrics: {}, valMetrics: {}, samplesPerSecondByEpoch: [100, 110], samplesPerSecond: 110,
      epochsRun: 2, bestEpoch: 2, stoppedEarly: false, restoredBestWeights: false, wallTimeSeconds: 2, trainExamples: 30, validationExamples: 10, batchSize: 10,
    };
    new TensorBoardLog(join(runsDir, 'run-a'), 'autoencoder').replay(history, model);
    disposeModel(model);
  });
  after(() => rmSync(runsDir, { recursive: true, force: true }));

  it("serves the runs' scalars on loopback: each run folder and model a run in TensorBoard's selector", async () => {
    const server = await startTensorBoard(runsDir, { quiet: true });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const tags = (await (await fetch(`${server.url}data/plugin/scalars/tags`)).json()) as Record<string, Record<string, unknown>>;
      assert.deepEqual(Object.keys(tags).sort(), ['run-a/tensorboard/autoencoder/train', 'run-a/tensorboard/autoencoder/validation']);
      assert.ok('epoch_loss' in tags['run-a/tensorboard/autoencoder/validation']!);
    } finally {
      await server.stop();
    }
  });

  it('refuses a folder that does not exist, naming it, with exit status 2', () => {
    const missing = join(runsDir, 'no-such-run');
    const result = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'tools', 'tensorboard', 'index.ts'), missing], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, new RegExp(`error: ${missing} is not a folder`));
  });
});
