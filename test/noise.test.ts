// Noise models: statistics against theory on a constant image, clipping, seeds, argument checks, memory.
import { strict as assert } from 'node:assert';
import { resolveConfig, type PipelineConfig } from '../lib/config/index';
import { ConfigError } from '../lib/errors';
import { addNoise, NOISE_TYPES } from '../lib/noise/noise';
import type { NoiseOptions, NoiseType } from '../lib/noise/noise';
import { noiseConclusion, noiseLevel, noisyImages } from '../lib/steps/noise';
import { tf } from '../lib/tf';
import type { Tensor4D } from '../lib/tf';
import { assertClose, assertNoTensorLeak, constantImages, fractionEqual, meanAndVariance } from './helpers/noise-tensors';

/** 200 images × 784 pixels = 156,800 samples: standard errors of means are ~1e-4 of the noise scale. */
const SAMPLE_IMAGES = 200;
const MID_GRAY = 0.5;

/** Pixel values of a noisy constant image: noise = value - base. */
function noisyPixels(base: number, options: NoiseOptions): Float32Array {
  return tf.tidy(() => addNoise(constantImages(SAMPLE_IMAGES, base), options).dataSync() as Float32Array);
}

function noiseStats(base: number, options: NoiseOptions): { mean: number; variance: number } {
  const { mean, variance } = meanAndVariance(noisyPixels(base, options));
  return { mean: mean - base, variance };
}

describe('noise', () => {
  it('lists every noise type with a level description and a range', () => {
    assert.deepEqual(
      NOISE_TYPES.map((info) => info.type),
      ['uniform', 'gaussian', 'salt-and-pepper', 'speckle', 'poisson'],
    );
    for (const info of NOISE_TYPES) {
      assert.ok(info.level.length > 10 && info.min < info.max, `${info.type}: ${JSON.stringify(info)}`);
    }
  });

  describe('statistics of the added noise on a constant mid-gray image match theory', () => {
    it('uniform a=0.4: mean a/2, variance a²/12', () => {
      const { mean, variance } = noiseStats(MID_GRAY, { type: 'uniform', level: 0.4, seed: 1 });
      assertClose(mean, 0.2, 0.002, 'mean');
      assertClose(variance, 0.16 / 12, 0.02 * (0.16 / 12), 'variance');
    });

    it('uniform a=0.6 (the reference setting) saturates exactly the pixels with 0.5 + 0.6u > 1, i.e. 1/6', () => {
      const pixels = noisyPixels(MID_GRAY, { type: 'uniform', level: 0.6, seed: 2 });
      assertClose(fractionEqual(pixels, 1), 1 / 6, 0.005, 'fraction at 1');
      assert.ok(pixels.every((value) => value <= 1));
    });

    it('gaussian σ=0.1: mean 0, variance σ²', () => {
      const { mean, variance } = noiseStats(MID_GRAY, { type: 'gaussian', level: 0.1, seed: 3 });
      assertClose(mean, 0, 0.0015, 'mean');
      assertClose(variance, 0.01, 0.02 * 0.01, 'variance');
    });

    it('speckle σ=0.1: mean 0, variance (x·σ)²', () => {
      const { mean, variance } = noiseStats(MID_GRAY, { type: 'speckle', level: 0.1, seed: 4 });
      assertClose(mean, 0, 0.001, 'mean');
      assertClose(variance, 0.0025, 0.02 * 0.0025, 'variance');
    });

    it('salt-and-pepper 0.2: 10% black, 10% white, the rest untouched', () => {
      const pixels = noisyPixels(MID_GRAY, { type: 'salt-and-pepper', level: 0.2, seed: 5 });
      assertClose(fractionEqual(pixels, 0), 0.1, 0.004, 'fraction at 0');
      assertClose(fractionEqual(pixels, 1), 0.1, 0.004, 'fraction at 1');
      assertClose(fractionEqual(pixels, MID_GRAY), 0.8, 0.005, 'fraction unchanged');
    });

    for (const [base, peak] of [
      [0.3, 10], // mean count 3: inversion sampler
      [MID_GRAY, 100], // mean count 50: rejection sampler
      [MID_GRAY, 1000], // mean count 500
    ] as const) {
      it(`poisson peak ${peak} on ${base}: mean x, variance x/peak`, () => {
        const { mean, variance } = noiseStats(base, { type: 'poisson', level: peak, seed: 6 });
        assertClose(mean, 0, 4 * Math.sqrt(base / peak / (SAMPLE_IMAGES * 784)), 'mean');
        assertClose(variance, base / peak, 0.03 * (base / peak), 'variance');
      });
    }

    it('poisson counts are whole photons: every value times the peak is an integer', () => {
      const pixels = noisyPixels(0.37, { type: 'poisson', level: 20, seed: 7 });
      assert.ok(pixels.every((value) => Math.abs(value * 20 - Math.round(value * 20)) < 1e-4));
    });
  });

  it('clips every type to [0, 1], even at the largest levels', () => {
    const images = tf.randomUniform([50, 28, 28, 1], 0, 1, 'float32', 8) as Tensor4D;
    for (const info of NOISE_TYPES) {
      const level = info.type === 'poisson' ? info.min : info.max;
      const [min, max] = tf.tidy(() => {
        const noisy = addNoise(images, { type: info.type, level, seed: 9 });
        return [noisy.min().dataSync()[0], noisy.max().dataSync()[0]];
      }) as [number, number];
      assert.ok(min >= 0 && max <= 1, `${info.type}: values in [${min}, ${max}]`);
    }
    images.dispose();
  });

  describe('seeds', () => {
    const images = (): Tensor4D => tf.randomUniform([1500, 28, 28, 1], 0, 1, 'float32', 10) as Tensor4D;

    for (const type of NOISE_TYPES.map((info) => info.type) as NoiseType[]) {
      it(`${type}: same seed → identical output, other seed → different output`, () => {
        tf.tidy(() => {
          const x = images();
          const level = type === 'poisson' ? 30 : 0.3;
          const a = addNoise(x, { type, level, seed: 42 }).dataSync();
          const b = addNoise(x, { type, level, seed: 42 }).dataSync();
          const c = addNoise(x, { type, level, seed: 43 }).dataSync();
          assert.deepEqual(a, b);
          assert.ok(fractionEqual(a.map((value, i) => (value === c[i] ? 1 : 0)), 1) < 0.9, 'seeds 42 and 43 agree');
        });
      });
    }

    it("an image's noise does not depend on how many images follow it", () => {
      tf.tidy(() => {
        const x = images();
        const all = addNoise(x, { type: 'gaussian', level: 0.2, seed: 11 });
        const first = addNoise(x.slice(0, 1000), { type: 'gaussian', level: 0.2, seed: 11 });
        assert.deepEqual(all.slice(0, 1000).dataSync(), first.dataSync());
      });
    });
  });

  describe('rejects bad arguments with a ConfigError naming parameter, value and range', () => {
    const cases: [string, Partial<NoiseOptions>, RegExp][] = [
      ['level NaN', { level: Number.NaN }, /level = NaN.*\[0, 10\]/],
      ['negative level', { level: -0.1 }, /level = -0\.1.*\[0, 10\]/],
      ['level above 10', { level: 10.5 }, /level = 10\.5.*\[0, 10\]/],
      ['salt-and-pepper fraction above 1', { type: 'salt-and-pepper', level: 1.5 }, /level = 1\.5.*\[0, 1\]/],
      ['poisson peak below 1', { type: 'poisson', level: 0.5 }, /level = 0\.5.*\[1, 1000000\]/],
      ['unknown type', { type: 'pink' as NoiseType }, /type = "pink".*uniform, gaussian/],
      ['fractional seed', { seed: 1.5 }, /seed = 1\.5.*integer/],
    ];
    for (const [name, override, message] of cases) {
      it(name, () => {
        const images = constantImages(2, MID_GRAY);
        const options = { type: 'uniform', level: 0.6, seed: 1, ...override } as NoiseOptions;
        assert.throws(() => addNoise(images, options), (error: Error) => error instanceof ConfigError && message.test(error.message));
        images.dispose();
      });
    }

    it('images outside [0, 1]', () => {
      const images = constantImages(2, 255);
      assert.throws(() => addNoise(images, { type: 'gaussian', level: 0.1, seed: 1 }), /images = "values in \[255, 255\]"/);
      images.dispose();
    });
  });

  it('leaves no tensor behind, for every type, across several chunks', () => {
    const images = tf.randomUniform([2100, 28, 28, 1], 0, 1, 'float32', 12) as Tensor4D;
    for (const info of NOISE_TYPES) {
      assertNoTensorLeak(() => {
        const noisy = addNoise(images, { type: info.type, level: info.type === 'poisson' ? 50 : 0.5, seed: 13 });
        assert.deepEqual(noisy.shape, [2100, 28, 28, 1]);
        noisy.dispose();
      });
    }
    images.dispose();
  });
});

describe("the pipeline's noisy images", () => {
  const images = () => constantImages(4, MID_GRAY);
  const spread = (config: PipelineConfig, split: 'train' | 'test') => tf.tidy(() => meanAndVariance(noisyImages(images(), config, split).dataSync()).variance);

  it("test images get noise.testLevel unless it is 'same'; training images always noise.level", () => {
    const same = resolveConfig({ preset: 'tutorial' });
    const lower = resolveConfig({ preset: 'tutorial', set: { 'noise.testLevel': 0.1 } });
    assert.deepEqual([noiseLevel(same, 'train'), noiseLevel(same, 'test'), noiseLevel(lower, 'train'), noiseLevel(lower, 'test')], [0.3, 0.3, 0.3, 0.1]);
    // σ 0.3 at mid-gray is barely clipped; σ 0.1 not at all: variances near 0.09 and 0.01
    assertClose(spread(lower, 'test'), 0.01, 0.002, 'test noise variance at σ 0.1');
    assertClose(spread(lower, 'train'), spread(same, 'train'), 0, 'training noise does not change');
  });

  it('results.json states both levels, and the conclusion names them when they differ', () => {
    const quality = { psnr_db: 20, ssim: 0.5 };
    const differing = noiseConclusion(resolveConfig({ preset: 'tutorial', set: { 'noise.testLevel': 0.1 } }), quality);
    assert.deepEqual([differing.record['level'], differing.record['test_level']], [0.3, 0.1]);
    assert.match(differing.conclusion, /level 0\.3 \(training images\) and 0\.1 \(test images\)/);
    const same = noiseConclusion(resolveConfig({ preset: 'tutorial' }), quality);
    assert.deepEqual([same.record['level'], same.record['test_level']], [0.3, 0.3]);
    assert.match(same.conclusion, /gaussian noise at level 0\.3 brings/);
  });
});
