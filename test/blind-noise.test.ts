// Blind noise: the plan's distribution of types and levels, and each image's noise against its planned type and level.
import { strict as assert } from 'node:assert';
import { resolveConfig } from '../lib/config/index';
import { ConfigError } from '../lib/errors';
import { addBlindNoise } from '../lib/noise/blind';
import { BLIND_RANGES, drawBlindPlan, levelAt, type BlindPlan } from '../lib/noise/blind-plan';
import { NOISE_TYPE_NAMES, NOISE_TYPES } from '../lib/noise/types';
import { autoencoderTrainingInputs, noisyImages } from '../lib/steps/noise';
import { tf } from '../lib/tf';
import { assertClose, assertNoTensorLeak, constantImages, meanAndVariance } from './helpers/noise-tensors';

const MID_GRAY = 0.5;
const PIXELS = 28 * 28;

/** Pixels of image `i` of a noisy batch, as deviations from the mid-gray they started as. */
function imagePixels(all: Float32Array, i: number): Float32Array {
  return all.slice(i * PIXELS, (i + 1) * PIXELS);
}

describe('blind noise', () => {
  describe('the plan', () => {
    it('each type is drawn for a fifth of the images, within 4 standard errors', () => {
      const { types } = drawBlindPlan(50_000, 7);
      const standardError = Math.sqrt(0.2 * 0.8 / 50_000);
      NOISE_TYPE_NAMES.forEach((type, index) => {
        const share = types.filter((t) => t === index).length / 50_000;
        assertClose(share, 0.2, 4 * standardError, `${type}'s share`);
      });
    });

    it('levels stay in each type\'s range, which lies inside the levels the type allows', () => {
      for (const spacing of ['uniform', 'log'] as const) {
        const { types, levels } = drawBlindPlan(20_000, 3, spacing);
        types.forEach((type, i) => {
          const { min, max } = BLIND_RANGES[NOISE_TYPE_NAMES[type]!];
          assert.ok(levels[i]! >= min && levels[i]! <= max, `${spacing}: ${NOISE_TYPE_NAMES[type]} level ${levels[i]} outside [${min}, ${max}]`);
        });
      }
      for (const info of NOISE_TYPES) {
        const { min, max } = BLIND_RANGES[info.type];
        assert.ok(min > 0 && min < max && min >= info.min && max <= info.max, `${info.type}: [${min}, ${max}] in [${info.min}, ${info.max}]`);
      }
    });

    it('levelAt: hand-computed quantiles of even, logarithmic and (for poisson) even-in-1/peak spacing', () => {
      assertClose(levelAt('gaussian', 0.5, 'uniform'), 0.255, 1e-12, 'gaussian, middle of [0.01, 0.5]');
      assertClose(levelAt('gaussian', 0.5, 'log'), Math.sqrt(0.01 * 0.5), 1e-12, 'gaussian, geometric middle');
      assertClose(levelAt('uniform', 0.25, 'log'), 0.02 * 50 ** 0.25, 1e-12, 'uniform, a quarter of the way in log');
      assertClose(levelAt('poisson', 0.5, 'uniform'), 1 / ((1 / 1000 + 1 / 3) / 2), 1e-9, 'poisson, middle strength');
      assertClose(levelAt('poisson', 0, 'log'), 3, 1e-12, 'poisson, u = 0 is the strong end under log spacing');
      assertClose(levelAt('poisson', 0, 'uniform'), 1000, 1e-9, 'poisson, u = 0 is the weak end under even spacing');
    });

    it('log spacing puts half of each type\'s levels below the geometric middle, even spacing below the arithmetic one', () => {
      const share = (plan: BlindPlan, below: (type: number, level: number) => boolean) => {
        const picked = [...plan.types].map((type, i) => ({ type, level: plan.levels[i]! })).filter(({ type }) => type === 1);
        return picked.filter(({ type, level }) => below(type, level)).length / picked.length;
      };
      const { min, max } = BLIND_RANGES.gaussian;
      assertClose(share(drawBlindPlan(20_000, 5, 'log'), (_, level) => level < Math.sqrt(min * max)), 0.5, 0.04, 'log');
      assertClose(share(drawBlindPlan(20_000, 5, 'uniform'), (_, level) => level < (min + max) / 2), 0.5, 0.04, 'uniform');
    });

    it('the same seed gives the same plan; image i\'s draw does not depend on how many images there are', () => {
      const long = drawBlindPlan(300, 11);
      const short = drawBlindPlan(100, 11);
      assert.deepEqual([...short.types], [...long.types.slice(0, 100)]);
      assert.deepEqual([...short.levels], [...long.levels.slice(0, 100)]);
      assert.notDeepEqual([...drawBlindPlan(100, 12).levels], [...short.levels]);
    });

    it('refuses a bad count, seed or spacing, naming it', () => {
      assert.throws(() => drawBlindPlan(-1, 1), (error: unknown) => error instanceof ConfigError && /count = -1/.test(error.message));
      assert.throws(() => drawBlindPlan(5, 0.5), /seed = 0.5/);
      assert.throws(() => drawBlindPlan(5, 1, 'cubic' as never), /spacing = "?cubic"?.*uniform, log/);
    });
  });

  describe('the noisy images', () => {
    const COUNT = 400;
    const SEED = 21;
    const plan = drawBlindPlan(COUNT, SEED);
    const noisy = tf.tidy(() => addBlindNoise(constantImages(COUNT, MID_GRAY), { seed: SEED }).dataSync() as Float32Array);

    it('each image carries its planned type at its planned level (statistics on mid-gray against theory)', () => {
      const checked = new Set<string>();
      for (let i = 0; i < COUNT; i++) {
        const type = NOISE_TYPE_NAMES[plan.types[i]!]!;
        const level = plan.levels[i]!;
        const pixels = imagePixels(noisy, i);
        const { mean, variance } = meanAndVariance(pixels);
        const where = `image ${i}, ${type} ${level.toFixed(4)}`;
        if (type === 'uniform') {
          assert.ok(pixels.every((value) => value >= MID_GRAY && value <= Math.min(1, MID_GRAY + level) + 1e-6), where);
          if (level <= 0.5) assertClose(mean - MID_GRAY, level / 2, 5 * level / Math.sqrt(12 * PIXELS), `${where}: mean`);
        } else if (type === 'gaussian' && level <= 0.15) {
          assertClose(Math.sqrt(variance), level, 0.15 * level, `${where}: standard deviation`);
        } else if (type === 'speckle' && level <= 0.3) {
          assertClose(Math.sqrt(variance), MID_GRAY * level, 0.15 * MID_GRAY * level, `${where}: standard deviation`);
        } else if (type === 'salt-and-pepper') {
          assert.ok(pixels.every((value) => value === 0 || value === 1 || value === MID_GRAY), `${where}: only 0, 1 or the original`);
          const changed = pixels.filter((value) => value !== MID_GRAY).length / PIXELS;
          assertClose(changed, level, 5 * Math.sqrt(level * (1 - level) / PIXELS) + 1 / PIXELS, `${where}: share replaced`);
        } else if (type === 'poisson') {
          assert.ok(pixels.every((value) => value >= 1 || Math.abs(value * level - Math.round(value * level)) < 1e-3), `${where}: counts / peak`);
          if (level >= 10 && level <= 50) assertClose(variance, MID_GRAY / level, 0.2 * MID_GRAY / level, `${where}: variance x/peak`);
        } else continue;
        checked.add(type);
      }
      assert.deepEqual([...checked].sort(), [...NOISE_TYPE_NAMES].sort(), 'every type was checked on some image');
    });

    it('repeats with its seed, changes with another, and image i\'s noise does not depend on the images after it', () => {
      const again = tf.tidy(() => addBlindNoise(constantImages(COUNT, MID_GRAY), { seed: SEED }).dataSync() as Float32Array);
      assert.deepEqual(again, noisy);
      const other = tf.tidy(() => addBlindNoise(constantImages(COUNT, MID_GRAY), { seed: SEED + 1 }).dataSync() as Float32Array);
      assert.notDeepEqual(other, noisy);
      // 1,500 images span two chunks of 1,000: the first chunk's images are those of a call with 1,000 images.
      const [first, longer] = tf.tidy(() => [1000, 1500].map((n) => addBlindNoise(constantImages(n, MID_GRAY, 4), { seed: 9 }).dataSync() as Float32Array));
      assert.deepEqual(longer!.slice(0, first!.length), first);
    });

    it('leaves no tensor behind', () => {
      const images = constantImages(1200, MID_GRAY, 8);
      assertNoTensorLeak(() => addBlindNoise(images, { seed: 1 }).dispose());
      images.dispose();
    });
  });

  it("the autoencoder's inputs are blind only with noise.training 'blind'; the test images keep noise.type at noise.level", () => {
    const images = constantImages(50, MID_GRAY);
    const fixed = resolveConfig();
    const blind = resolveConfig({ set: { 'noise.training': 'blind' } });
    const [fixedInputs, blindInputs, blindTest, fixedTest, expected] = tf.tidy(() =>
      [
        autoencoderTrainingInputs(images, fixed),
        autoencoderTrainingInputs(images, blind),
        noisyImages(images, blind, 'test'),
        noisyImages(images, fixed, 'test'),
        addBlindNoise(images, { seed: fixed.noise.seed }),
      ].map((tensor) => tensor.dataSync() as Float32Array),
    );
    assert.deepEqual(fixedInputs, tf.tidy(() => noisyImages(images, fixed, 'train').dataSync()));
    assert.deepEqual(blindInputs, expected);
    assert.deepEqual(blindTest, fixedTest);
    images.dispose();
  });
});
