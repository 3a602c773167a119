// What a sweep's plan says its points share, against the model cache's own records; and that planning stays free
// of TensorFlow.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cacheKey } from '../lib/model-cache/key';
import { TRAINED_MODELS } from '../lib/model-cache/reads';
import { trainingRecord } from '../lib/model-cache/record';
import { PROJECT_ROOT } from '../lib/paths';
import { parseArgs } from '../tools/runner/args';
import { sharedTrainings, sweepPoints } from '../tools/sweep/plan';

const SWEEP = ['--profile', 'smoke', '--sweep', 'noise.level=0.2,0.4', '--sweep', 'noise.testLevel=same,0.5', '--sweep', 'composite.fineTuneEpochs=0,1', '--sweep', 'classifier.epochs=1,2'];

/** "autoencoder: 2 models for 16 points (…)" → 2; "one model for all" → 1. */
function modelsIn(line: string): number {
  const match = /^[\w-]+: (one|\d+) models? for/.exec(line);
  assert.ok(match, `unexpected line: ${line}`);
  return match[1] === 'one' ? 1 : Number(match[1]);
}

describe('what a sweep shares', function () {
  this.timeout(60_000);

  it('as many models per training as the model cache would make entries (one code fingerprint for every point)', () => {
    const points = sweepPoints(parseArgs(SWEEP), 'S');
    const lines = sharedTrainings(points, true);
    for (const model of TRAINED_MODELS) {
      const line = lines.find((text) => text.startsWith(`${model}:`));
      const trained = points.filter((point) => model !== 'composite-finetuned' || point.config.composite.fineTuneEpochs !== 0);
      const entries = new Set(trained.map((point) => cacheKey(trainingRecord(model, point.config, 'one checkout'))));
      assert.equal(line === undefined ? 0 : modelsIn(line), entries.size, `${model}: ${line}`);
    }
    // The grid splits each training: by one swept parameter (classifier, autoencoder) or by two.
    assert.deepEqual(lines.map(modelsIn), [2, 4, 2, 4]);
  });

  it('plans without loading TensorFlow', () => {
    const script = `require('./tools/sweep/plan'); process.stdout.write(String(Object.keys(require.cache).filter((file) => file.includes('@tensorflow')).length));`;
    const child = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, '0', 'modules of @tensorflow loaded by tools/sweep/plan.ts');
  });
});
