import assert from 'node:assert/strict';
import { parseSetting, PARAMETER_NAMES, PRESETS, resolveConfig } from '../lib/config/index';
import { ConfigError } from '../lib/errors';

function rejects(set: Record<string, unknown>, pattern: RegExp): void {
  assert.throws(() => resolveConfig({ set }), (error: Error) => error instanceof ConfigError && pattern.test(error.message));
}

describe('config', () => {
  it('gives every preset a value for every parameter, each one valid', () => {
    for (const [name, preset] of Object.entries(PRESETS)) {
      assert.deepEqual(Object.keys(preset).sort(), [...PARAMETER_NAMES].sort(), name);
      assert.doesNotThrow(() => resolveConfig({ preset: name, set: preset }));
    }
  });

  it('nests the parameters and records preset and profile', () => {
    const config = resolveConfig({ preset: 'reference' });
    assert.equal(config.classifier.architecture, 'mlp');
    assert.equal(config.autoencoder.epochs, 100);
    assert.equal(config.noise.level, 0.6);
    assert.equal(config.preset, 'reference');
    assert.equal(config.profile, 'full');
    assert.equal(config.parameters['classifier.epochs'], 30);
  });

  it('shrinks data and epochs in the smoke profile, and user settings win over it', () => {
    const smoke = resolveConfig({ profile: 'smoke' });
    assert.ok(smoke.data.trainSize <= 2000);
    assert.equal(smoke.classifier.epochs, 1);
    assert.equal(smoke.classifier.architecture, 'cnn');
    assert.equal(resolveConfig({ profile: 'smoke', set: { 'classifier.epochs': 2 } }).classifier.epochs, 2);
  });

  it('rejects bad values naming the parameter, the value and the allowed range', () => {
    rejects({ 'classifier.epochs': 0 }, /classifier\.epochs = 0 .*an integer from 1 to 1000/);
    rejects({ 'autoencoder.epochs': -3 }, /autoencoder\.epochs = -3/);
    rejects({ 'classifier.epochs': 2.5 }, /classifier\.epochs = 2\.5/);
    rejects({ 'noise.level': Number.NaN }, /noise\.level = NaN .*a number greater than 0/);
    rejects({ 'noise.level': 11 }, /noise\.level = 11 .*for noise\.type 'uniform' .*from 0 to 10/);
    rejects({ 'noise.type': 'poisson', 'noise.level': 0.5 }, /noise\.level = 0\.5 .*'poisson'.*from 1 to 1000000/);
    assert.equal(resolveConfig({ set: { 'noise.type': 'poisson', 'noise.level': 20 } }).noise.level, 20);
    rejects({ 'noise.type': 'pink' }, /noise\.type = "pink" .*'uniform', 'gaussian'/);
    rejects({ 'evaluation.sweepLevels': [] }, /sweepLevels/);
  });

  it('rejects a batch size larger than the training images left after the validation split', () => {
    rejects({ 'data.trainSize': 100, 'classifier.batchSize': 128 }, /classifier\.batchSize = 128 .*at most 90/);
  });

  it('rejects unknown presets, profiles and parameter names, suggesting the closest name', () => {
    assert.throws(() => resolveConfig({ preset: 'fast' }), /preset = "fast" .*'default', 'reference'/);
    assert.throws(() => resolveConfig({ profile: 'tiny' }), /profile = "tiny"/);
    rejects({ 'classifer.epochs': 3 }, /classifer\.epochs .*did you mean 'classifier\.epochs'/);
  });

  it('parses --set values as JSON when they parse, as text otherwise', () => {
    assert.deepEqual(parseSetting('classifier.epochs=5'), ['classifier.epochs', 5]);
    assert.deepEqual(parseSetting('noise.type=gaussian'), ['noise.type', 'gaussian']);
    assert.deepEqual(parseSetting('evaluation.sweepLevels=[0.1,0.5]'), ['evaluation.sweepLevels', [0.1, 0.5]]);
    assert.deepEqual(parseSetting('noise.level=NaN'), ['noise.level', 'NaN']);
    assert.throws(() => parseSetting('epochs'), /name=value/);
  });
});
