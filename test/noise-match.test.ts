// What σ̂ a model's training noise reads, and when an image's σ̂ is well outside it.
import assert from 'node:assert/strict';
import { matchNoise, trainingSigmaRange, type SigmaRange } from '../lib/images/noise-match';
import { tf } from '../lib/tf';

function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected} ± ${tolerance}`);
}

describe('training noise in σ̂ units, and the mismatch rule', () => {
  it('a specialist: gaussian reads its σ; uniform a about a/√12, less what clips at 1; sparse salt-and-pepper reads 0', () => {
    near(trainingSigmaRange({ kind: 'fixed', type: 'gaussian', level: 0.1 }).max, 0.1, 0.004, 'gaussian 0.1');
    // 6% above: a coefficient of uniform noise is flatter than the gaussian that MAD / 0.6745 assumes.
    near(trainingSigmaRange({ kind: 'fixed', type: 'uniform', level: 0.3 }).max, 0.3 / Math.sqrt(12), 0.07 * (0.3 / Math.sqrt(12)), 'uniform 0.3');
    near(trainingSigmaRange({ kind: 'fixed', type: 'uniform', level: 0.6 }).max, 0.17, 0.005, 'uniform 0.6');
    near(trainingSigmaRange({ kind: 'fixed', type: 'poisson', level: 10 }).max, Math.sqrt(0.5 / 10), 0.01, 'poisson 10');
    assert.ok(trainingSigmaRange({ kind: 'fixed', type: 'salt-and-pepper', level: 0.02 }).max < 1e-6, 'salt-and-pepper 0.02');
  });

  it('the blind range: from 0 (its weakest salt-and-pepper) to gaussian 0.5\'s σ̂, clipped below 0.5', () => {
    const range = trainingSigmaRange({ kind: 'blind' });
    assert.ok(range.min < 1e-6, `min ${range.min}`);
    assert.equal(range.weakest, 'salt-and-pepper 0.002');
    near(range.max, 0.38, 0.01, 'max');
    assert.equal(range.strongest, 'gaussian 0.5');
  });

  it('below half the weakest or above 1.2 times the strongest is a mismatch; a range that reads nothing cannot be compared', () => {
    const specialist: SigmaRange = { min: 0.17, max: 0.17, weakest: 'uniform 0.6', strongest: 'uniform 0.6' };
    assert.equal(matchNoise(0.003, specialist), 'weaker');
    assert.equal(matchNoise(0.084, specialist), 'weaker');
    assert.equal(matchNoise(0.086, specialist), 'like');
    assert.equal(matchNoise(0.2, specialist), 'like');
    assert.equal(matchNoise(0.21, specialist), 'stronger');
    const blind: SigmaRange = { min: 0, max: 0.38, weakest: 'salt-and-pepper 0.002', strongest: 'gaussian 0.5' };
    assert.equal(matchNoise(0, blind), 'like');
    assert.equal(matchNoise(0.45, blind), 'like');
    assert.equal(matchNoise(0.46, blind), 'stronger');
    const sparse: SigmaRange = { min: 0, max: 0, weakest: 'salt-and-pepper 0.02', strongest: 'salt-and-pepper 0.02' };
    assert.equal(matchNoise(0.3, sparse), 'like');
  });

  it('leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    trainingSigmaRange({ kind: 'fixed', type: 'speckle', level: 0.6 });
    assert.equal(tf.memory().numTensors, before);
  });
});
