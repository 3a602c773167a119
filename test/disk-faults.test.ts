// A full disk and a read-only folder, made real with a tiny tmpfs (needs root: without it these tests fail and say so).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, saveModel } from '../lib/artifacts/model-files';
import { WriteError } from '../lib/artifacts/atomic-write';
import { buildClassifier } from '../lib/models/classifier';
import { readResults, recordResults } from '../lib/run/results';
import { tf } from '../lib/tf';
import { temporaryDir } from './helpers/idx-files';
import { remount, requireTmpfs, unmount } from './helpers/tmpfs';

const TINY_FS_BYTES = 600 * 1024;

describe('a full disk and a read-only folder', function () {
  this.timeout(60_000);
  let dir = '';

  beforeEach(() => {
    dir = temporaryDir('fmd-disk-');
    requireTmpfs(dir, `size=${TINY_FS_BYTES}`);
  });
  afterEach(() => unmount(dir));

  it('disk full while writing results.json: a WriteError naming the file and the fix; the old results stay', () => {
    recordResults(dir, 'classifier', { clean_accuracy: 0.9 });
    assert.throws(
      () => recordResults(dir, 'evaluation', { padding: 'x'.repeat(2 * TINY_FS_BYTES) }),
      (error: Error) => error instanceof WriteError && error.message.includes(join(dir, 'results.json')) && /ENOSPC.*Free disk space/.test(error.message),
    );
    assert.deepEqual(readResults(dir), { classifier: { clean_accuracy: 0.9 } });
    assert.deepEqual(readdirSync(dir), ['results.json'], 'a temporary file was left behind');
  });

  it('disk full while saving a model over an older one: the older one still loads', async () => {
    const small = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });
    small.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    await saveModel(small, join(dir, 'model'));
    const big = buildClassifier({ architecture: 'cnn', seed: 2 });
    await assert.rejects(saveModel(big, join(dir, 'model')), (error: Error) => error instanceof WriteError && /ENOSPC/.test(error.message));
    const reloaded = await loadModel(join(dir, 'model'));
    assert.equal(reloaded.countParams(), small.countParams());
    tf.dispose([small, big, reloaded] as never);
  });

  it('read-only folder: a WriteError saying so; the file keeps its content', () => {
    recordResults(dir, 'classifier', { clean_accuracy: 0.9 });
    const before = readFileSync(join(dir, 'results.json'), 'utf8');
    assert.ok(remount(dir, 'ro'), `could not remount the tmpfs on ${dir} read-only`);
    assert.throws(() => recordResults(dir, 'composite', { accuracy: 0.88 }), (error: Error) => error instanceof WriteError && /EROFS.*read-only/.test(error.message));
    assert.equal(readFileSync(join(dir, 'results.json'), 'utf8'), before);
  });
});
