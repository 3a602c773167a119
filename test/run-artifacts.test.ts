// results.json sections and saved models, named once with their writers; readers get typed fields or a clear error.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../lib/config/index';
import { MissingResultError } from '../lib/errors';
import { addNoise } from '../lib/noise/noise';
import { recordResults } from '../lib/run/results';
import { readSection, RESULT_SECTIONS, RUN_MODELS } from '../lib/run/results';
import { noiseSeed, noisyImages } from '../lib/steps/noise';
import { tf, type Tensor4D } from '../lib/tf';
import { temporaryDir } from './helpers/idx-files';

const CLASSIFIER = { architecture: 'cnn', clean_accuracy: 0.93, noisy_accuracy: 0.35, per_class_clean: [0.9], per_class_noisy: [0.3], epochs_run: 14 };

describe('run artifacts', () => {
  it('reads back what a notebook recorded, with its fields typed', () => {
    const dir = temporaryDir();
    recordResults(dir, 'classifier', CLASSIFIER);
    const section = readSection(dir, 'classifier');
    const clean: number = section.clean_accuracy;
    assert.equal(clean, 0.93);
    assert.deepEqual(section.per_class_noisy, [0.3]);
    assert.equal(section['epochs_run'], 14);
  });

  it('a missing section names the notebook that writes it and the command', () => {
    assert.throws(() => readSection(temporaryDir(), 'composite'), (error: Error) =>
      error instanceof MissingResultError && /has no 'composite' section yet: run notebook 05 first .*npm start -- --run latest --from 05/.test(error.message));
  });

  it('a renamed or mistyped field is an error naming field, kind and notebook, not a NaN', () => {
    const dir = temporaryDir();
    const { clean_accuracy: _renamed, ...rest } = CLASSIFIER;
    recordResults(dir, 'classifier', { ...rest, clean_acc: 0.93 });
    assert.throws(() => readSection(dir, 'classifier'), /has no number 'clean_accuracy' in its 'classifier' section \(found undefined.*run notebook 03 first/);
    writeFileSync(join(dir, 'results.json'), JSON.stringify({ classifier: { ...CLASSIFIER, noisy_accuracy: '0.35' } }));
    assert.throws(() => readSection(dir, 'classifier'), /no number 'noisy_accuracy' .*found "0\.35"/);
  });

  it('every section and saved model names a writing notebook', () => {
    for (const [name, { writtenBy }] of Object.entries(RESULT_SECTIONS)) assert.match(writtenBy, /^\d\d$|^the runner$/, name);
    for (const [name, writtenBy] of Object.entries(RUN_MODELS)) assert.match(writtenBy, /^\d\d$/, name);
  });

  it("noiseSeed gives the test split's seed that noisyImages uses, and not the training one", () => {
    const config = resolveConfig({ profile: 'smoke' });
    const images = tf.fill([2, 28, 28, 1], 0.5) as Tensor4D;
    const viaSplit = noisyImages(images, config, 'test');
    const viaSeed = addNoise(images, { type: config.noise.type, level: config.noise.level, seed: noiseSeed(config, 'test') });
    assert.deepEqual(Array.from(viaSplit.dataSync()), Array.from(viaSeed.dataSync()));
    assert.notEqual(noiseSeed(config, 'test'), noiseSeed(config, 'train'));
    tf.dispose([images, viaSplit, viaSeed]);
  });
});
