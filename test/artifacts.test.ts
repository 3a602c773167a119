import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, loadWeights, MODEL_FILE, readJson, saveModel, WEIGHTS_MANIFEST_FILE, writeJson } from '../lib/artifacts/model-files';
import { ArtifactError } from '../lib/errors';
import { buildAutoencoder } from '../lib/models/autoencoder';
import { buildClassifier } from '../lib/models/classifier';
import { tf, type LayersModel, type Tensor } from '../lib/tf';
import { temporaryDir } from './helpers/idx-files';
import { disposeModel, weightValues } from './helpers/models';


function predictions(model: LayersModel, x: Tensor): number[] {
  return tf.tidy(() => Array.from((model.predict(x) as Tensor).dataSync()));
}
const weightsFiles = (dir: string) => readdirSync(dir).filter((name) => /^weights-.*\.bin$/.test(name));

describe('saved models', () => {
  let dir: string;
  let model: LayersModel;
  let x: Tensor;
  beforeEach(() => {
    dir = temporaryDir();
    model = buildClassifier({ architecture: 'mlp', seed: 1 });
    x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 1);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    disposeModel(model);
    x.dispose();
  });

  it('reload with identical predictions, compiled, leaving one weights file after resaves', async () => {
    await saveModel(model, dir);
    await model.fit(x, tf.tensor1d([0, 1, 2, 3]), { epochs: 1, verbose: 0 });
    await saveModel(model, dir);
    assert.equal(weightsFiles(dir).length, 1);
    const reloaded = await loadModel(dir);
    assert.deepEqual(predictions(reloaded, x), predictions(model, x));
    assert.equal(reloaded.loss, 'sparseCategoricalCrossentropy');
    disposeModel(reloaded);
  });

  it('keep the weights loadable on their own into a model of the same build', async () => {
    await saveModel(model, dir);
    const fresh = buildClassifier({ architecture: 'mlp', seed: 2 });
    loadWeights(fresh, dir);
    assert.deepEqual(weightValues(fresh), weightValues(model));
    const other = buildAutoencoder({ architecture: 'dense' });
    assert.throws(() => loadWeights(other, dir), (e: Error) => e instanceof ArtifactError && /do not fit model/.test(e.message));
    [fresh, other].forEach(disposeModel);
  });

  it('say what is wrong, where, and what to do when missing, truncated, garbled or corrupt', async () => {
    const expectError = (pattern: RegExp) => (e: Error) => e instanceof ArtifactError && pattern.test(e.message) && /retrain/.test(e.message);
    await assert.rejects(loadModel(join(dir, 'nothing')), expectError(/nothing\/model.json: no saved model here/));
    await saveModel(model, dir);
    const weights = join(dir, weightsFiles(dir)[0]!);
    const original = readFileSync(weights);
    truncateSync(weights, original.length - 100);
    await assert.rejects(loadModel(dir), expectError(new RegExp(`${weightsFiles(dir)[0]}: truncated .* expected ${original.length}`)));
    assert.throws(() => loadWeights(model, dir), expectError(/truncated/));
    const flipped = Buffer.from(original);
    flipped[1000] ^= 0xff;
    writeFileSync(weights, flipped);
    await assert.rejects(loadModel(dir), expectError(/corrupt: SHA-256/));
    writeFileSync(weights, original);
    writeFileSync(join(dir, MODEL_FILE), '{"modelTopology": {"class_name": "Sequ');
    await assert.rejects(loadModel(dir, { remedy: 'Retrain with notebook 03.' }), (e: Error) => /model.json: not valid JSON .* Retrain with notebook 03\./.test(e.message));
    writeFileSync(join(dir, MODEL_FILE), '{"modelTopology": {"class_name": "Nonsense", "config": {}}, "weightsManifest": []}');
    await assert.rejects(loadModel(dir), expectError(/exactly one weights file/));
  });

  it('survive a writer that died before renaming its temporary files', async () => {
    await saveModel(model, dir);
    const deadPid = 2 ** 22 + 12_345; // above Linux's pid_max default, so no live process has it
    writeFileSync(join(dir, `.${MODEL_FILE}.${deadPid}.tmp`), '{"half": ');
    writeFileSync(join(dir, `.weights-0123456789abcdef.bin.${deadPid}.tmp`), 'partial');
    const reloaded = await loadModel(dir);
    assert.deepEqual(predictions(reloaded, x), predictions(model, x));
    await saveModel(model, dir);
    assert.deepEqual(readdirSync(dir).sort(), [MODEL_FILE, WEIGHTS_MANIFEST_FILE, ...weightsFiles(dir)].sort());
    disposeModel(reloaded);
  });
});

describe('JSON artifacts', () => {
  it('round-trip atomically and report garbage with the path', () => {
    const dir = temporaryDir();
    const path = join(dir, 'sub', 'results.json');
    writeJson(path, { accuracy: 0.93, epochs: [1, 2] });
    assert.deepEqual(readJson(path, { remedy: 'Rerun.' }), { accuracy: 0.93, epochs: [1, 2] });
    writeFileSync(path, 'not json');
    assert.throws(() => readJson(path, { remedy: 'Rerun.' }), (e: Error) => e instanceof ArtifactError && e.message.startsWith(path) && /Rerun\./.test(e.message));
    rmSync(dir, { recursive: true, force: true });
  });
});
