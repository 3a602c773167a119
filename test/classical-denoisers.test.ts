// Wavelet shrinkage, total variation and anisotropic diffusion against hand-computed values, scikit-image 0.26's
// outputs and a Perona-Malik reference (test/fixtures/classical.json, written by make-classical-fixture.py).
import { strict as assert } from 'node:assert';
import { anisotropicDiffusion, tvChambolle, waveletDenoise } from '../lib/denoisers';
import type { AnisotropicDiffusionOptions, Conduction, TvChambolleOptions, WaveletMethod, WaveletOptions } from '../lib/denoisers';
import { ConfigError } from '../lib/errors';
import { tf } from '../lib/tf';
import type { Tensor4D } from '../lib/tf';
import { classicalFixture, imageTensor, type ClassicalKind } from './helpers/metrics-fixtures';
import { assertClose, assertNoTensorLeak, constantImages } from './helpers/noise-tensors';

/** float32 against float64: the largest difference measured on the fixture is 5e-7 (diffusion), 4e-7 (wavelet). */
const REFERENCE_TOLERANCE = 2e-6;
/**
 * With eps 1e-6 the stopping test compares energies closer than float32 resolves: this case stops at iteration 132
 * instead of 134, as skimage itself does on float32 input, and differs by 7.5e-5.
 */
const FLOAT32_STOP_TOLERANCE = 2e-4;

function outputOf(run: () => Tensor4D): Float32Array {
  return tf.tidy(() => run().dataSync() as Float32Array);
}

function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
  return worst;
}

const DENOISE: Readonly<Record<ClassicalKind, (images: Tensor4D, options: Record<string, number | string>) => Tensor4D>> = {
  wavelet: (images, options) => waveletDenoise(images, options as WaveletOptions),
  tvChambolle: (images, options) => tvChambolle(images, options as TvChambolleOptions),
  anisotropicDiffusion: (images, options) => anisotropicDiffusion(images, options as AnisotropicDiffusionOptions),
};

describe('classical denoisers: hand-computed values', () => {
  it('wavelet: one Haar level with every detail thresholded away leaves each 2×2 block its mean', () => {
    const image = tf.tensor4d([1, 2, 5, 6, 3, 4, 7, 8, 0, 0, 1, 1, 0, 4, 1, 1], [1, 4, 4, 1]);
    const blocks = [2.5, 2.5, 6.5, 6.5, 2.5, 2.5, 6.5, 6.5, 1, 1, 1, 1, 1, 1, 1, 1];
    // VisuShrink's threshold σ·√(2 ln 16) = 23.5 exceeds every detail coefficient (at most 4).
    const out = outputOf(() => waveletDenoise(image, { method: 'VisuShrink', sigma: 10, levels: 1 }));
    out.forEach((value, i) => assertClose(value, blocks[i] as number, 1e-6, `pixel ${i}`));
    image.dispose();
  });

  it('wavelet: a zero threshold reconstructs the image, odd sizes and several levels included', () => {
    const image = tf.randomUniform([2, 11, 13, 2], 0, 1, 'float32', 7) as Tensor4D;
    for (const levels of [1, 2, 3]) {
      const out = outputOf(() => waveletDenoise(image, { sigma: 0, levels }));
      assert.ok(maxAbsDifference(out, image.dataSync()) < 1e-6, `levels ${levels}`);
    }
    image.dispose();
  });

  it('diffusion: one step on an impulse moves λ·g(1)·1 to each of the 4 neighbours', () => {
    const impulse = tf.buffer([1, 5, 5, 1]);
    impulse.set(1, 0, 2, 2, 0);
    const input = impulse.toTensor() as Tensor4D;
    const conductances: [Conduction, number][] = [['exponential', Math.exp(-1)], ['rational', 0.5]]; // κ = 1, |∇| = 1
    for (const [conduction, g] of conductances) {
      const out = outputOf(() => anisotropicDiffusion(input, { conduction, iterations: 1, kappa: 1, step: 0.2 }));
      assertClose(out[12] as number, 1 - 4 * 0.2 * g, 1e-6, `${conduction}: center`);
      for (const neighbour of [7, 11, 13, 17]) assertClose(out[neighbour] as number, 0.2 * g, 1e-6, `${conduction}: pixel ${neighbour}`);
      assertClose(out[6] as number, 0, 0, `${conduction}: diagonal pixel`);
    }
    input.dispose();
  });

  it('diffusion keeps the sum of every image (no flux across the border); TV keeps its mean', () => {
    const images = tf.randomUniform([3, 9, 12, 2], 0, 1, 'float32', 11) as Tensor4D;
    const sums = (x: Tensor4D) => Array.from(tf.tidy(() => x.sum([1, 2]).dataSync()));
    const before = sums(images);
    const runs: [string, () => Tensor4D][] = [
      ['diffusion', () => anisotropicDiffusion(images, { iterations: 30, kappa: 0.3 })],
      ['TV', () => tvChambolle(images, { weight: 0.3 })],
    ];
    for (const [name, run] of runs) {
      const out = run();
      sums(out).forEach((sum, i) => assertClose(sum, before[i] as number, 1e-3, `${name}: image and channel ${i}`));
      out.dispose();
    }
    images.dispose();
  });

  it('constant images come out unchanged (wavelet: where skimage returns NaN, see waveletDenoise)', () => {
    const flat = constantImages(2, 0.42);
    const runs: [string, () => Tensor4D][] = [
      ['wavelet BayesShrink', () => waveletDenoise(flat)],
      ['wavelet, σ 0', () => waveletDenoise(flat, { sigma: 0 })],
      ['wavelet VisuShrink, σ 0.1', () => waveletDenoise(flat, { method: 'VisuShrink', sigma: 0.1, levels: 3 })],
      ['TV', () => tvChambolle(flat, { weight: 0.5 })],
      ['diffusion', () => anisotropicDiffusion(flat, { conduction: 'rational', iterations: 20 })],
    ];
    for (const [name, run] of runs) assert.ok(outputOf(run).every((value) => Math.abs(value - 0.42) < 1e-6), name);
    flat.dispose();
  });
});

describe('classical denoisers: against scikit-image 0.26 and the Perona-Malik reference', () => {
  const fixture = classicalFixture();
  const inputOf = (name: string): Tensor4D => {
    const image = fixture.images[name];
    assert.ok(image !== undefined, `fixture image ${name}`);
    return imageTensor(image.values, image.shape);
  };

  for (const c of fixture.cases) {
    const tolerance = c.options.eps === 1e-6 ? FLOAT32_STOP_TOLERANCE : REFERENCE_TOLERANCE;
    it(`${c.kind} ${JSON.stringify(c.options)} on ${c.image}: max difference ≤ ${tolerance}`, () => {
      assertNoTensorLeak(() => {
        const input = inputOf(c.image);
        const difference = maxAbsDifference(outputOf(() => DENOISE[c.kind](input, c.options)), c.expected);
        assert.ok(difference <= tolerance, `max |ours - reference| = ${difference}`);
        input.dispose();
      });
    });
  }

  it('denoises the 28×28 images together as each alone: σ estimates and TV stopping iterations are per image', () => {
    const names = Object.keys(fixture.images).filter((name) => fixture.images[name]?.shape.join() === '28,28,1');
    assert.ok(names.length >= 3, 'three 28×28 fixture images');
    const batch = tf.tidy(() => tf.concat(names.map(inputOf))) as Tensor4D; // [3, 28, 28, 1]
    const together = fixture.cases.filter((c) => names.includes(c.image) && c.options.eps === undefined);
    for (const c of together) {
      const out = outputOf(() => DENOISE[c.kind](batch, c.options));
      const at = names.indexOf(c.image) * 28 * 28;
      const difference = maxAbsDifference(out.subarray(at, at + 28 * 28), c.expected);
      assert.ok(difference <= REFERENCE_TOLERANCE, `${c.kind} ${JSON.stringify(c.options)} on ${c.image} in a batch: ${difference}`);
    }
    batch.dispose();
  });
});

describe('classical denoisers: batches, memory and arguments', () => {
  it('gives each image the same output in a batch of several slices as alone, and frees every intermediate', () => {
    const images = tf.randomUniform([2100, 28, 28, 1], 0, 1, 'float32', 5) as Tensor4D; // 2000 per slice: two
    const runs: [string, (x: Tensor4D) => Tensor4D][] = [
      ['wavelet', (x) => waveletDenoise(x, { levels: 2 })],
      ['TV', (x) => tvChambolle(x, { weight: 0.1, maxIterations: 20 })],
      ['diffusion', (x) => anisotropicDiffusion(x, { iterations: 5 })],
    ];
    for (const [name, run] of runs) {
      assertNoTensorLeak(() => {
        const all = outputOf(() => run(images).slice(2050, 3));
        const alone = outputOf(() => run(images.slice(2050, 3)));
        assert.ok(maxAbsDifference(all, alone) < 1e-6, name);
      });
    }
    images.dispose();
  });

  it('rejects bad arguments with a ConfigError naming the parameter and value', () => {
    const images = constantImages(1, 0.5);
    const cases: [() => unknown, RegExp][] = [
      [() => waveletDenoise(images, { method: 'SureShrink' as WaveletMethod }), /method = "SureShrink".*BayesShrink, VisuShrink/],
      [() => waveletDenoise(images, { sigma: -0.1 }), /sigma = -0.1/],
      [() => waveletDenoise(images, { levels: 5 }), /levels = 5 .*from 1 to 4 for 28×28/],
      [() => tvChambolle(images, { weight: 0 }), /weight = 0 /],
      [() => tvChambolle(images, { maxIterations: 2.5 }), /maxIterations = 2.5/],
      [() => anisotropicDiffusion(images, { step: 0.3 }), /step = 0.3 .*\(0, 0.25\].*unstable/],
      [() => anisotropicDiffusion(images, { kappa: Number.NaN }), /kappa = NaN/],
      [() => anisotropicDiffusion(images, { iterations: 0 }), /iterations = 0/],
      [() => anisotropicDiffusion(images, { conduction: 'linear' as Conduction }), /conduction = "linear".*exponential, rational/],
    ];
    for (const [call, message] of cases) {
      assert.throws(call, (error: Error) => error instanceof ConfigError && message.test(error.message), String(message));
    }
    images.dispose();
  });
});
