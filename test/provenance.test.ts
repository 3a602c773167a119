// Run models carry what they were trained with, and a notebook refuses one trained with other parameters.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { saveModel } from '../lib/artifacts/model-files';
import { resolveConfig } from '../lib/config/index';
import { ArtifactError, RunMismatchError } from '../lib/errors';
import { trainingParameters } from '../lib/model-cache/index';
import type { NotebookRun } from '../lib/run/notebook-run';
import { checkRunModel, expectedParameters, PROVENANCE_FILE, writeProvenance, type ModelProvenance } from '../lib/run/provenance';
import { temporaryDir } from './helpers/idx-files';
import { disposeModel, tinyRegressor } from './helpers/models';

function runWith(runDir: string, set: Record<string, unknown> = {}): NotebookRun {
  return { config: resolveConfig({ profile: 'smoke', set }), runDir, cache: true, compare: 'complete' };
}

async function saveWithProvenance(run: NotebookRun, name: 'classifier' | 'autoencoder'): Promise<string> {
  const model = tinyRegressor();
  const dir = join(run.runDir, 'models', name);
  try {
    await saveModel(model, dir);
  } finally {
    disposeModel(model);
  }
  writeProvenance(run, name, { code: 'code-1', cacheEntry: '/cache/entry' });
  return dir;
}

describe('run model provenance', () => {
  it('records the parameters its training reads, the code, the cache entry and the weights hash', async () => {
    const run = runWith(temporaryDir());
    const dir = await saveWithProvenance(run, 'autoencoder');
    const provenance = JSON.parse(readFileSync(join(dir, PROVENANCE_FILE), 'utf8')) as ModelProvenance;
    assert.deepEqual(provenance.parameters, trainingParameters('autoencoder', run.config));
    assert.equal(provenance.parameters['noise.level'], 0.6);
    assert.equal(provenance.code, 'code-1');
    assert.equal(provenance.cache_entry, '/cache/entry');
    const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { weightsSha256: string };
    assert.equal(provenance.weights_sha256, manifest.weightsSha256);
    assert.deepEqual(checkRunModel(run, 'autoencoder'), provenance);
  });

  it('refuses a model trained with other parameters, naming each with both values and what to run', async () => {
    const runDir = temporaryDir();
    await saveWithProvenance(runWith(runDir), 'autoencoder');
    const edited = runWith(runDir, { 'noise.level': 0.4, 'autoencoder.epochs': 2 });
    assert.throws(() => checkRunModel(edited, 'autoencoder'), (error: Error) => {
      assert.ok(error instanceof RunMismatchError, error.message);
      assert.deepEqual(error.differences.map((d) => [d.name, d.saved, d.wanted]), [['autoencoder.epochs', 1, 2], ['noise.level', 0.6, 0.4]]);
      assert.match(error.message, /noise\.level: trained with 0\.6, this notebook has 0\.4/);
      assert.match(error.message, /rerun notebook 04 and the ones after it/);
      return true;
    });
  });

  it('ignores parameters the training does not read', async () => {
    const runDir = temporaryDir();
    await saveWithProvenance(runWith(runDir), 'classifier');
    assert.doesNotThrow(() => checkRunModel(runWith(runDir, { 'noise.level': 0.4, 'evaluation.qualityImages': 5 }), 'classifier'));
    assert.throws(() => checkRunModel(runWith(runDir, { 'classifier.learningRate': 0.01 }), 'classifier'), RunMismatchError);
  });

  it('checks the composite against both of its parts’ trainings', () => {
    const config = resolveConfig({ profile: 'smoke' });
    assert.deepEqual(expectedParameters('composite', config), { ...trainingParameters('classifier', config), ...trainingParameters('autoencoder', config) });
  });

  it('refuses a model without provenance, and one whose weights were replaced after it was written', async () => {
    const run = runWith(temporaryDir());
    const dir = await saveWithProvenance(run, 'classifier');
    const replacement = tinyRegressor(7);
    try {
      await saveModel(replacement, dir);
    } finally {
      disposeModel(replacement);
    }
    assert.throws(() => checkRunModel(run, 'classifier'), (error: Error) => error instanceof ArtifactError && /other weights/.test(error.message));
    rmSync(join(dir, PROVENANCE_FILE));
    assert.throws(() => checkRunModel(run, 'classifier'), (error: Error) => error instanceof ArtifactError && /no provenance record/.test(error.message));
    writeFileSync(join(dir, PROVENANCE_FILE), '{');
    assert.throws(() => checkRunModel(run, 'classifier'), ArtifactError);
  });

  it('says which notebook saves a model that is missing', () => {
    assert.throws(() => checkRunModel(runWith(temporaryDir()), 'autoencoder'), /no saved autoencoder here \(notebook 04 saves it\)/);
  });
});
