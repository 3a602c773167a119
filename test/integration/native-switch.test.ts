import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { trainingCodeVersion } from '../../lib/model-cache/index';
import { registerWorkspaceMaxPool } from '../../lib/native/max-pool';
import { PROJECT_ROOT } from '../../lib/paths';
import { activeNativeReplacements, nativeKernelUndo, tf } from '../../lib/tf';

const CHILD = join(__dirname, '..', 'helpers', 'native-kernels-child.ts');
const ALL = ['relu-gradient', 'max-pool', 'conv-with-bias'];

interface ChildReport {
  readonly active: string[];
  readonly kernels: string[];
  readonly loss: number[];
}

function runChild(setting: string | undefined): { status: number | null; stderr: string; report?: ChildReport } {
  const env = { ...process.env };
  if (setting === undefined) delete env['NATIVE_KERNELS'];
  else env['NATIVE_KERNELS'] = setting;
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', CHILD], { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 120_000 });
  const line = result.stdout.trim().split('\n').at(-1);
  return { status: result.status, stderr: result.stderr, report: result.status === 0 && line ? JSON.parse(line) as ChildReport : undefined };
}

describe('NATIVE_KERNELS: one switch for every native replacement', function () {
  this.timeout(240_000);

  it('lists the replacements in place, without one that was undone', () => {
    assert.deepEqual(activeNativeReplacements(), ALL);
    nativeKernelUndo.maxPool!();
    try {
      assert.deepEqual(activeNativeReplacements(), ['relu-gradient', 'conv-with-bias']);
    } finally {
      registerWorkspaceMaxPool(tf);
    }
    assert.deepEqual(activeNativeReplacements(), ALL);
  });

  it('keys the model cache: a training without a replacement is another entry', () => {
    const withAll = trainingCodeVersion();
    nativeKernelUndo.maxPool!();
    try {
      assert.notEqual(trainingCodeVersion(), withAll);
    } finally {
      registerWorkspaceMaxPool(tf);
    }
    assert.equal(trainingCodeVersion(), withAll);
  });

  it('off: none is registered, tfjs runs its own kernels (one line says so), and training works', () => {
    const off = runChild('off');
    assert.equal(off.status, 0, off.stderr);
    assert.deepEqual(off.report!.active, []);
    for (const kernel of ['Conv2D', 'Step', 'MaxPoolGrad']) assert.ok(off.report!.kernels.includes(kernel), `${kernel} not in ${off.report!.kernels}`);
    assert.ok(!off.report!.kernels.includes('LibConv2DWithBias'), off.report!.kernels.join(', '));
    assert.equal(off.report!.loss.length, 2);
    assert.ok(off.report!.loss.every(Number.isFinite), `losses ${off.report!.loss}`);
    assert.equal(off.stderr.split('\n').filter((line) => line.includes('NATIVE_KERNELS=off')).length, 1, off.stderr);
    // The same child with the replacements on runs other kernels: the kernel check above can tell the two apart.
    const on = runChild(undefined);
    assert.equal(on.status, 0, on.stderr);
    assert.deepEqual(on.report!.active, ALL);
    assert.ok(on.report!.kernels.includes('LibConv2DWithBias') && !on.report!.kernels.includes('Step') && !on.report!.kernels.includes('MaxPoolGrad'), on.report!.kernels.join(', '));
    assert.doesNotMatch(on.stderr, /NATIVE_KERNELS/);
  });

  it('refuses a value other than on and off, naming it', () => {
    const result = runChild('no');
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /BackendError: NATIVE_KERNELS="no" is not a setting: expected 'on' \(the default\) or 'off'/);
  });
});
