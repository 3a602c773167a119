// Which autoencoder `npm run denoise` picks without --model: the newest blind one, else the latest run's; and what it says of each.
import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseModel } from '../tools/denoise/model';
import { temporaryDir } from './helpers/idx-files';

/** A run folder as the runner leaves it, with an autoencoder trained with `parameters`, saved at `time` (seconds). */
function runWithModel(runsDir: string, name: string, parameters: Record<string, unknown>, time: number): string {
  const run = join(runsDir, name);
  const model = join(run, 'models', 'autoencoder');
  mkdirSync(model, { recursive: true });
  writeFileSync(join(run, 'run.log'), '');
  writeFileSync(join(model, 'model.json'), '{}');
  writeFileSync(join(model, 'provenance.json'), JSON.stringify({ model: 'autoencoder', parameters }));
  utimesSync(join(model, 'model.json'), time, time);
  return model;
}

const FIXED = { 'noise.training': 'fixed', 'noise.type': 'uniform', 'noise.level': 0.6 };
const BLIND = { ...FIXED, 'noise.training': 'blind' };

describe('npm run denoise: the model it chooses', () => {
  it('without --model, the newest blind autoencoder, even when the latest run trained a specialist', () => {
    const runsDir = temporaryDir('fmd-choose-');
    runWithModel(runsDir, 'run-1', BLIND, 1_000);
    const newest = runWithModel(runsDir, 'run-2', BLIND, 2_000);
    runWithModel(runsDir, 'run-3', FIXED, 3_000);
    symlinkSync('run-3', join(runsDir, 'latest'));
    const chosen = chooseModel(undefined, runsDir);
    assert.equal(chosen.dir, newest);
    assert.match(chosen.why, /^the newest blind autoencoder under runs\/: no noise setting needed$/);
    assert.equal(chosen.trainedOn, 'every noise type at a range of levels (blind)');
  });

  it('with no blind autoencoder, the latest run\'s, saying what noise it knows and how to train a blind one', () => {
    const runsDir = temporaryDir('fmd-choose-');
    const latest = runWithModel(runsDir, 'run-1', FIXED, 1_000);
    symlinkSync('run-1', join(runsDir, 'latest'));
    const chosen = chooseModel(undefined, runsDir);
    assert.equal(chosen.dir, latest);
    assert.match(chosen.why, /^the latest run's, as no run has a blind autoencoder yet \(`npm start -- --preset blind` trains one for any noise\)$/);
    assert.match(chosen.trainedOn, /^uniform noise at level 0\.6 only; other noise may come out worse/);
  });

  it('--model wins over a blind autoencoder', () => {
    const runsDir = temporaryDir('fmd-choose-');
    runWithModel(runsDir, 'run-1', BLIND, 2_000);
    const given = runWithModel(runsDir, 'run-2', FIXED, 1_000);
    const chosen = chooseModel(join(runsDir, 'run-2'), runsDir);
    assert.deepEqual([chosen.dir, chosen.why], [given, 'given with --model']);
  });
});
