// Metrics against trusted references: hand-computed values and scikit-image 0.26's own numbers (fixture).
import { strict as assert } from 'node:assert';
import { ConfigError, ShapeError } from '../lib/errors';
import { accuracy, confusionMatrix, mse, perClassAccuracy, psnr, PSNR_CAP_DB, ssim } from '../lib/metrics';
import { tf } from '../lib/tf';
import type { Tensor4D } from '../lib/tf';
import { imageQualityCases, imageTensor } from './helpers/metrics-fixtures';
import { assertClose, assertNoTensorLeak, constantImages } from './helpers/noise-tensors';

/** skimage computes in float64, we in float32; measured differences are ~1e-7 (SSIM) and ~1e-6 dB (PSNR). */
const SKIMAGE_TOLERANCE = 1e-5;

const isConfigError = (pattern: RegExp) => (error: Error) => error instanceof ConfigError && pattern.test(error.message);
const isShapeError = (pattern: RegExp) => (error: Error) => error instanceof ShapeError && pattern.test(error.message);

describe('metrics: classification', () => {
  const actual = [0, 0, 1, 2, 2, 2];
  const predicted = [0, 1, 1, 2, 0, 2];

  it('counts a hand-made confusion matrix with rows = true class, columns = prediction', () => {
    assert.deepEqual(confusionMatrix(predicted, actual, 3), [
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
  });

  it('gives accuracy and per-class accuracy (NaN for a class without examples)', () => {
    assert.equal(accuracy(predicted, actual), 4 / 6);
    assert.deepEqual(perClassAccuracy(predicted, actual, 4), [0.5, 1, 2 / 3, Number.NaN]);
    assert.equal(perClassAccuracy(predicted, actual).length, 10);
  });

  it('accepts number[], Int32Array, Uint8Array, label tensors and score tensors alike', () => {
    assertNoTensorLeak(() => {
      const labels = tf.tensor1d(predicted, 'int32');
      const scores = tf.tidy(() => tf.oneHot(tf.tensor1d(predicted, 'int32'), 10).mul(0.9).add(0.01));
      for (const form of [predicted, Int32Array.from(predicted), Uint8Array.from(predicted), labels, scores]) {
        assert.equal(accuracy(form, Uint8Array.from(actual)), 4 / 6);
      }
      tf.dispose([labels, scores]);
    });
  });

  it('rejects mismatched lengths, out-of-range or fractional labels, and empty input', () => {
    assert.throws(() => accuracy([0, 1], [0, 1, 2]), isShapeError(/predicted.length is 2: expected the number of actual labels \(3\)/));
    assert.throws(() => accuracy([0, 10], [0, 1]), isConfigError(/predicted\[1\] = 10 .*\[0, 9\]/));
    assert.throws(() => accuracy([0, 1.5], [0, 1]), isConfigError(/predicted\[1\] = 1.5/));
    assert.throws(() => accuracy([], []), isConfigError(/at least one label/));
  });
});

describe('metrics: MSE and PSNR', () => {
  it('matches hand-computed values: constants 0.2 vs 0.5 have MSE 0.09, PSNR 10·log10(1/0.09)', () => {
    const [a, b] = [constantImages(2, 0.2), constantImages(2, 0.5)];
    assertClose(mse(a, b).mean, 0.09, 1e-7, 'MSE');
    assertClose(psnr(a, b).perImage[1] as number, 10 * Math.log10(1 / 0.09), 1e-5, 'PSNR');
    tf.dispose([a, b]);
  });

  it('one pixel off by 0.5 in a 4×4 image: MSE 0.25/16, PSNR 18.0618 dB; scales with dataRange', () => {
    const a = tf.zeros([1, 4, 4, 1]) as Tensor4D;
    const b = tf.buffer([1, 4, 4, 1]);
    b.set(0.5, 0, 1, 2, 0);
    const bt = b.toTensor() as Tensor4D;
    assertClose(psnr(a, bt).mean, 10 * Math.log10(16 / 0.25), 1e-5, 'PSNR');
    const scaled = [a.mul(255), bt.mul(255)] as Tensor4D[];
    assertClose(psnr(scaled[0] as Tensor4D, scaled[1] as Tensor4D, { dataRange: 255 }).mean, 18.0618, 1e-4, 'PSNR at 255');
    tf.dispose([a, bt, ...scaled]);
  });

  it('identical images: PSNR Infinity per image, counted as PSNR_CAP_DB in the mean', () => {
    const a = tf.concat([constantImages(1, 0.2), constantImages(1, 0.5)]) as Tensor4D;
    const b = constantImages(2, 0.5);
    const scores = psnr(a, b);
    assert.equal(scores.perImage[1], Infinity);
    assert.equal(scores.identical, 1);
    assertClose(scores.mean, (10 * Math.log10(1 / 0.09) + PSNR_CAP_DB) / 2, 1e-5, 'mean PSNR');
    tf.dispose([a, b]);
  });

  it('rejects pairs of different shapes and a non-positive data range', () => {
    const [a, b] = [constantImages(2, 0.2), constantImages(3, 0.2)];
    assert.throws(() => mse(a, b), isShapeError(/test.shape is \[3, 28, 28, 1\]: expected the shape of reference \[2, 28, 28, 1\]/));
    assert.throws(() => psnr(a, a, { dataRange: 0 }), isConfigError(/dataRange = 0/));
    tf.dispose([a, b]);
  });
});

describe('metrics: SSIM', () => {
  it('is 1 for identical images', () => {
    const a = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 1) as Tensor4D;
    for (const value of ssim(a, a).perImage) assertClose(value, 1, 1e-6, 'SSIM');
    a.dispose();
  });

  it('is (2ab + C1) / (a² + b² + C1) for constant images a and b (no structure, only luminance)', () => {
    const [a, b] = [constantImages(1, 0.2), constantImages(1, 0.6)];
    const c1 = (0.01 * 1) ** 2;
    assertClose(ssim(a, b).mean, (2 * 0.2 * 0.6 + c1) / (0.2 ** 2 + 0.6 ** 2 + c1), 1e-6, 'SSIM');
    tf.dispose([a, b]);
  });

  it('is symmetric and refuses images smaller than its 11×11 window', () => {
    const a = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 2) as Tensor4D;
    const b = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 3) as Tensor4D;
    assert.deepEqual(ssim(a, b).perImage, ssim(b, a).perImage);
    const small = constantImages(1, 0.5, 10);
    assert.throws(() => ssim(small, small), isShapeError(/at least 11×11/));
    tf.dispose([a, b, small]);
  });
});

describe('metrics: against scikit-image 0.26 (test/fixtures/image-quality.json)', () => {
  for (const c of imageQualityCases()) {
    it(`${c.name}: MSE, PSNR and SSIM within ${SKIMAGE_TOLERANCE}`, () => {
      assertNoTensorLeak(() => {
        const [reference, test] = [imageTensor(c.reference, c.shape), imageTensor(c.test, c.shape)];
        assertClose(mse(reference, test).mean, c.mse, 1e-7, 'MSE');
        const db = psnr(reference, test).perImage[0] as number;
        if (c.psnr === null) assert.equal(db, Infinity);
        else assertClose(db, c.psnr, SKIMAGE_TOLERANCE, 'PSNR');
        assertClose(ssim(reference, test).mean, c.ssim, SKIMAGE_TOLERANCE, 'SSIM');
        tf.dispose([reference, test]);
      });
    });
  }

  it('gives the same per-image numbers in batches of 3 as in one batch, with the mean of them', () => {
    const cases = imageQualityCases().filter((c) => c.shape.join() === '28,28,1');
    assertNoTensorLeak(() => {
      const stack = (pick: (c: (typeof cases)[number]) => number[]): Tensor4D =>
        tf.tidy(() => tf.concat(cases.map((c) => imageTensor(pick(c), c.shape))));
      const [reference, test] = [stack((c) => c.reference), stack((c) => c.test)];
      const batched = ssim(reference, test, { batchSize: 3 });
      cases.forEach((c, i) => assertClose(batched.perImage[i] as number, c.ssim, SKIMAGE_TOLERANCE, c.name));
      assertClose(batched.mean, cases.reduce((sum, c) => sum + c.ssim, 0) / cases.length, SKIMAGE_TOLERANCE, 'mean');
      tf.dispose([reference, test]);
    });
  });
});
