// Notebook 06's quality steps: classical denoisers tuned on validation pairs, the quality table, the worst examples.
import { strict as assert } from 'node:assert';
import { resolveConfig } from '../lib/config';
import { loadFashionMnist, TRAIN_SIZE } from '../lib/data/fashion-mnist';
import { trainingCount } from '../lib/data/subsets';
import { anisotropicDiffusion, gaussianBlur, medianFilter, nlMeans, tvChambolle, waveletDenoise } from '../lib/denoisers';
import { ConfigError } from '../lib/errors';
import { PSNR_CAP_DB, SSIM_K1 } from '../lib/metrics';
import { addNoise } from '../lib/noise/noise';
import { applyDenoiser, candidateGrid, CLASSICAL_DENOISERS, type DenoiserChoice, type TunedDenoisers } from '../lib/steps/classical';
import { noiseOffsets, tuneClassicalDenoisers, type ClassicalTuning } from '../lib/steps/classical-tuning';
import { qualityTable } from '../lib/steps/quality';
import { worstDenoisedGallery } from '../lib/steps/worst-examples';
import { tf, type Tensor4D } from '../lib/tf';
import { pngPixels, tensorsLeaked } from './helpers/display-outputs';
import { assertClose, assertNoTensorLeak, constantImages } from './helpers/noise-tensors';

/** PSNR of a constant error e: 10·log10(1 / e²). */
const psnrOfError = (error: number): number => -20 * Math.log10(error);

/** Dark images with a bright square at a different place in each, values ≤ 0.7 so +0.3 never clips. */
function squares(count: number): Tensor4D {
  return tf.tidy(() => {
    const buffer = tf.buffer([count, 28, 28, 1]);
    for (let i = 0; i < count; i++) {
      for (let y = 0; y < 28; y++) {
        for (let x = 0; x < 28; x++) {
          const inside = y >= 4 + i && y < 14 + i && x >= 6 + 2 * i && x < 18 + 2 * i;
          buffer.set(inside ? 0.7 : 0.05, i, y, x, 0);
        }
      }
    }
    return buffer.toTensor() as Tensor4D;
  });
}

function values(run: () => Tensor4D): Float32Array {
  return tf.tidy(() => run().dataSync() as Float32Array);
}

describe('steps/classical: offsets, candidates and applying a choice', () => {
  it('measures the mean of noisy - clean over all pixels and over the clean zeros, to 0.01', () => {
    // Half the pixels are 0 and become 0.2; the other half are 0.5 and become 0.6 (noise clipped at 1 would do less).
    const clean = tf.tidy(() => tf.tensor4d([0, 0.5], [1, 1, 2, 1]).tile([3, 4, 2, 1])) as Tensor4D;
    const noisy = tf.tidy(() => tf.tensor4d([0.2, 0.6], [1, 1, 2, 1]).tile([3, 4, 2, 1])) as Tensor4D;
    assert.deepEqual(assertNoTensorLeak(() => noiseOffsets(clean, noisy)), { shift: 0.15, background: 0.2 });
    const slightly = tf.tidy(() => noisy.add(0.004)) as Tensor4D;
    assert.deepEqual(noiseOffsets(clean, slightly), { shift: 0.15, background: 0.2 }, 'rounded to 0.01');
    const noBackground = squares(1);
    assert.deepEqual(noiseOffsets(noBackground, noBackground), { shift: 0, background: undefined }, 'no clean pixel is 0');
    tf.dispose([clean, noisy, slightly, noBackground]);
  });

  it('offers every denoiser its candidates with the offset given', () => {
    const grid = candidateGrid(0.26);
    assert.deepEqual(Object.keys(grid), [...CLASSICAL_DENOISERS]);
    for (const [denoiser, choices] of Object.entries(grid)) {
      assert.ok(choices.length > 1, denoiser);
      for (const choice of choices) assert.deepEqual([choice.denoiser, choice.parameters.offset], [denoiser, 0.26]);
    }
  });

  it('applies clip(filter(x - offset), 0, 1), the same as calling each filter directly', () => {
    const noisy = tf.tidy(() => squares(3).add(0.3)) as Tensor4D;
    const cases: [DenoiserChoice, (x: Tensor4D) => Tensor4D][] = [
      [{ denoiser: 'gaussian_blur', parameters: { sigma: 1, offset: 0.3 } }, (x) => gaussianBlur(x, { sigma: 1 })],
      [{ denoiser: 'median', parameters: { size: 5, offset: 0 } }, (x) => medianFilter(x, { size: 5 })],
      [{ denoiser: 'nl_means', parameters: { h: 0.1, patchDistance: 3, offset: 0.3 } }, (x) => nlMeans(x, { h: 0.1, patchDistance: 3 })],
      [{ denoiser: 'wavelet', parameters: { method: 'VisuShrink', levels: 2, offset: 0.3 } }, (x) => waveletDenoise(x, { method: 'VisuShrink', levels: 2 })],
      [
        { denoiser: 'anisotropic_diffusion', parameters: { conduction: 'rational', iterations: 5, kappa: 0.2, step: 0.2, offset: 0.3 } },
        (x) => anisotropicDiffusion(x, { conduction: 'rational', iterations: 5, kappa: 0.2, step: 0.2 }),
      ],
      [{ denoiser: 'tv_chambolle', parameters: { weight: 0.15, offset: 0 } }, (x) => tvChambolle(x, { weight: 0.15 })],
    ];
    for (const [choice, direct] of cases) {
      const expected = values(() => tf.clipByValue(direct(noisy.sub(choice.parameters.offset) as Tensor4D), 0, 1));
      const actual = assertNoTensorLeak(() => values(() => applyDenoiser(choice, noisy)));
      assert.deepEqual(actual, expected, choice.denoiser);
    }
    const negative = values(() => applyDenoiser({ denoiser: 'gaussian_blur', parameters: { sigma: 1, offset: 0.9 } }, noisy));
    assert.equal(Math.min(...negative), 0, 'an offset larger than a pixel clips at 0');
    noisy.dispose();
  });

  it('refuses an unknown denoiser with a ConfigError naming it', () => {
    const images = constantImages(1, 0.5);
    const unknown = { denoiser: 'wiener', parameters: { offset: 0 } } as unknown as DenoiserChoice;
    assert.throws(() => applyDenoiser(unknown, images), (error: unknown) => error instanceof ConfigError && /wiener/.test(error.message));
    images.dispose();
  });
});

describe('steps/classical-tuning: tuneClassicalDenoisers', function () {
  this.timeout(120_000);

  it('subtracts the offset when the "noise" is a pure +0.3 bias, for every denoiser', () => {
    const clean = squares(4);
    const noisy = tf.tidy(() => clean.add(0.3)) as Tensor4D;
    const tuning = assertNoTensorLeak(() => tuneClassicalDenoisers({ clean, noisy }));
    assert.deepEqual(tuning.offsets, { shift: 0.3, background: undefined }, 'no clean pixel is 0');
    for (const choice of Object.values(tuning.tuned)) assert.equal(choice.parameters.offset, 0.3, choice.denoiser);
    const [first, ...candidates] = tuning.rows;
    assert.equal(first?.denoiser, 'none (noisy)');
    assertClose(first?.validation_psnr_db ?? NaN, psnrOfError(0.3), 1e-4, 'noisy PSNR');
    const grid = candidateGrid(0.3);
    for (const [denoiser, choice] of Object.entries(tuning.tuned)) {
      const rows = candidates.filter((row) => row.denoiser === denoiser);
      // the grid with 0.3 subtracted, then its winner with offset 0
      assert.equal(rows.length, grid[denoiser as keyof typeof grid].length + 1, `${denoiser}: rows`);
      assert.match(rows.at(-1)?.parameters ?? '', /offset=0$/, `${denoiser}: last row`);
      const best = Math.max(...rows.map((row) => row.validation_psnr_db));
      const chosen = rows.filter((row) => row.chosen === '✓');
      assert.equal(chosen.length, 1, `${denoiser}: one pick`);
      assert.equal(chosen[0]?.validation_psnr_db, best, `${denoiser}: the pick has the best PSNR`);
      assert.ok(chosen[0]?.parameters.includes('offset=0.3'), `${denoiser}: ${chosen[0]?.parameters}`);
      assert.equal(choice.denoiser, denoiser);
    }
    assert.equal(tuning.images, 4);
    tf.dispose([clean, noisy]);
  });

  it('keeps offset 0 when the noisy images carry no bias', () => {
    const clean = squares(4);
    const noisy = addNoise(clean, { type: 'gaussian', level: 0.05, seed: 3 });
    const tuning = tuneClassicalDenoisers({ clean, noisy });
    assert.equal(tuning.offsets.shift, 0);
    for (const choice of Object.values(tuning.tuned)) assert.equal(choice.parameters.offset, 0, choice.denoiser);
    tf.dispose([clean, noisy]);
  });

  it('uses only the first maxImages pairs, and refuses a non-positive count', () => {
    const clean = squares(5);
    // The last two pairs are far worse: if they were used, the noisy PSNR would drop.
    const noisy = tf.tidy(() => tf.concat([clean.slice(0, 3).add(0.1), clean.slice(3).add(0.3)])) as Tensor4D;
    const tuning = tuneClassicalDenoisers({ clean, noisy }, { maxImages: 3 });
    assert.equal(tuning.images, 3);
    assertClose(tuning.rows[0]?.validation_psnr_db ?? NaN, psnrOfError(0.1), 1e-3, 'noisy PSNR of the first 3');
    assert.equal(tuning.offsets.shift, 0.1, 'offsets of the first 3');
    assert.throws(() => tuneClassicalDenoisers({ clean, noisy }, { maxImages: 0 }), ConfigError);
    tf.dispose([clean, noisy]);
  });
});

describe('steps/classical-tuning on Fashion-MNIST validation images', function () {
  this.timeout(300_000);
  /** Enough for every pick to be stable at this level; tuning takes ~10 s. */
  const IMAGES = 300;
  const STRONG_NOISE = { type: 'gaussian', level: 0.5, seed: 20 } as const;
  const result = { tuning: undefined as ClassicalTuning | undefined };
  before(() => {
    const data = loadFashionMnist();
    const start = trainingCount(TRAIN_SIZE, resolveConfig().data.validationSplit); // the hold-out tuning uses
    const clean = data.train.images.slice(start, IMAGES);
    tf.dispose([data.train.images, data.test.images]);
    const noisy = addNoise(clean, STRONG_NOISE);
    result.tuning = tuneClassicalDenoisers({ clean, noisy });
    tf.dispose([clean, noisy]);
  });

  it('at gaussian 0.5 measures the mean shift clipping leaves (~0.08), and gaussian blur subtracts it', () => {
    const { offsets, tuned } = result.tuning!;
    assert.ok(offsets.shift >= 0.06 && offsets.shift <= 0.1, `shift ${offsets.shift}`);
    assert.equal(tuned.gaussian_blur.parameters.offset, offsets.shift);
  });

  it('at gaussian 0.5 picks every numeric parameter inside the range it searched', () => {
    const grid = candidateGrid(0);
    for (const denoiser of CLASSICAL_DENOISERS) {
      const chosen = result.tuning!.tuned[denoiser].parameters as Readonly<Record<string, number | string>>;
      for (const [name, value] of Object.entries(chosen)) {
        const range = grid[denoiser].map((choice) => (choice.parameters as Readonly<Record<string, number | string>>)[name]);
        if (typeof value !== 'number' || name === 'offset' || new Set(range).size === 1) continue; // categorical or fixed
        const [low, high] = [Math.min(...(range as number[])), Math.max(...(range as number[]))];
        assert.ok(value > low && value < high, `${denoiser}.${name} = ${value} is on the edge of [${low}, ${high}]`);
      }
    }
  });
});

describe('steps/quality: qualityTable', () => {
  const tuned: TunedDenoisers = {
    gaussian_blur: { denoiser: 'gaussian_blur', parameters: { sigma: 1, offset: 0.3 } },
    median: { denoiser: 'median', parameters: { size: 3, offset: 0 } },
    nl_means: { denoiser: 'nl_means', parameters: { h: 0.1, patchDistance: 3, offset: 0.3 } },
    wavelet: { denoiser: 'wavelet', parameters: { method: 'BayesShrink', levels: 2, offset: 0.3 } },
    anisotropic_diffusion: { denoiser: 'anisotropic_diffusion', parameters: { conduction: 'exponential', iterations: 10, kappa: 0.1, step: 0.25, offset: 0.3 } },
    tv_chambolle: { denoiser: 'tv_chambolle', parameters: { weight: 0.1, offset: 0.3 } },
  };

  it('scores noisy, autoencoder and each denoiser against hand-computed MSE, PSNR and SSIM', () => {
    const clean = constantImages(3, 0.2);
    const noisy = constantImages(3, 0.5);
    const denoised = clean.clone();
    const { rows, baselines } = assertNoTensorLeak(() => qualityTable({ clean, noisy, denoised, tuned }));
    assert.deepEqual(rows.map((row) => row.method), ['noisy', 'autoencoder', ...CLASSICAL_DENOISERS]);
    // Constant images: SSIM is the luminance term alone, (2·0.2·0.5 + C1) / (0.2² + 0.5² + C1).
    const c1 = SSIM_K1 ** 2;
    const biasedSsim = (2 * 0.2 * 0.5 + c1) / (0.2 ** 2 + 0.5 ** 2 + c1);
    const [noisyRow, autoencoderRow, gaussianRow, medianRow, ...biasRemoved] = rows;
    assertClose(noisyRow?.mse ?? NaN, 0.09, 1e-6, 'noisy MSE');
    assertClose(noisyRow?.psnr_db ?? NaN, psnrOfError(0.3), 1e-4, 'noisy PSNR');
    assertClose(noisyRow?.ssim ?? NaN, biasedSsim, 1e-5, 'noisy SSIM');
    assert.deepEqual([autoencoderRow?.mse, autoencoderRow?.psnr_db, autoencoderRow?.ssim], [0, PSNR_CAP_DB, 1]);
    // The median keeps the +0.3 bias (offset 0); the others remove it exactly.
    assertClose(medianRow?.psnr_db ?? NaN, psnrOfError(0.3), 1e-4, 'median PSNR');
    for (const row of [gaussianRow, ...biasRemoved]) assert.ok((row?.psnr_db ?? 0) > 60, `${row?.method}: ${row?.psnr_db} dB`);
    assert.deepEqual(Object.keys(baselines), [...CLASSICAL_DENOISERS]);
    const medianScores = { mse: medianRow?.mse, psnr_db: medianRow?.psnr_db, ssim: medianRow?.ssim };
    assert.deepEqual(baselines.median, { ...medianScores, parameters: { size: 3, offset: 0 } });
    assert.equal(gaussianRow?.parameters, 'sigma=1, offset=0.3');
    tf.dispose([clean, noisy, denoised]);
  });

  it('refuses denoised images of another shape, and a missing denoiser', () => {
    const clean = constantImages(2, 0.2);
    const small = constantImages(1, 0.2);
    assert.throws(() => qualityTable({ clean, noisy: clean, denoised: small, tuned }), /denoised\.shape/);
    const partial = { gaussian_blur: tuned.gaussian_blur } as unknown as TunedDenoisers;
    assert.throws(() => qualityTable({ clean, noisy: clean, denoised: clean, tuned: partial }), /tuned\.median/);
    tf.dispose([clean, small]);
  });
});

describe('steps/worst-examples: worstDenoisedGallery', () => {
  /** Per-image error of the "denoised" images: image i is off by errors[i] everywhere. */
  const errors = [0.01, 0.3, 0.02, 0.05, 0.2, 0.03, 0.25, 0.04, 0.1, 0.06, 0.02, 0.07];

  it('picks the images with the lowest denoised PSNR, worst first, and shows them', async () => {
    const clean = constantImages(errors.length, 0.5);
    const noisy = constantImages(errors.length, 0.9);
    const denoised = tf.tidy(() => clean.add(tf.tensor1d(errors).reshape([errors.length, 1, 1, 1]))) as Tensor4D;
    let worst: Awaited<ReturnType<typeof worstDenoisedGallery>> | undefined;
    assert.equal(await tensorsLeaked(async () => (worst = await worstDenoisedGallery(clean, noisy, denoised, 3))), 0);
    assert.deepEqual(worst?.indices, [1, 6, 4]);
    worst?.psnr_db.forEach((db, k) => assertClose(db, psnrOfError(errors[worst?.indices[k] ?? 0] ?? NaN), 1e-3, `PSNR ${k}`));
    worst?.psnr_noisy_db.forEach((db) => assertClose(db, psnrOfError(0.4), 1e-3, 'noisy PSNR'));
    assert.match(worst?.bundle.data['text/plain'] ?? '', /clean \(3 of 3\), noisy \(3 of 3\), denoised \(autoencoder\) \(3 of 3\)/);
    assert.ok(pngPixels(worst!.bundle).width > 3 * 28, 'three images side by side');
    const all = await worstDenoisedGallery(clean, noisy, denoised);
    assert.equal(all.indices.length, 10, 'default count');
    tf.dispose([clean, noisy, denoised]);
  });

  it('refuses a count larger than the number of images', async () => {
    const clean = constantImages(2, 0.5);
    await assert.rejects(worstDenoisedGallery(clean, clean, clean, 3), ConfigError);
    clean.dispose();
  });
});
