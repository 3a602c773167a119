// Classical denoisers against hand-computed values and scikit-image 0.26's outputs (test/fixtures/denoisers.json).
import { strict as assert } from 'node:assert';
import { borderIndices, gaussianBlur, gaussianKernel1d, medianFilter, nlMeans, tuneParameter } from '../lib/denoisers';
import type { BorderMode } from '../lib/denoisers';
import { ConfigError } from '../lib/errors';
import { psnr } from '../lib/metrics';
import { tf } from '../lib/tf';
import type { Tensor4D } from '../lib/tf';
import { denoiserFixture, imageTensor } from './helpers/metrics-fixtures';
import { assertClose, assertNoTensorLeak, constantImages } from './helpers/noise-tensors';

/** float32 against skimage's float64: measured differences are below 1e-6. */
const SKIMAGE_TOLERANCE = 1e-5;
/** skimage's NLM uses an approximate exp (≤ 6% off); exact exp moves outputs by up to ~3e-3 on the fixture. */
const EXACT_EXP_TOLERANCE = 5e-3;

function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
  return worst;
}

function outputOf(run: () => Tensor4D): Float32Array {
  return tf.tidy(() => run().dataSync() as Float32Array);
}

describe('denoisers: hand-computed values', () => {
  it('extends borders as scipy names them: reflect, mirror, nearest', () => {
    const modes: [BorderMode, number[]][] = [
      ['reflect', [2, 1, 0, 0, 1, 2, 3, 3, 2, 1]],
      ['mirror', [3, 2, 1, 0, 1, 2, 3, 2, 1, 0]],
      ['nearest', [0, 0, 0, 0, 1, 2, 3, 3, 3, 3]],
    ];
    for (const [mode, expected] of modes) assert.deepEqual(Array.from(borderIndices(4, 3, mode)), expected, mode);
  });

  it('gaussian blur of an impulse is the normalized kernel exp(-(x²+y²)/2σ²) / Σ', () => {
    const impulse = tf.buffer([1, 15, 15, 1]);
    impulse.set(1, 0, 7, 7, 0);
    const input = impulse.toTensor() as Tensor4D;
    const blurred = outputOf(() => gaussianBlur(input, { sigma: 1 })); // radius round(4·1) = 4
    const oneD = [-4, -3, -2, -1, 0, 1, 2, 3, 4].map((x) => Math.exp(-(x * x) / 2));
    const total = oneD.reduce((sum, w) => sum + w, 0);
    for (let y = -4; y <= 4; y++) {
      for (let x = -4; x <= 4; x++) {
        const expected = ((oneD[y + 4] as number) * (oneD[x + 4] as number)) / (total * total);
        assertClose(blurred[(7 + y) * 15 + 7 + x] as number, expected, 1e-7, `pixel (${y}, ${x})`);
      }
    }
    assertClose(blurred[7 * 15 + 2] as number, 0, 0, 'pixel beyond the radius');
    assert.equal(gaussianKernel1d(1, 4).length, 9);
    input.dispose();
  });

  it('median: center of 1..9 is 5; corner with nearest borders is median(1,1,1,1,2,2,4,4,5) = 2', () => {
    const grid = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const out = outputOf(() => medianFilter(grid, { size: 3 }));
    assert.equal(out[4], 5);
    assert.equal(out[0], 2);
    grid.dispose();
  });

  it('median removes an isolated salt pixel and keeps a constant image', () => {
    const salted = tf.tidy(() => constantImages(1, 0.3).add(tf.oneHot([400], 784).reshape([1, 28, 28, 1]).mul(0.7))) as Tensor4D;
    assert.ok(outputOf(() => medianFilter(salted)).every((value) => Math.abs(value - 0.3) < 1e-7));
    salted.dispose();
  });

  it('constant images come out unchanged from every denoiser and border mode', () => {
    const flat = constantImages(2, 0.42);
    for (const mode of ['reflect', 'mirror', 'nearest'] as const) {
      for (const out of [outputOf(() => gaussianBlur(flat, { sigma: 2, mode })), outputOf(() => medianFilter(flat, { size: 5, mode }))]) {
        assert.ok(out.every((value) => Math.abs(value - 0.42) < 1e-6), mode);
      }
    }
    assert.ok(outputOf(() => nlMeans(flat)).every((value) => Math.abs(value - 0.42) < 1e-6), 'NLM');
    flat.dispose();
  });
});

describe('denoisers: against scikit-image 0.26', () => {
  const fixture = denoiserFixture();
  for (const c of fixture.cases) {
    const options = c.options as Record<string, never>;
    const variants: [string, (x: Tensor4D) => Tensor4D, number][] =
      c.kind === 'gaussian'
        ? [['', (x) => gaussianBlur(x, options), SKIMAGE_TOLERANCE]]
        : c.kind === 'median'
          ? [['', (x) => medianFilter(x, options), SKIMAGE_TOLERANCE]]
          : [
              [' (fastExp, as skimage)', (x) => nlMeans(x, { ...options, fastExp: true }), SKIMAGE_TOLERANCE],
              [' (exact exp)', (x) => nlMeans(x, options), EXACT_EXP_TOLERANCE],
            ];
    for (const [label, run, tolerance] of variants) {
      it(`${c.kind}${label} ${JSON.stringify(c.options)} on ${c.image}: max difference ≤ ${tolerance}`, () => {
        const image = fixture.images[c.image];
        assert.ok(image !== undefined, `fixture image ${c.image}`);
        assertNoTensorLeak(() => {
          const input = imageTensor(image.values, image.shape);
          const difference = maxAbsDifference(outputOf(() => run(input)), c.expected);
          assert.ok(difference <= tolerance, `max |ours - skimage| = ${difference}`);
          input.dispose();
        });
      });
    }
  }
});

describe('denoisers: batches, memory and arguments', () => {
  it('gives each image the same output in a large batch as alone, and frees every intermediate', () => {
    const images = tf.randomUniform([1100, 28, 28, 1], 0, 1, 'float32', 1) as Tensor4D;
    const runs: [string, (x: Tensor4D) => Tensor4D][] = [
      ['gaussian', (x) => gaussianBlur(x, { sigma: 1.5 })],
      ['median', (x) => medianFilter(x, { size: 3 })], // 500 images per batch: three batches
      ['nlMeans', (x) => nlMeans(x, { patchSize: 3, patchDistance: 1 })],
    ];
    for (const [name, run] of runs) {
      assertNoTensorLeak(() => {
        const all = outputOf(() => run(images).slice(1000, 3));
        const alone = outputOf(() => run(images.slice(1000, 3)));
        assert.equal(maxAbsDifference(all, alone), 0, name);
      });
    }
    images.dispose();
  });

  it('rejects bad arguments with a ConfigError naming the parameter', () => {
    const images = constantImages(1, 0.5);
    const cases: [() => unknown, RegExp][] = [
      [() => gaussianBlur(images, { sigma: 0 }), /sigma = 0/],
      [() => gaussianBlur(images, { mode: 'wrap' as BorderMode }), /mode = "wrap".*reflect, mirror, nearest/],
      [() => medianFilter(images, { size: 4 }), /size = 4 .*odd integer/],
      [() => nlMeans(images, { patchSize: 4 }), /patchSize = 4 .*odd integer/],
      [() => nlMeans(images, { h: -1 }), /h = -1/],
      [() => tuneParameter([], (x) => x, { noisy: images, clean: images }), /candidates/],
    ];
    for (const [call, message] of cases) {
      assert.throws(call, (error: Error) => error instanceof ConfigError && message.test(error.message));
    }
    images.dispose();
  });
});

describe('denoisers: tuning on validation pairs', () => {
  it('scores every candidate by mean PSNR, in order, and returns the best one', () => {
    const clean = tf.tidy(() => tf.randomUniform([20, 7, 7, 1], 0, 1, 'float32', 2).resizeBilinear([28, 28])) as Tensor4D;
    const noisy = tf.tidy(() => clean.add(tf.randomNormal(clean.shape, 0, 0.15, 'float32', 3)).clipByValue(0, 1)) as Tensor4D;
    const candidates = [0.3, 1, 4];
    const result = assertNoTensorLeak(() => tuneParameter(candidates, (x, sigma) => gaussianBlur(x, { sigma }), { noisy, clean }));
    assert.deepEqual(
      result.scores.map((score) => score.value),
      candidates,
    );
    result.scores.forEach((score) => {
      const expected = tf.tidy(() => psnr(clean, gaussianBlur(noisy, { sigma: score.value })).mean);
      assertClose(score.meanPsnr, expected, 1e-9, `σ = ${score.value}`);
    });
    const best = result.scores.reduce((a, b) => (b.meanPsnr > a.meanPsnr ? b : a));
    assert.equal(result.best, best.value);
    assert.equal(result.best, 1, `σ = 1 should beat too little (0.3) and far too much (4) blur: ${JSON.stringify(result.scores)}`);
    tf.dispose([clean, noisy]);
  });
});
