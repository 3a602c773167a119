// A run's trainings through the model cache, in child processes whose RUNS_DIR is the test's own: a model trained
// from other models keys on their weights, and a training that reads a parameter its record leaves out caches nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/paths';
import { temporaryDir } from '../helpers/idx-files';

interface Outcome {
  readonly fromCache?: boolean;
  readonly dir?: string;
  readonly record?: Record<string, unknown>;
  readonly error?: string;
}

function train(runsDir: string, request: { alsoRead?: string; parents?: Record<string, string> }): Outcome {
  const child = join(__dirname, '..', 'helpers', 'run-training-child.ts');
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', child, JSON.stringify({ runDir: join(runsDir, 'run'), ...request })], {
    cwd: PROJECT_ROOT, env: { ...process.env, RUNS_DIR: runsDir }, encoding: 'utf8', timeout: 120_000,
  });
  const line = result.stdout.trim().split('\n').at(-1);
  assert.ok(line?.startsWith('{'), `the child printed no outcome:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line!) as Outcome;
}

function entries(runsDir: string): string[] {
  const cache = join(runsDir, 'model-cache');
  return existsSync(cache) ? readdirSync(cache).filter((name) => !name.startsWith('.')).sort() : [];
}

describe('a run’s trainings in the model cache', function () {
  this.timeout(300_000);

  it('keys a model trained from other models on their weights: other parents, another entry; the same, reuse', () => {
    const runsDir = temporaryDir('fmd-run-trainings-');
    const first = train(runsDir, { parents: { autoencoder: 'a'.repeat(64), classifier: 'c'.repeat(64) } });
    assert.equal(first.fromCache, false, JSON.stringify(first));
    assert.deepEqual(first.record?.parents, { autoencoder: 'a'.repeat(64), classifier: 'c'.repeat(64) });
    const otherParent = train(runsDir, { parents: { autoencoder: 'b'.repeat(64), classifier: 'c'.repeat(64) } });
    assert.equal(otherParent.fromCache, false, 'a fine-tuning of another autoencoder reused the first one’s model');
    assert.notEqual(otherParent.dir, first.dir);
    const again = train(runsDir, { parents: { autoencoder: 'a'.repeat(64), classifier: 'c'.repeat(64) } });
    assert.equal(again.fromCache, true);
    assert.equal(again.dir, first.dir);
  });

  it('stops a training that read a parameter its cache record leaves out, and caches nothing', () => {
    const runsDir = temporaryDir('fmd-run-trainings-');
    const outcome = train(runsDir, { alsoRead: 'evaluation.qualityImages' });
    assert.match(outcome.error ?? '', /training 'composite-finetuned' read evaluation\.qualityImages, which its cache record leaves out/);
    assert.deepEqual(entries(runsDir), []);
    assert.equal(train(runsDir, {}).fromCache, false, 'the same training without the stray read trains and caches');
    assert.equal(entries(runsDir).length, 1);
  });
});
