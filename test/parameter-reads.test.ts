// What a training reads of the configuration, against what its cache record lists.
import assert from 'node:assert/strict';
import { resolveConfig } from '../lib/config/index';
import { trainingParameters } from '../lib/model-cache/index';
import { checkReadsRecorded, trackParameterReads } from '../lib/run/parameter-reads';
import { noisyImages } from '../lib/steps/noise';
import { tf, type Tensor4D } from '../lib/tf';

describe('trackParameterReads', () => {
  it('notes grouped, top-level and flat reads, and nothing else', () => {
    const { config, reads } = trackParameterReads(resolveConfig({ profile: 'smoke' }));
    assert.equal(config.noise.level, 0.6);
    assert.equal(config.seed, 42);
    assert.deepEqual(config.evaluation.sweepLevels, [0.3, 0.6]);
    assert.equal(config.parameters['classifier.epochs'], 1);
    assert.equal(config.preset, 'default');
    assert.deepEqual([...reads()].sort(), ['classifier.epochs', 'evaluation.sweepLevels', 'noise.level', 'seed']);
  });

  it('sees every parameter read by a destructuring or a spread', () => {
    const { config, reads } = trackParameterReads(resolveConfig({ profile: 'smoke' }));
    const { type } = config.noise;
    assert.equal(type, 'uniform');
    assert.ok(reads().has('noise.type') && !reads().has('noise.level'));
    const copy = { ...config.noise };
    assert.equal(copy.level, 0.6);
    assert.ok(reads().has('noise.level') && reads().has('noise.testLevel'));
  });

  it('training noise reads no test-only parameter, so trainings that add noise keep their cache records', () => {
    const { config, reads } = trackParameterReads(resolveConfig({ profile: 'smoke' }));
    const images = tf.zeros([2, 28, 28, 1]) as Tensor4D;
    try {
      noisyImages(images, config, 'train').dispose();
    } finally {
      images.dispose();
    }
    assert.deepEqual([...reads()].sort(), ['noise.level', 'noise.seed', 'noise.type']);
    assert.doesNotThrow(() => checkReadsRecorded('autoencoder', reads(), trainingParameters('autoencoder', resolveConfig())));
  });
});

describe('checkReadsRecorded', () => {
  it('refuses a training that read a parameter its record leaves out, naming it and the file to fix', () => {
    const recorded = trainingParameters('classifier', resolveConfig());
    assert.doesNotThrow(() => checkReadsRecorded('classifier', new Set(['classifier.epochs', 'seed']), recorded));
    assert.throws(
      () => checkReadsRecorded('classifier', new Set(['classifier.epochs', 'noise.level']), recorded),
      /training 'classifier' read noise\.level, which its cache record leaves out.*lib\/model-cache\/reads\.ts\. Nothing was cached\./,
    );
  });
});
