// The benchmark times the preset's training: batch sizes, step sizes, designs and noise read from lib/config, while
// its own sizes and repetitions stay its own.
import assert from 'node:assert/strict';
import { resolveConfig } from '../lib/config/index';
import { parseArgs, presetSetup, UsageError } from '../tools/bench/settings';

/** What `preset` trains with, straight from the resolved parameter set. */
function fromParameters(preset: string) {
  const p = resolveConfig({ preset }).parameters;
  return {
    autoencoder: { batchSize: p['autoencoder.batchSize'], learningRate: p['autoencoder.learningRate'], architecture: p['autoencoder.architecture'], loss: p['autoencoder.loss'] },
    classifier: { batchSize: p['classifier.batchSize'], learningRate: p['classifier.learningRate'], architecture: p['classifier.architecture'] },
    noise: { type: p['noise.type'], level: p['noise.level'], seed: p['noise.seed'] },
  };
}

describe('bench settings', () => {
  it('time the default preset as lib/config resolves it', () => {
    assert.deepEqual(parseArgs([]).preset, fromParameters('default'));
    assert.deepEqual(parseArgs(['--quick']).preset, fromParameters('default'));
  });

  it('follow whichever preset they read, not numbers of their own (the tutorial preset: batch 200, gaussian noise)', () => {
    for (const preset of ['default', 'reference', 'tutorial']) assert.deepEqual(presetSetup(preset), fromParameters(preset), preset);
    assert.notDeepEqual(presetSetup('tutorial'), presetSetup('default'));
  });

  it('size --quick in the preset\'s batches: 40 whole ones and a ragged last one; --images below one batch is refused', () => {
    const batch = fromParameters('default').autoencoder.batchSize;
    const { trainImages } = parseArgs(['--quick']);
    assert.equal(Math.floor(trainImages / batch), 40);
    assert.ok(trainImages % batch > 0, `${trainImages} images fill every batch: the ragged last batch goes untimed`);
    assert.throws(() => parseArgs(['--images', String(batch - 1)]), (error: Error) => error instanceof UsageError && error.message.includes(`from ${batch} to 60000, found '${batch - 1}'`));
  });

  it('keep the bench\'s own epochs, repetitions and data size', () => {
    assert.deepEqual(
      (({ trainImages, repetitions, inferenceRepetitions }) => ({ trainImages, repetitions, inferenceRepetitions }))(parseArgs(['--reps', '5', '--images', '1000'])),
      { trainImages: 1000, repetitions: 5, inferenceRepetitions: 5 },
    );
  });
});
